package io.dialout.media.relay;

import io.dialout.media.rtp.RtpPacket;

/**
 * When video starts flowing to the output leg, asks the input leg for a keyframe, since a decoder joining
 * mid-stream needs an intra frame (RFC 4585 section 6.3.1); then a few more times, because the first request, or
 * the keyframe it asks for, can be lost while both legs come up, and without one the receiver decodes nothing.
 * Starts over when the output leg's video format changes.
 */
public final class KeyframeOnStart extends Observer {

    /** When the extra requests go, in ms after forwarding started. */
    static final long[] RETRY_MS = {500, 1500, 3500};

    private final DirectionState state;
    private Runnable keyframeNeeded = () -> {};
    private boolean forwarding;
    private int forwardingPt = -1;
    private long since;
    private int retries;

    public KeyframeOnStart(DirectionState state) {
        super("keyframe-request");
        this.state = state;
    }

    /** What asks the input leg for a keyframe (a PLI through that leg's RTCP). */
    public void onStart(Runnable keyframeNeeded) {
        this.keyframeNeeded = keyframeNeeded;
    }

    @Override
    protected void observe(RtpPacket p, long now) {
        int outPt = state.config().out().video().pt();
        if (!forwarding || outPt != forwardingPt) {
            forwarding = true;
            forwardingPt = outPt;
            since = now;
            retries = 0;
            keyframeNeeded.run();
        } else if (retries < RETRY_MS.length && now - since >= RETRY_MS[retries] * 1_000_000L) {
            retries++;
            keyframeNeeded.run();
        }
    }
}
