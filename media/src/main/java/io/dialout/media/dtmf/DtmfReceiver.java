package io.dialout.media.dtmf;

/**
 * Reports each received RFC 4733 DTMF event exactly once, at the first packet of it that arrives (section 2.5.2):
 * events are keyed by their RTP timestamp, so a lost start packet, updates and the redundant end packets
 * (section 2.5.1.4) do not report twice, and a new digit (or the same digit again) has a new timestamp. A later
 * segment of a long event (section 2.5.1.3: a new timestamp that continues the previous one without the marker) is
 * not a new digit. Owned by one thread; not thread-safe.
 */
public final class DtmfReceiver {
    /** Returned by {@link #receive} when there is nothing new to report. */
    public static final char NONE = 0;
    /** Timestamps remembered, so reordered packets of recent events are not reported again. */
    private static final int HISTORY = 8;

    private final long[] recent = new long[HISTORY];
    private int recentCount;
    private int next;
    private int lastEvent = -1;
    private long lastTimestamp;
    private int lastDuration;
    private boolean lastEnded = true;

    /**
     * @param marker    the RTP marker bit
     * @param timestamp the RTP timestamp (the event's start)
     * @return the digit when this packet starts a new DTMF event, else {@link #NONE}
     */
    public char receive(boolean marker, long timestamp, byte[] payload, int off, int len) {
        DtmfEvent e = DtmfEvent.decode(payload, off, len);
        if (e == null || !e.isDtmf()) {
            return NONE;
        }
        long ts = timestamp & 0xFFFFFFFFL;
        if (seen(ts)) {
            if (ts == lastTimestamp) {
                lastDuration = Math.max(lastDuration, e.duration());
                lastEnded |= e.end();
            }
            return NONE;
        }
        boolean continuation =
                !marker && e.event() == lastEvent && !lastEnded && ts == ((lastTimestamp + lastDuration) & 0xFFFFFFFFL);
        remember(ts);
        lastEvent = e.event();
        lastTimestamp = ts;
        lastDuration = e.duration();
        lastEnded = e.end();
        return continuation ? NONE : e.digit();
    }

    private boolean seen(long ts) {
        for (int i = 0; i < recentCount; i++) {
            if (recent[i] == ts) {
                return true;
            }
        }
        return false;
    }

    private void remember(long ts) {
        recent[next] = ts;
        next = (next + 1) % HISTORY;
        recentCount = Math.min(recentCount + 1, HISTORY);
    }
}
