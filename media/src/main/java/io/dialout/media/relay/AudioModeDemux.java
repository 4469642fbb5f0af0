package io.dialout.media.relay;

import io.dialout.media.rtp.RtpPacket;

/**
 * Audio goes one of two ways, fixed by the negotiation: forwarded with a rewritten header when both legs use the
 * same codec, into the transcoder when they do not, or into the mixer when the room sends several audio sources (a
 * meeting).
 */
public final class AudioModeDemux extends Demuxer {

    private final DirectionState state;

    public AudioModeDemux(DirectionState state, Path passThrough, Path transcode, Path mix) {
        super("audio-mode", passThrough, transcode, mix);
        this.state = state;
    }

    @Override
    protected int select(RtpPacket p) {
        Transcoder t = state.config().transcoder();
        return t == null ? 0 : t instanceof AudioMix ? 2 : 1;
    }
}
