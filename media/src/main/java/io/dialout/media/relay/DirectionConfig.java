package io.dialout.media.relay;

/**
 * What one direction of a call does, fixed by the negotiations: the payload types and clocks on the leg packets
 * come in from and on the leg they go out to (-1: not negotiated), whether sending is allowed (hold: RFC 3264
 * section 8.4), and the transcoder, or null for pass-through.
 */
public record DirectionConfig(
        int inAudioPt,
        int inAudioClock,
        int inEventPt,
        int inEventClock,
        int inVideoPt,
        int outAudioPt,
        int outAudioClock,
        int outEventPt,
        int outEventClock,
        int outVideoPt,
        boolean sendAllowed,
        Transcoder transcoder) {

    public boolean passThrough() {
        return transcoder == null;
    }

    public DirectionConfig withSendAllowed(boolean allowed) {
        return new DirectionConfig(
                inAudioPt,
                inAudioClock,
                inEventPt,
                inEventClock,
                inVideoPt,
                outAudioPt,
                outAudioClock,
                outEventPt,
                outEventClock,
                outVideoPt,
                allowed,
                transcoder);
    }
}
