package io.dialout.loadgen;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free log-linear histogram of microseconds: exact below 100 µs, then buckets 1% wide, up to about 1000 s.
 * Recording is one atomic increment, so every packet of every call can be recorded.
 */
final class Histogram {
    private static final int LINEAR = 100;
    private static final double GROWTH = Math.log(1.01);
    private static final int BUCKETS = LINEAR + (int) (Math.log(1e9 / LINEAR) / GROWTH) + 2;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong max = new AtomicLong();

    void recordNanos(long nanos) {
        recordMicros(Math.max(0, nanos / 1000));
    }

    void recordMicros(long us) {
        counts.incrementAndGet(index(us));
        total.incrementAndGet();
        max.accumulateAndGet(us, Math::max);
    }

    long count() {
        return total.get();
    }

    long maxMicros() {
        return max.get();
    }

    /** The value (µs) below which {@code p} (0..1) of the recordings lie; -1 when empty. */
    long percentileMicros(double p) {
        long n = total.get();
        if (n == 0) {
            return -1;
        }
        long rank = Math.max(1, (long) Math.ceil(p * n));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return Math.min(upper(i), max.get());
            }
        }
        return max.get();
    }

    private static int index(long us) {
        if (us < LINEAR) {
            return (int) us;
        }
        int i = LINEAR + (int) (Math.log((double) us / LINEAR) / GROWTH);
        return Math.min(i, BUCKETS - 1);
    }

    /** The largest value a bucket holds (so percentiles never flatter the result). */
    private static long upper(int i) {
        if (i < LINEAR) {
            return i;
        }
        return (long) Math.ceil(LINEAR * Math.exp((i - LINEAR + 1) * GROWTH));
    }
}
