package io.dialout.media.relay;

import io.dialout.media.rtp.RtpPacket;

/** Feeds each received audio payload to the transcoder's jitter buffer; its frames come out on the tick. */
public final class TranscodeInput extends Observer {

    private final DirectionState state;

    public TranscodeInput(DirectionState state) {
        super("transcode-in");
        this.state = state;
    }

    @Override
    protected void observe(RtpPacket p, long now) {
        state.config()
                .transcoder()
                .receive(p.ssrc(), p.sequence(), p.timestamp(), p.buffer(), p.payloadOffset(), p.payloadLength(), now);
    }
}
