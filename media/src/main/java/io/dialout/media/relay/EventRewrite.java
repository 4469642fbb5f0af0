package io.dialout.media.relay;

import io.dialout.media.rtp.Bytes;
import io.dialout.media.rtp.RtpPacket;

/**
 * Puts a forwarded RFC 4733 event on our audio stream of the output leg. With pass-through audio and equal clocks
 * the packet keeps its place in the forwarded stream (header rewritten like the audio's); otherwise it is
 * re-stamped on our stream: a new event starts at our stream's current time, and the duration is rescaled to the
 * output clock (e.g. 48000 to 8000 Hz; RFC 4733 section 2.5.1.5: all packets of an event share its timestamp).
 */
public final class EventRewrite extends Transformer {

    private static final int EVENT_LENGTH = 4;

    private final DirectionState state;
    private long lastSourceTs = -1;
    private long mappedTs;

    public EventRewrite(DirectionState state) {
        super("event-rewrite");
        this.state = state;
    }

    @Override
    protected boolean transform(RtpPacket p, long now) {
        DirectionConfig c = state.config();
        int inClock = c.in().event().clockRate();
        int outClock = c.out().event().clockRate();
        OutboundStream audio = state.audioOut();
        if (c.passThrough()
                && inClock == outClock
                && outClock == c.out().audio().clockRate()) {
            audio.forward(p, c.out().event().pt(), now);
            return true;
        }
        boolean marker = p.marker();
        if (p.timestamp() != lastSourceTs) { // a new event: it starts now on our clock
            lastSourceTs = p.timestamp();
            mappedTs = audio.continuedTimestamp(now);
        }
        byte[] b = p.buffer();
        int payload = p.payloadOffset();
        long duration = Bytes.u16(b, payload + 2) * (long) outClock / Math.max(1, inClock);
        Bytes.put16(b, payload + 2, (int) Math.min(0xffff, duration));
        int start = payload - RtpPacket.FIXED_HEADER_LENGTH; // a plain header just before the payload, in place
        audio.writeAt(b, start, c.out().event().pt(), marker, mappedTs, now);
        return p.wrap(b, start, RtpPacket.FIXED_HEADER_LENGTH + EVENT_LENGTH);
    }
}
