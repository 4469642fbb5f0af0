package io.dialout.gateway.sip.ingress;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Requests per source address per fixed window, as Kamailio's pike module counts them: a source may send
 * {@code limit} requests in a window; past that it is silenced for the rest of that window and for the whole next
 * one, so a flood keeps its source silenced until it stops for a window. Memory is bounded: at most
 * {@code maxSources} addresses are tracked per window, and the sources past that share one counter (a spoofed flood
 * from many addresses then silences only the newcomers, never the sources already tracked).
 */
public final class SourceRateLimiter {

    /** The key of the shared counter for sources beyond {@code maxSources}. */
    private static final String OVERFLOW = "overflow";

    private final int limit;
    private final long windowNanos;
    private final int maxSources;
    private final LongSupplier clock;
    private Map<String, int[]> current = new HashMap<>();
    private Map<String, int[]> previous = new HashMap<>();
    private long windowStart;

    public SourceRateLimiter(int limit, java.time.Duration window, int maxSources, LongSupplier nanoClock) {
        this.limit = limit;
        this.windowNanos = window.toNanos();
        this.maxSources = maxSources;
        this.clock = nanoClock;
        this.windowStart = nanoClock.getAsLong();
    }

    public SourceRateLimiter(int limit, java.time.Duration window) {
        this(limit, window, 10_000, System::nanoTime);
    }

    /** Counts one request from {@code source}; true when it may be answered. */
    public synchronized boolean allow(InetAddress source) {
        roll();
        String key = source.getHostAddress();
        int[] n = current.get(key);
        if (n == null) {
            key = current.size() >= maxSources ? OVERFLOW : key;
            n = current.computeIfAbsent(key, k -> new int[1]);
        }
        n[0] = n[0] == Integer.MAX_VALUE ? n[0] : n[0] + 1;
        int[] before = previous.get(key);
        return n[0] <= limit && (before == null || before[0] <= limit);
    }

    private void roll() {
        long now = clock.getAsLong();
        long elapsed = now - windowStart;
        if (elapsed < windowNanos) {
            return;
        }
        // one window later, the current counts become the previous ones; two or more later, nothing is remembered
        previous = elapsed < 2 * windowNanos ? current : new HashMap<>();
        current = new HashMap<>();
        windowStart = now - (elapsed % windowNanos);
    }
}
