package io.dialout.demo.media;

import io.dialout.media.rtp.Bytes;
import java.util.ArrayDeque;

/**
 * Plays queued digits as RFC 4733 event packets, one per 20 ms tick of its sender: a start packet with the marker
 * bit, updates with a growing duration, the end packet sent three times (section 2.5.1.4), then a pause before the
 * next digit. Scheduler thread only.
 */
final class DigitPlayer {
    static final int DIGIT_MS = 100;
    private static final int END_COPIES = 3;
    private static final int GAP_TICKS = 3;
    /** RFC 4733 section 2.3.4: volume as -dBm0; 10 is a typical keypad level. */
    private static final int VOLUME = 10;

    private final ArrayDeque<Integer> queue = new ArrayDeque<>();
    private final int tsPerTick;
    private final int digitTicks;
    private int event = -1;
    private long startTs;
    private int ticks;
    private int endsSent;
    private int gapLeft;
    private boolean marker;

    DigitPlayer(int tsPerTick) {
        this.tsPerTick = tsPerTick;
        this.digitTicks = Math.max(1, DIGIT_MS / 20);
    }

    void enqueue(char digit) {
        int e = Dtmf.event(digit);
        if (e >= 0) {
            queue.add(e);
        }
    }

    /**
     * Whether this tick carries an event packet; when true its payload is written at {@code out[off]} (4 bytes) and
     * {@link #timestamp()} / {@link #marker()} describe its header.
     *
     * @param frameTs the RTP timestamp of this tick, used as the start of a new event
     */
    boolean next(long frameTs, byte[] out, int off) {
        if (event < 0) {
            if (gapLeft > 0) {
                gapLeft--;
                return false;
            }
            Integer e = queue.poll();
            if (e == null) {
                return false;
            }
            event = e;
            startTs = frameTs;
            ticks = 0;
            endsSent = 0;
        }
        marker = ticks == 0;
        ticks = Math.min(ticks + 1, digitTicks);
        boolean end = ticks == digitTicks;
        int duration = ticks * tsPerTick;
        out[off] = (byte) event;
        out[off + 1] = (byte) ((end ? 0x80 : 0) | VOLUME);
        Bytes.put16(out, off + 2, duration);
        if (end && ++endsSent == END_COPIES) {
            event = -1;
            gapLeft = GAP_TICKS;
        }
        return true;
    }

    long timestamp() {
        return startTs;
    }

    /** RFC 4733 section 2.5.1.2: the first packet of an event has the marker bit. */
    boolean marker() {
        return marker;
    }
}
