package io.dialout.media.relay;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How long forwarded packets stayed in the gateway: from the moment the packet was read from its socket to the
 * moment it was written to the other leg's socket (decryption, rewrite, encryption, the hand-over between the room
 * reader and the call's I/O thread). Pass-through audio and video only: a transcoded frame leaves on the 20 ms tick
 * by design, so its wait says nothing about the gateway's health.
 * <p>
 * One instance per I/O thread and one writer (that thread); readers on other threads see counts at most a few
 * packets old. Buckets are cumulative-free (each packet lands in exactly one) and their upper bounds are
 * {@link #BOUNDS_NANOS}; the last bucket is everything above the last bound.
 */
public final class RelayDelays {
    /** Upper bounds of the buckets: 50 µs, 100 µs, 250 µs, 500 µs, 1, 2, 5, 10, 20 and 50 ms. */
    public static final long[] BOUNDS_NANOS = {
        50_000, 100_000, 250_000, 500_000, 1_000_000, 2_000_000, 5_000_000, 10_000_000, 20_000_000, 50_000_000
    };

    private final AtomicLongArray buckets = new AtomicLongArray(BOUNDS_NANOS.length + 1);
    private final AtomicLongArray totals = new AtomicLongArray(2); // count, sum of nanos

    /** Records one packet's residence; called by the owning I/O thread only. */
    public void record(long nanos) {
        int i = 0;
        while (i < BOUNDS_NANOS.length && nanos > BOUNDS_NANOS[i]) {
            i++;
        }
        buckets.setRelease(i, buckets.getPlain(i) + 1);
        totals.setRelease(0, totals.getPlain(0) + 1);
        totals.setRelease(1, totals.getPlain(1) + Math.max(0, nanos));
    }

    /** Adds this recorder's counts into {@code into} (from any thread). */
    public void addTo(Snapshot into) {
        for (int i = 0; i < into.buckets.length; i++) {
            into.buckets[i] += buckets.getAcquire(i);
        }
        into.count += totals.getAcquire(0);
        into.sumNanos += totals.getAcquire(1);
    }

    /** Counts summed over I/O threads: {@code buckets[i]} packets with a residence in (bound[i-1], bound[i]]. */
    public static final class Snapshot {
        public final long[] buckets = new long[BOUNDS_NANOS.length + 1];
        public long count;
        public long sumNanos;

        /** Packets that stayed longer than {@code nanos}, which must be one of {@link #BOUNDS_NANOS}. */
        public long over(long nanos) {
            int k = java.util.Arrays.binarySearch(BOUNDS_NANOS, nanos);
            if (k < 0) {
                throw new IllegalArgumentException("not a bucket bound: " + nanos);
            }
            long n = 0;
            for (int i = k + 1; i < buckets.length; i++) {
                n += buckets[i];
            }
            return n;
        }
    }
}
