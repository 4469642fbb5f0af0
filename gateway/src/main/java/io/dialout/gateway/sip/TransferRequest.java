package io.dialout.gateway.sip;

/**
 * The far end's REFER (RFC 3515), handed to the call layer, which decides on it (its dial plan and policy apply to
 * the target as to any dial) and reports the new INVITE's progress through it. Thread-safe: every method is carried
 * out on the SIP call's executor, in order.
 */
public interface TransferRequest {

    /** The Refer-To URI without its embedded headers. */
    String target();

    /** RFC 3891: the Replaces value embedded in the Refer-To (attended transfer), or null. */
    String replaces();

    /** RFC 3892: the Referred-By header's value, or null. */
    String referredBy();

    /** False when the REFER said {@code Refer-Sub: false} (RFC 4488): no NOTIFY is then sent. */
    boolean subscription();

    /** 202 Accepted, then (with the implicit subscription) NOTIFY {@code 100 Trying} (RFC 3515 section 2.4.4). */
    void accept();

    /** Refuses the REFER with this final response (403 for a target the policy denies, 400 for a bad one, ...). */
    void reject(int status, String reason);

    /**
     * A NOTIFY with a {@code message/sipfrag} body carrying the new INVITE's response (RFC 3515 section 2.4.5); a
     * final status ends the subscription. Nothing is sent when there is no subscription or it is already over.
     */
    void progress(int status, String reason);
}
