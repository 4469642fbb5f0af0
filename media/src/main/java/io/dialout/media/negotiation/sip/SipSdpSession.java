package io.dialout.media.negotiation.sip;

import io.dialout.media.Direction;
import io.dialout.media.negotiation.room.RoomNegotiation;
import io.dialout.media.sdp.SdpException;
import io.dialout.media.sdp.SessionDescription;

/**
 * The SIP leg's offer/answer state for one call, so callers need not track versions: every SDP we send carries the
 * next o= version (RFC 3264 section 8). Owned by the call's executor; not thread-safe.
 */
public final class SipSdpSession {
    private final SessionDescription offer;
    private SessionDescription lastSent;
    private SessionDescription pendingReoffer;
    private SipAnswer current;
    private Direction localDirection;

    /** Builds the initial offer from the room's codecs. */
    public SipSdpSession(RoomNegotiation room, SipLocalParams local) {
        this.offer = SipOfferBuilder.offer(room, local);
        this.lastSent = offer;
        this.localDirection = local.direction();
    }

    /** Our initial offer (for the INVITE). */
    public SessionDescription offer() {
        return offer;
    }

    /** Applies the callee's answer (183 or 200; the last one wins). */
    public SipAnswer applyAnswer(String sdp) throws SdpException {
        current = SipAnswer.parse(SessionDescription.parse(sdp), offer);
        return current;
    }

    /**
     * Applies the answer to our initial offer sent in a new dialog that replaces the current one (a transfer): the
     * session starts again from that offer, sendrecv, and the next re-offer carries its version + 1 (RFC 3264
     * section 8: versions count per session, and the new dialog's session began with the initial offer).
     */
    public SipAnswer applyNewDialogAnswer(String sdp) throws SdpException {
        SipAnswer answer = SipAnswer.parse(SessionDescription.parse(sdp), offer);
        current = answer;
        lastSent = offer;
        pendingReoffer = null;
        localDirection = Direction.SENDRECV;
        return answer;
    }

    /** A re-offer in a new direction (hold: SENDONLY; resume: SENDRECV), version bumped. */
    public SessionDescription reoffer(Direction direction) {
        pendingReoffer = SipOfferBuilder.reoffer(offer, current, nextVersion(), direction);
        lastSent = pendingReoffer;
        localDirection = direction;
        return pendingReoffer;
    }

    /** Applies the answer to our last re-offer. */
    public SipAnswer applyReofferAnswer(String sdp) throws SdpException {
        SessionDescription basis = pendingReoffer != null ? pendingReoffer : offer;
        current = SipAnswer.parse(SessionDescription.parse(sdp), basis);
        return current;
    }

    /**
     * Answers a far-end re-INVITE. A null offer (re-INVITE without SDP) gets our current SDP as an offer, with a new
     * version (RFC 3261 section 14.2, RFC 3264 section 8); its answer then comes in the ACK and goes to
     * {@link #applyReofferAnswer}.
     */
    public SipReofferAnswerer.Result answerReoffer(String sdp) throws SdpException {
        if (sdp == null || sdp.isBlank()) {
            SessionDescription again = reoffer(localDirection);
            return new SipReofferAnswerer.Result(
                    again, current == null ? Direction.SENDRECV : current.direction(), current);
        }
        SipReofferAnswerer.Result r =
                SipReofferAnswerer.answer(SessionDescription.parse(sdp), offer, lastSent.origin(), localDirection);
        lastSent = r.answer();
        current = r.remote();
        return r;
    }

    /** The far end's media as last negotiated, null before any answer. */
    public SipAnswer current() {
        return current;
    }

    public Direction localDirection() {
        return localDirection;
    }

    private long nextVersion() {
        return Long.parseLong(lastSent.origin().nextVersion().sessionVersion());
    }
}
