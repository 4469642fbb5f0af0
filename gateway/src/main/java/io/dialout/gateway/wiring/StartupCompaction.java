package io.dialout.gateway.wiring;

import io.dialout.media.MediaEngine;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * One full collection at the end of start-up, before the gateway takes calls: start-up (class loading, the SRTP
 * cipher benchmark, the DTLS certificate, JAIN-SIP's stack) leaves garbage that made G1 grow the heap to 100-270 MiB,
 * and G1 keeps what it grew resident. A full collection compacts what is live (about 15 MiB) and hands the rest back
 * to the system (as far as MaxHeapFreeRatio allows: the container image sets 30%), so an idle gateway's resident
 * memory is what it needs (docs/benchmarks.md, "Memory"). It costs one pause of tens of milliseconds while no call
 * exists yet. {@code -XX:+DisableExplicitGC} turns it off. Only in a packaged gateway (launch mode NORMAL): in dev and
 * test mode the JVM is the build's, whose heap is not the gateway's to tidy.
 */
@Singleton
public class StartupCompaction {

    private static final Logger LOG = Logger.getLogger(StartupCompaction.class);

    /** Last among the start-up observers; the media engine is created first so its start-up garbage is included. */
    void onStart(@Observes @Priority(Integer.MAX_VALUE) StartupEvent event, MediaEngine media) {
        if (LaunchMode.current() != LaunchMode.NORMAL) {
            return;
        }
        long before = heapCommitted();
        long t0 = System.nanoTime();
        System.gc();
        LOG.debugf(
                "start-up compaction: heap committed %d -> %d MiB in %d ms (media engine on port %d)",
                before >> 20, heapCommitted() >> 20, (System.nanoTime() - t0) / 1_000_000, media.roomPort());
    }

    private static long heapCommitted() {
        return Runtime.getRuntime().totalMemory();
    }
}
