package io.dialout.media.relay;

import io.dialout.media.rtp.RtpPacket;

/**
 * While an RFC 4733 event we originate is under way on the output leg, the audio it replaces is dropped (RFC 4733
 * section 2.5.1.2: the event takes the audio's place in the stream).
 */
public final class OwnEventFirst extends Transformer {

    private final DirectionState state;

    public OwnEventFirst(DirectionState state) {
        super("dtmf-priority");
        this.state = state;
    }

    @Override
    protected boolean transform(RtpPacket p, long now) {
        return !state.ownEventActive();
    }
}
