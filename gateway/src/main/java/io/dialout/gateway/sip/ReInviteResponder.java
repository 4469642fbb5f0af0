package io.dialout.gateway.sip;

/**
 * Answers one re-INVITE received from the far end ({@link SipCallListener#remoteReInvite}). Exactly one of the two
 * methods must be called, from any thread; later calls are ignored.
 */
public interface ReInviteResponder {

    /** 200 OK with our SDP answer (the ACK that follows is absorbed by the user agent). */
    void accept(String sdpAnswer);

    /** A final error, usually 488 Not Acceptable Here (RFC 3261 section 14.2). */
    void reject(int status);
}
