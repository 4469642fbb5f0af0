package io.dialout.media.relay;

import io.dialout.media.dtmf.DtmfSender;
import io.dialout.media.rtp.RtpPacket;

/**
 * On each tick, the next packet of the RFC 4733 events we originate (digits from the room's {@code dtmf} message,
 * or a digit queued behind one of ours), on our audio stream of the output leg. The event's timestamp is the one
 * this frame's audio would have had (RFC 4733 section 2.3.1).
 */
public final class EventOutput extends Source {

    private final DirectionState state;

    public EventOutput(DirectionState state) {
        super("dtmf-out");
        this.state = state;
    }

    @Override
    protected boolean produce(RtpPacket p, byte[] work, long now) {
        DtmfSender sender = state.dtmf();
        if (sender == null || sender.isIdle()) {
            return false;
        }
        OutboundStream audio = state.audioOut();
        DtmfSender.Packet e = sender.poll(now / 1_000_000L, audio.continuedTimestamp(now));
        DirectionConfig.Payload event = state.config().out().event();
        if (e == null || !event.negotiated()) {
            return false;
        }
        int n = e.writePayload(work, RtpPacket.FIXED_HEADER_LENGTH);
        audio.writeAt(work, 0, event.pt(), e.marker(), e.timestamp(), now);
        return p.wrap(work, 0, RtpPacket.FIXED_HEADER_LENGTH + n);
    }
}
