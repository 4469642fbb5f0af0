package io.dialout.media.relay;

import io.dialout.media.rtp.RtpPacket;

/**
 * On each tick, one encoded 20 ms frame from the transcoder, on our audio stream of the output leg. The first frame
 * of a stream carries the marker bit (RFC 3551 section 4.1: the start of a talkspurt). A frame is held back while
 * an event of ours replaces the audio (RFC 4733 section 2.5.1.2).
 */
public final class TranscodeOutput extends Source {

    private final DirectionState state;
    private OutboundStream markedStream;

    public TranscodeOutput(DirectionState state) {
        super("transcode-out");
        this.state = state;
    }

    @Override
    protected boolean produce(RtpPacket p, byte[] work, long now) {
        DirectionConfig c = state.config();
        if (c.passThrough() || !c.out().audio().negotiated()) {
            return false;
        }
        Transcoder t = c.transcoder();
        int n = t.produce(work, RtpPacket.FIXED_HEADER_LENGTH);
        if (n <= 0) {
            return false;
        }
        if (t instanceof AudioMix mix) {
            state.sources().publishLevels(mix);
        }
        if (state.ownEventActive()) {
            heldBack();
            return false;
        }
        OutboundStream audio = state.audioOut();
        boolean marker = audio != markedStream;
        markedStream = audio;
        audio.writeNext(work, 0, c.out().audio().pt(), marker, t.outTimestampIncrement(), now);
        return p.wrap(work, 0, RtpPacket.FIXED_HEADER_LENGTH + n);
    }
}
