package io.dialout.gateway.sip;

/**
 * One outbound INVITE and, once answered, its dialog. All methods are non-blocking, thread-safe and idempotent
 * where it makes sense; their outcome is reported through the {@link SipCallListener}.
 */
public interface OutboundCall {

    /** The SIP Call-ID of the dialog (known from the start: set before the INVITE is sent). */
    String sipCallId();

    /**
     * CANCEL the INVITE (RFC 3261 section 9.1). Sent once a provisional response has arrived; before that it is
     * deferred until one arrives (or timer B ends the call). A 200 OK that still comes is ACKed then BYEd. No effect
     * after the answer (use {@link #bye()}) or once terminated.
     */
    void cancel();

    /** BYE an answered call (RFC 3261 section 15.1). No effect before the answer or once terminated. */
    void bye();

    /** CANCEL before the answer, BYE after it: the one to use for hang-ups. */
    void hangup();

    /**
     * {@link #hangup()} for the gateway's own reasons: a BYE then carries {@code reasonHeader} (RFC 3326), e.g.
     * {@code Q.850;cause=41;text="media failure"}; null for none.
     */
    default void hangup(String reasonHeader) {
        hangup();
    }

    /**
     * Send a re-INVITE with this SDP offer (hold: {@code a=sendonly}; resume: {@code a=sendrecv}). The result comes
     * through {@link SipCallListener#reInviteResult}; a 491 (glare) is retried once after the RFC 3261 section 14.1
     * random delay. Not sent, and reported at once, when there is no confirmed dialog ({@code reInviteResult(481,
     * null)}) or another re-INVITE (ours or the far end's) is in progress ({@code reInviteResult(491, null)}).
     */
    void reInvite(String sdpOffer);

    /**
     * Send one DTMF digit by SIP INFO, {@code application/dtmf-relay} ("Signal=5\r\nDuration=160\r\n"). Digits:
     * 0-9, *, #, A-D. Only once answered; ignored otherwise.
     */
    void sendInfoDtmf(char digit, int durationMs);

    /**
     * Send REFER in the confirmed dialog (RFC 3515) with this Refer-To URI (which may embed {@code ?Replaces=...}
     * for an attended transfer, RFC 3891). The final response comes through {@link SipCallListener#referAnswered},
     * the far end's NOTIFYs through {@link SipCallListener#referNotified}.
     */
    default void refer(String referTo) {
        throw new UnsupportedOperationException("REFER");
    }

    /**
     * This dialog as a Replaces value (RFC 3891 section 6.1: Call-ID, to-tag, from-tag as the far end sees them) and
     * the far end's target URI, for a REFER that asks another party to replace it; null before the dialog is
     * confirmed. Any thread.
     */
    default DialogReference dialogReference() {
        return null;
    }

    /** See {@link #dialogReference()}. */
    record DialogReference(String remoteTarget, String replaces) {}
}
