package io.dialout.media.relay;

import io.dialout.media.rtp.RtpPacket;

/**
 * Feeds each audio payload of a meeting's sources to the mixer, which keeps one jitter buffer per SSRC, with the
 * packet's RFC 6464 audio level as the {@link SpeakerSelector} before it read it: the mixer leaves packets that the
 * sender marked silent undecoded.
 */
public final class MixInput extends Observer {

    private final DirectionState state;
    private final SpeakerSelector levels;

    public MixInput(DirectionState state, SpeakerSelector levels) {
        super("mix-in");
        this.state = state;
        this.levels = levels;
    }

    @Override
    protected void observe(RtpPacket p, long now) {
        Transcoder t = state.config().transcoder();
        if (t instanceof AudioMix mix) {
            mix.receive(
                    p.ssrc(),
                    p.sequence(),
                    p.timestamp(),
                    p.buffer(),
                    p.payloadOffset(),
                    p.payloadLength(),
                    now,
                    levels.packetLevel());
        } else {
            t.receive(p.ssrc(), p.sequence(), p.timestamp(), p.buffer(), p.payloadOffset(), p.payloadLength(), now);
        }
    }
}
