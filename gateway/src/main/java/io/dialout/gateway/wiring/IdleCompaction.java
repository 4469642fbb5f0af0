package io.dialout.gateway.wiring;

import io.dialout.gateway.call.CallRegistry;
import io.dialout.gateway.config.LimitsSettings;
import io.dialout.media.MediaEngine;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;
import org.jboss.logging.Logger;

/**
 * Hands memory back to the system when the gateway has no call, and only then: one full collection at the end of
 * start-up, before the gateway takes calls, and one more (plus a trim of the C heap) once no call has existed for
 * {@code gateway.limits.idle-memory-release} (5 s by default; again after every busy period).
 *
 * <p>Start-up (class loading, the SRTP cipher benchmark, the DTLS certificate, JAIN-SIP's stack) leaves garbage that
 * made G1 grow the heap to 100-270 MiB, and G1 keeps what it grew resident; the young collections of the first calls
 * grow it again. A full collection compacts what is live (about 15-20 MiB) and hands the rest back to the system (as
 * far as MaxHeapFreeRatio allows: the container image sets 30%); glibc keeps the memory the JIT's and G1's arenas
 * freed resident until it is trimmed ({@code System.trim_native_heap}, the diagnostic command). JVM options could do
 * both on a timer ({@code G1PeriodicGCInterval}, {@code TrimNativeHeapInterval}), but a timer also fires while a few
 * calls are up and allocate little: measured, a periodic G1 cycle paused the JVM for 4-70 ms (young pause, then a
 * 11-53 ms remark that unloads classes) every 5 s, and a trim holds each malloc arena's lock for up to 360 ms, delays
 * a call's media would hear. Here the pause falls where no call exists (docs/benchmarks.md, "Memory"). A dial arriving
 * during it waits the tens of milliseconds it takes. {@code -XX:+DisableExplicitGC} turns the collections off. Only in
 * a packaged gateway (launch mode NORMAL): in dev and test mode the JVM is the build's, whose heap is not the gateway's
 * to tidy.
 */
@Singleton
public class IdleCompaction {

    private static final Logger LOG = Logger.getLogger(IdleCompaction.class);

    private ScheduledExecutorService timer;
    private CallRegistry registry;
    private long idleAfterNanos;
    private long lastBusyNanos;
    private boolean released;
    private boolean trimUnavailable;

    /** Last among the start-up observers; the media engine is created first so its start-up garbage is included. */
    void onStart(
            @Observes @Priority(Integer.MAX_VALUE) StartupEvent event,
            MediaEngine media,
            CallRegistry calls,
            LimitsSettings limits) {
        if (LaunchMode.current() != LaunchMode.NORMAL) {
            return;
        }
        String compacted = collect(false);
        LOG.debugf("start-up compaction: %s (media engine on port %d)", compacted, media.roomPort());
        Duration after = limits.idleMemoryRelease();
        if (after.isZero()) {
            return;
        }
        registry = calls;
        idleAfterNanos = after.toNanos();
        lastBusyNanos = System.nanoTime(); // the first young collections after start-up grow the heap again
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "idle-compaction");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
        timer.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** Runs on the timer's thread only. */
    private void check() {
        long now = System.nanoTime();
        if (registry.size() > 0) {
            lastBusyNanos = now;
            released = false;
            return;
        }
        if (released || now - lastBusyNanos < idleAfterNanos) {
            return;
        }
        released = true;
        try {
            String done = collect(true);
            LOG.debugf("idle for %d s: %s", idleAfterNanos / 1_000_000_000L, done);
        } catch (RuntimeException e) {
            LOG.debug("idle compaction failed", e);
        }
    }

    /** One full collection, then (with {@code trim}) the C heap's trim; what they did, for the log. */
    private String collect(boolean trim) {
        long before = heapCommitted();
        long t0 = System.nanoTime();
        System.gc();
        String trimmed = trim ? ", " + trimNativeHeap() : "";
        return String.format(
                "heap committed %d -> %d MiB%s, in %d ms",
                before >> 20, heapCommitted() >> 20, trimmed, (System.nanoTime() - t0) / 1_000_000);
    }

    /** glibc's malloc_trim through the JVM's diagnostic command (JDK 17 updates have it); its report, or why not. */
    private String trimNativeHeap() {
        if (trimUnavailable) {
            return "no native trim";
        }
        try {
            Object report = ManagementFactory.getPlatformMBeanServer()
                    .invoke(
                            new ObjectName("com.sun.management:type=DiagnosticCommand"),
                            "systemTrimNativeHeap",
                            new Object[] {new String[0]},
                            new String[] {String[].class.getName()});
            return String.valueOf(report).trim();
        } catch (Exception | LinkageError e) {
            trimUnavailable = true; // a JVM without the command, or without glibc: the collection alone
            return "no native trim (" + e + ")";
        }
    }

    private static long heapCommitted() {
        return Runtime.getRuntime().totalMemory();
    }
}
