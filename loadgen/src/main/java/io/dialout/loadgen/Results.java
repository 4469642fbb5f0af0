package io.dialout.loadgen;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** What a run measured, filled from every thread; read once at the end. */
final class Results {
    final Histogram dialToAnswer = new Histogram();
    final Histogram dialToTrying = new Histogram();
    final Histogram dialToConnected = new Histogram();
    final Histogram dialToAnswered = new Histogram();
    /** Round trips of packets received during the hold (all calls up: the steady state the targets are about). */
    final Histogram roundTrip = new Histogram();
    /** Round trips of packets received before the hold, while calls were still being set up around them. */
    final Histogram rampRoundTrip = new Histogram();

    volatile boolean holding;
    /** During the hold: this generator's CPU (% of one core) and the whole machine's (% of all its cores). */
    volatile double generatorCpuPercent = -1;

    volatile double machineBusyPercent = -1;
    /** During the hold: each core's busy share (index = core number; -1 unknown), whoever kept it busy. */
    volatile double[] coreBusyPercent = new double[0];
    /** During the hold: the generator's own plain-RTP echo thread (% of one core) and what it echoed; -1 without. */
    volatile double echoCpuPercent = -1;

    volatile long echoPackets = -1;
    /**
     * The gateway's own set-up stages of the calls up at the end of the ramp (GET /v1/calls {@code setup}, µs from the
     * dial), in the order of the set-up; empty when not read.
     */
    final Map<String, Histogram> setupStages = new java.util.LinkedHashMap<>();
    /** The gateway's CPU during the ramp by thread group (name without digits), in ticks; empty when not read. */
    volatile Map<String, Long> rampThreadTicks = Map.of();
    /** Calls dialled during the ramp (for CPU per set-up). */
    volatile long rampCalls;
    /** The gateway's heap after a full collection with every call of the hold still up (-1: not measured). */
    volatile long liveHeapBytes = -1;

    final AtomicLong dialed = new AtomicLong();
    final AtomicLong answered = new AtomicLong();
    final AtomicLong dtlsFailures = new AtomicLong();
    final AtomicLong ioErrors = new AtomicLong();
    final AtomicLong late = new AtomicLong();
    final AtomicLong srtpErrors = new AtomicLong();
    final Map<Integer, AtomicLong> payloadTypesBack = new ConcurrentHashMap<>();

    final Map<String, AtomicLong> stages = new ConcurrentHashMap<>();

    void stage(String s) {
        stages.computeIfAbsent(s, k -> new AtomicLong()).incrementAndGet();
    }

    void received(int pt) {
        payloadTypesBack.computeIfAbsent(pt, k -> new AtomicLong()).incrementAndGet();
    }

    String payloadTypes() {
        Map<Integer, Long> m = new TreeMap<>();
        payloadTypesBack.forEach((k, v) -> m.put(k, v.get()));
        return m.toString();
    }

    final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();

    /** Round trips above this count as late (a jitter buffer would have dropped them). */
    static final long LATE_NANOS = 100_000_000L;

    /** -Dloadgen.slow=PATH: every round trip over 5 ms, as "receive-time-ms rtt-ms", for finding where a tail is. */
    private static final java.io.PrintStream SLOW = slowLog();

    private static java.io.PrintStream slowLog() {
        String p = System.getProperty("loadgen.slow");
        try {
            return p == null ? null : new java.io.PrintStream(new java.io.FileOutputStream(p), true);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    void roundTrip(long nanos) {
        if (!holding) {
            rampRoundTrip.recordNanos(nanos);
            return;
        }
        roundTrip.recordNanos(nanos);
        if (SLOW != null && nanos > 5_000_000L) {
            SLOW.printf(java.util.Locale.ROOT, "%.3f %.3f %s%n", System.nanoTime() / 1e6, nanos / 1e6, holding);
        }
        if (nanos > LATE_NANOS) {
            late.incrementAndGet();
        }
    }

    void dtlsConnected(SyntheticRoom room) {
        dialToConnected.recordNanos(System.nanoTime() - room.dialNanos);
    }

    void failed(String cause) {
        failures.computeIfAbsent(cause, k -> new AtomicLong()).incrementAndGet();
    }

    void error(String code) {
        errors.computeIfAbsent(code, k -> new AtomicLong()).incrementAndGet();
    }

    Map<String, Long> failureCounts() {
        Map<String, Long> m = new TreeMap<>();
        failures.forEach((k, v) -> m.put(k, v.get()));
        errors.forEach((k, v) -> m.put("error:" + k, v.get()));
        return m;
    }
}
