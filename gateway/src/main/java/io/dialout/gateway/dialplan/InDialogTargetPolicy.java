package io.dialout.gateway.dialplan;

/**
 * The hook for the SIP layer: before an in-dialog request (ACK, BYE, re-INVITE, INFO) follows the callee's Contact or
 * Record-Route (RFC 3261 section 12.1.2), ask whether that target may be used. A callee must not be able to point the
 * gateway's requests at its own network or at a host the dial plan would have refused.
 */
@FunctionalInterface
public interface InDialogTargetPolicy {

    /** Every target allowed (no dial plan: tests of the SIP layer alone). */
    InDialogTargetPolicy ANY = (dialled, target) -> null;

    /**
     * @param dialledUri the Request-URI of the INVITE
     * @param targetUri  the SIP URI the request would go to: the first entry of the route set (for us, the caller,
     *                   the last Record-Route entry of the 2xx: RFC 3261 section 12.1.2), else the remote target
     *                   (Contact)
     * @return null when allowed, else why not (for the log; the room sees no detail)
     */
    String refuse(String dialledUri, String targetUri);
}
