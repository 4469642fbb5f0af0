package io.dialout.gateway.auth;

/**
 * Calls in progress and dial rate for one holder (a WebSocket connection, or a token over all its connections): at
 * most {@code maxCalls} at once, and a token bucket of {@code burst} dials refilled at {@code ratePerSecond}.
 * Thread-safe; a few operations per dial, so a monitor is enough.
 */
public final class DialQuota {

    private final int maxCalls;
    private final double ratePerSecond;
    private final int burst;
    private int active;
    private double tokens;
    private long refilledNanos;

    public DialQuota(int maxCalls, double ratePerSecond, int burst, long nowNanos) {
        if (maxCalls < 1 || ratePerSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("quota: maxCalls, rate and burst must be positive");
        }
        this.maxCalls = maxCalls;
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.tokens = burst;
        this.refilledNanos = nowNanos;
    }

    /** Null when a new call may start (and it is counted), else why not. */
    public synchronized String tryAcquire(long nowNanos) {
        tokens = Math.min(burst, tokens + (nowNanos - refilledNanos) / 1e9 * ratePerSecond);
        refilledNanos = nowNanos;
        if (active >= maxCalls) {
            return "at most " + maxCalls + " calls at once";
        }
        if (tokens < 1) {
            return "more than " + burst + " dials at once or " + ratePerSecond + " per second";
        }
        tokens -= 1;
        active++;
        return null;
    }

    /** A call counted by {@link #tryAcquire} ended (or was never started). */
    public synchronized void release() {
        if (active > 0) {
            active--;
        }
    }

    public synchronized int active() {
        return active;
    }
}
