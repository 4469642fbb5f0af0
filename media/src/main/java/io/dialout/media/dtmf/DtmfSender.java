package io.dialout.media.dtmf;

import java.util.ArrayDeque;

/**
 * Turns queued digits into the RFC 4733 packet sequence (section 2.5.1), one packet per tick at most, so the media
 * engine drives it from its audio frame loop: {@link #poll} returns what to send in place of this frame's audio.
 * <ul>
 * <li>start: marker bit set, the event's RTP timestamp, duration of one frame (section 2.5.1.2);</li>
 * <li>updates: same timestamp, growing duration, so that no more than {@code updateIntervalMs} passes between
 * packets (50 ms by default);</li>
 * <li>end: E bit with the final duration, sent three times on consecutive ticks (section 2.5.1.4);</li>
 * <li>then a pause of {@code gapMs} before the next digit, which gets a new timestamp.</li>
 * </ul>
 * Owned by one thread (the call's I/O thread); not thread-safe.
 */
public final class DtmfSender {
    /** A packet to send: the engine adds its sequence number, SSRC and the telephone-event payload type. */
    public record Packet(boolean marker, long timestamp, DtmfEvent event) {
        public int writePayload(byte[] buf, int off) {
            return event.encode(buf, off);
        }
    }

    public static final int DEFAULT_VOLUME = 10;
    public static final int MAX_QUEUED = 256;
    private static final int END_PACKETS = 3;

    private final int clockRate;
    private final int frameMs;
    private final int updateIntervalMs;
    private final int gapMs;
    private final int volume;
    private final ArrayDeque<int[]> queue = new ArrayDeque<>(); // {event, durationMs}

    private int event = -1;
    private int durationUnits;
    private long timestamp;
    private long startedAt;
    private long lastSentAt;
    private int endsSent;
    private long idleUntil = Long.MIN_VALUE;

    /**
     * @param clockRate        the telephone-event clock: 8000, or 48000 toward an Opus room
     * @param frameMs          the caller's tick (audio frame) length, e.g. 20
     * @param updateIntervalMs longest time between packets of one event, e.g. 50
     * @param gapMs            pause between digits, e.g. 50
     */
    public DtmfSender(int clockRate, int frameMs, int updateIntervalMs, int gapMs) {
        if (clockRate < 1000 || frameMs < 1 || updateIntervalMs < frameMs || gapMs < 0) {
            throw new IllegalArgumentException("bad DTMF sender timing");
        }
        this.clockRate = clockRate;
        this.frameMs = frameMs;
        this.updateIntervalMs = updateIntervalMs;
        this.gapMs = gapMs;
        this.volume = DEFAULT_VOLUME;
    }

    /** A sender with 20 ms frames, updates at least every 50 ms and 50 ms between digits. */
    public DtmfSender(int clockRate) {
        this(clockRate, 20, 50, 50);
    }

    /**
     * Queues digits, each {@code durationMs} long. The duration is limited to what the 16-bit duration field holds
     * at this clock (1365 ms at 48 kHz), so no event needs segmenting (section 2.5.1.3).
     *
     * @throws IllegalArgumentException for a character that is not 0-9, *, #, A-D, or when too many are queued
     */
    public void enqueue(String digits, int durationMs) {
        int maxMs = (int) (0xFFFFL * 1000 / clockRate);
        int ms = Math.max(frameMs, Math.min(durationMs, maxMs));
        for (int i = 0; i < digits.length(); i++) {
            if (DtmfEvent.eventOf(digits.charAt(i)) < 0) {
                throw new IllegalArgumentException("not a DTMF digit: '" + digits.charAt(i) + "'");
            }
        }
        if (queue.size() + digits.length() > MAX_QUEUED) {
            throw new IllegalArgumentException("more than " + MAX_QUEUED + " DTMF digits queued");
        }
        for (int i = 0; i < digits.length(); i++) {
            queue.add(new int[] {DtmfEvent.eventOf(digits.charAt(i)), ms});
        }
    }

    /** True while an event is being sent (the engine sends no audio packets then). */
    public boolean isActive() {
        return event >= 0;
    }

    /** True when nothing is being sent and nothing is queued. */
    public boolean isIdle() {
        return event < 0 && queue.isEmpty();
    }

    /**
     * Called once per frame.
     *
     * @param nowMillis    a monotonic clock in milliseconds
     * @param rtpTimestamp the RTP timestamp this frame's audio would carry; used as the event timestamp of a
     *                     digit that starts now
     * @return the packet to send in this frame, or null
     */
    public Packet poll(long nowMillis, long rtpTimestamp) {
        if (event < 0) {
            if (queue.isEmpty() || nowMillis < idleUntil) {
                return null;
            }
            int[] next = queue.poll();
            event = next[0];
            durationUnits = units(next[1]);
            timestamp = rtpTimestamp & 0xFFFFFFFFL;
            startedAt = nowMillis;
            lastSentAt = nowMillis;
            endsSent = 0;
            return new Packet(
                    true, timestamp, new DtmfEvent(event, false, volume, Math.min(units(frameMs), durationUnits)));
        }
        long elapsedMs = nowMillis - startedAt;
        if (endsSent > 0 || elapsedMs + frameMs >= unitsToMs(durationUnits)) {
            return endPacket(nowMillis);
        }
        // Send an update when waiting for the next frame would leave more than the update interval without one.
        if (nowMillis + frameMs - lastSentAt > updateIntervalMs) {
            lastSentAt = nowMillis;
            return new Packet(
                    false,
                    timestamp,
                    new DtmfEvent(event, false, volume, Math.min(units(elapsedMs + frameMs), durationUnits)));
        }
        return null;
    }

    private Packet endPacket(long nowMillis) {
        Packet p = new Packet(false, timestamp, new DtmfEvent(event, true, volume, durationUnits));
        lastSentAt = nowMillis;
        if (++endsSent == END_PACKETS) {
            event = -1;
            idleUntil = nowMillis + frameMs + gapMs;
        }
        return p;
    }

    private int units(long ms) {
        return (int) Math.min(0xFFFF, ms * clockRate / 1000);
    }

    private long unitsToMs(int units) {
        return (long) units * 1000 / clockRate;
    }
}
