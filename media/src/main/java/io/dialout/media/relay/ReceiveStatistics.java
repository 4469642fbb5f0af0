package io.dialout.media.relay;

import io.dialout.media.rtp.RtpPacket;

/** Receive statistics of the input leg's audio and video (RFC 3550 appendix A.1, A.3, A.8). */
public final class ReceiveStatistics extends Observer {

    private final DirectionState state;

    public ReceiveStatistics(DirectionState state) {
        super("receive-stats");
        this.state = state;
    }

    @Override
    protected void observe(RtpPacket p, long now) {
        DirectionConfig.LegFormats in = state.config().in();
        int pt = p.payloadType();
        long ssrc = p.ssrc();
        if (pt == in.audio().pt()) {
            state.inputAudioSsrc(ssrc);
            state.audioStats().update(ssrc, p.sequence(), p.timestamp(), now);
        } else if (pt == in.video().pt()) {
            state.inputVideoSsrc(ssrc);
            state.videoStats().update(ssrc, p.sequence(), p.timestamp(), now);
        }
    }
}
