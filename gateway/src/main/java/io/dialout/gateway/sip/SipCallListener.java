package io.dialout.gateway.sip;

/**
 * Events of one outbound call. Called on the user agent's threads, one event at a time per call and in order (a
 * per-call serial executor): implementations must not block; the gateway's call posts each event to its own executor.
 *
 * <p>Sequences:
 * <ul>
 *   <li>answered: {@code provisional*}, {@code answered}, then any of {@code remoteReInvite} (one without SDP that
 *       is accepted is followed by {@code remoteAnswerInAck}), {@code reInviteResult}, {@code infoDtmf}, then
 *       {@code remoteBye} (far end hung up) or nothing (we sent BYE), then {@code terminated}</li>
 *   <li>failed: {@code provisional*}, {@code failed}, {@code terminated} (after our CANCEL: {@code failed(487, ...,
 *       REJECTED)})</li>
 *   <li>200 OK racing our CANCEL (RFC 3261 section 9.1): {@code provisional*}, {@code terminated}; the 200 was
 *       ACKed and BYEd, {@code answered} is not reported</li>
 * </ul>
 * {@code terminated} always comes exactly once and last.
 */
public interface SipCallListener {

    /**
     * The INVITE (the first, or one sent again after a redirect or a digest challenge) was handed to the SIP stack's
     * transport: over UDP it is on the wire when this is called. For the set-up timeline only.
     */
    default void inviteSent() {}

    /** 1xx: 100, 180, 183; {@code sdpOrNull} is the early-media answer of a 183 (or 180) carrying SDP. */
    default void provisional(int status, String reason, String sdpOrNull) {}

    /**
     * A 3xx was followed (RFC 3261 section 8.1.3.4): a new INVITE went to {@code target}, a Contact of that response
     * that the dial plan allows. Provisional and final events that follow are the new target's.
     */
    default void redirected(int status, String reason, String target) {}

    /** 2xx to the INVITE; the ACK is already sent. {@code sdp} is the answer (null if the 200 had no body). */
    default void answered(String sdp) {}

    /** The INVITE failed for good (after any digest retry); see {@link SipFailure} for the kinds. */
    default void failed(int status, String reason, SipFailure kind) {}

    /**
     * {@link #failed} with the seconds of the final response's {@code Retry-After} (RFC 3261 section 20.33, e.g. on
     * a 503 or 486), or null when it has none.
     */
    default void failed(int status, String reason, SipFailure kind, Integer retryAfterSec) {
        failed(status, reason, kind);
    }

    /** The far end sent BYE (already answered 200 OK). {@link #terminated()} follows. */
    default void remoteBye() {}

    /**
     * The far end sent a re-INVITE in the dialog (hold / resume / refresh); answer it through the responder. A null
     * SDP is a delayed offer: accept it with an offer of ours; the answer comes by {@link #remoteAnswerInAck}.
     */
    default void remoteReInvite(String sdpOrNull, ReInviteResponder responder) {}

    /**
     * Final result of our {@link OutboundCall#reInvite}: 2xx (ACK sent, {@code sdpOrNull} the answer), or the error
     * status (491 only when the glare retry also failed; 408 on timeout). The dialog stays up either way.
     */
    default void reInviteResult(int status, String sdpOrNull) {}

    /** A DTMF digit received by SIP INFO (application/dtmf-relay or application/dtmf); already answered 200. */
    default void infoDtmf(char digit) {}

    /**
     * The far end's re-INVITE had no SDP (a delayed offer): our offer went in the 200 and this is the answer its ACK
     * carried (RFC 3261 section 14.2, RFC 3264 section 8), to apply; null when the ACK carried none, which leaves the
     * call without an agreed session (end it).
     */
    default void remoteAnswerInAck(String sdpOrNull) {}

    /**
     * The session timer ran out (RFC 4028 section 10): no refresh came, or ours failed. The user agent sends BYE
     * (with a Reason header); {@link #terminated()} follows.
     */
    default void sessionExpired() {}

    /**
     * The far end sent REFER (RFC 3515: a PBX or IVR transfers the call). Answer it through the request; the default
     * refuses it.
     */
    default void referred(TransferRequest request) {
        request.reject(403, "Forbidden (transfer not accepted)");
    }

    /** The final response to our {@link OutboundCall#refer} (202: accepted; NOTIFYs follow). */
    default void referAnswered(int status, String reason) {}

    /**
     * A NOTIFY of our REFER's implicit subscription (RFC 3515 section 2.4.5): the status line of its sipfrag, and
     * whether the subscription ended with it. Already answered 200.
     */
    default void referNotified(int status, String reason, boolean terminated) {}

    /** The call is gone on the SIP side; always the last event, exactly once. */
    default void terminated() {}
}
