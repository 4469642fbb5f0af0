package io.dialout.media.srtp;

import java.util.Arrays;

/**
 * A tiny SSRC-keyed table: a call has a handful of SSRCs (audio, video, rtx), so a linear scan over an int array
 * beats hashing and never boxes the key.
 */
final class SsrcTable<T> {
    private int[] keys = new int[4];
    private Object[] values = new Object[4];
    private int size;
    private final int max;

    SsrcTable(int max) {
        this.max = max;
    }

    @SuppressWarnings("unchecked")
    T get(int ssrc) {
        for (int i = 0; i < size; i++) {
            if (keys[i] == ssrc) {
                return (T) values[i];
            }
        }
        return null;
    }

    /** Adds; when full, evicts the oldest entry so a peer cycling SSRCs cannot grow us without bound. */
    void put(int ssrc, T value) {
        if (size == max) {
            System.arraycopy(keys, 1, keys, 0, size - 1);
            System.arraycopy(values, 1, values, 0, size - 1);
            size--;
        }
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        keys[size] = ssrc;
        values[size] = value;
        size++;
    }

    int size() {
        return size;
    }
}
