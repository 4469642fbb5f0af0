package io.dialout.media.relay;

import io.dialout.media.rtp.RtpPacket;

/**
 * Splits the input leg's RTP by payload type into the audio, telephone-event and video paths (the PTs that leg
 * negotiated); anything else (CN, RED, RTX, FEC the other leg does not take) is dropped here and counted.
 */
public final class PayloadDemux extends Demuxer {
    static final int AUDIO = 0;
    static final int EVENT = 1;
    static final int VIDEO = 2;

    private final DirectionState state;

    /** The paths in this order: audio, event, video. */
    public PayloadDemux(DirectionState state, Path audio, Path event, Path video) {
        super("demux", audio, event, video);
        this.state = state;
    }

    @Override
    protected int select(RtpPacket p) {
        DirectionConfig.LegFormats in = state.config().in();
        int pt = p.payloadType();
        if (pt == in.audio().pt()) {
            return AUDIO;
        }
        if (pt == in.event().pt()) {
            return EVENT;
        }
        return pt == in.video().pt() ? VIDEO : -1;
    }
}
