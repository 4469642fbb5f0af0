package io.dialout.media.relay;

import io.dialout.media.rtp.RtpPacket;

/** Feeds each audio payload of a meeting's sources to the mixer, which keeps one jitter buffer per SSRC. */
public final class MixInput extends Observer {

    private final DirectionState state;

    public MixInput(DirectionState state) {
        super("mix-in");
        this.state = state;
    }

    @Override
    protected void observe(RtpPacket p, long now) {
        state.config()
                .transcoder()
                .receive(p.ssrc(), p.sequence(), p.timestamp(), p.buffer(), p.payloadOffset(), p.payloadLength(), now);
    }
}
