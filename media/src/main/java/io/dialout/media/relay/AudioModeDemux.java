package io.dialout.media.relay;

import io.dialout.media.rtp.RtpPacket;

/**
 * Audio goes one of two ways, fixed by the negotiation: forwarded with a rewritten header when both legs use the
 * same codec, or into the transcoder when they do not.
 */
public final class AudioModeDemux extends Demuxer {

    private final DirectionState state;

    public AudioModeDemux(DirectionState state, Path passThrough, Path transcode) {
        super("audio-mode", passThrough, transcode);
        this.state = state;
    }

    @Override
    protected int select(RtpPacket p) {
        return state.config().passThrough() ? 0 : 1;
    }
}
