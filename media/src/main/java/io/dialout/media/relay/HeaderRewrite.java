package io.dialout.media.relay;

import io.dialout.media.rtp.RtpPacket;

/**
 * Pass-through header rewrite, in place: our SSRC and the output leg's payload type, the sequence and timestamp of
 * our continuous stream (see {@link OutboundStream#forward}). Drops the packet when the output leg did not
 * negotiate this medium.
 */
public final class HeaderRewrite extends Transformer {

    private final DirectionState state;
    private final DirectionState.Media media;

    public HeaderRewrite(DirectionState state, DirectionState.Media media) {
        super(media == DirectionState.Media.AUDIO ? "audio-rewrite" : "video-rewrite");
        this.state = state;
        this.media = media;
    }

    @Override
    protected boolean transform(RtpPacket p, long now) {
        DirectionConfig.LegFormats out = state.config().out();
        int pt = media == DirectionState.Media.AUDIO
                ? out.audio().pt()
                : out.video().pt();
        if (pt < 0) {
            return false;
        }
        state.out(media).forward(p, pt, now);
        return true;
    }
}
