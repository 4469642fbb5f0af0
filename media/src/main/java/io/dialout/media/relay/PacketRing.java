package io.dialout.media.relay;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A bounded lock-free queue of packets, copied into preallocated slots (no allocation per packet). Producers may
 * be several threads (the room port's reader threads); the consumer is the call's I/O thread. The slot protocol is
 * the classic sequence-numbered ring (each slot's sequence tells whether it is free for position p or holds the
 * packet of position p), so a full ring drops the newest packet instead of blocking the reader.
 * <p>
 * A slot's bytes are allocated the first time a packet goes into it: where the I/O loop that owns a call also reads
 * its room socket, the packets are relayed at once and the ring stays empty, so it costs a call almost no heap; a
 * call whose packets do cross threads grows to as many slots as its bursts need, and keeps them.
 */
public final class PacketRing {

    public static final int RTP = 0;
    public static final int RTCP = 1;

    private final byte[][] data; // a slot's array is null until first used
    private final int slotBytes;
    private final int[] lengths;
    private final int[] kinds;
    private final long[] arrivals;
    private final AtomicLongArray sequences;
    private final AtomicLong tail = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final int mask;
    private long head; // consumer only

    /** @param capacity a power of two; {@code slotBytes} the largest packet plus room for SRTP protection */
    public PacketRing(int capacity, int slotBytes) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two");
        }
        this.slotBytes = slotBytes;
        data = new byte[capacity][];
        lengths = new int[capacity];
        kinds = new int[capacity];
        arrivals = new long[capacity];
        sequences = new AtomicLongArray(capacity);
        for (int i = 0; i < capacity; i++) {
            sequences.set(i, i);
        }
        mask = capacity - 1;
    }

    /** Copies a packet in; false (and counted) when the ring is full or the packet does not fit a slot. */
    public boolean offer(int kind, byte[] buf, int off, int len, long arrivalNanos) {
        if (len > slotBytes) {
            dropped.incrementAndGet();
            return false;
        }
        long pos = tail.get();
        while (true) {
            int idx = (int) (pos & mask);
            long diff = sequences.get(idx) - pos;
            if (diff == 0) {
                if (tail.compareAndSet(pos, pos + 1)) {
                    byte[] slot = data[idx];
                    if (slot == null) { // published to the consumer and to later producers by the sequence
                        slot = new byte[slotBytes];
                        data[idx] = slot;
                    }
                    System.arraycopy(buf, off, slot, 0, len);
                    lengths[idx] = len;
                    kinds[idx] = kind;
                    arrivals[idx] = arrivalNanos;
                    sequences.lazySet(idx, pos + 1); // publishes the slot (release)
                    return true;
                }
                pos = tail.get();
            } else if (diff < 0) {
                dropped.incrementAndGet();
                return false;
            } else {
                pos = tail.get();
            }
        }
    }

    /** Consumer: hands every queued packet to {@code sink}, at most {@code max}; returns how many. */
    public int drain(Consumer sink, int max) {
        int n = 0;
        while (n < max) {
            int idx = (int) (head & mask);
            if (sequences.get(idx) != head + 1) {
                break;
            }
            sink.packet(kinds[idx], data[idx], lengths[idx], arrivals[idx]);
            sequences.lazySet(idx, head + mask + 1); // free for the producer one lap later
            head++;
            n++;
        }
        return n;
    }

    public boolean isEmpty() {
        return sequences.get((int) (head & mask)) != head + 1;
    }

    public long dropped() {
        return dropped.get();
    }

    /** Receives a queued packet; the buffer is the ring's slot and may be modified until the call returns. */
    @FunctionalInterface
    public interface Consumer {
        void packet(int kind, byte[] buf, int len, long arrivalNanos);
    }
}
