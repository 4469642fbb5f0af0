package io.dialout.gateway.sip;

import java.net.InetAddress;

/**
 * What the SIP layer asks the dial plan before it sends an INVITE somewhere the dial did not name itself: a 3xx
 * Contact (RFC 3261 section 8.1.3.4) or a server DNS found for the target's domain (RFC 3263); and before the ACK
 * follows the callee's Contact or Record-Route. All are chosen by someone else (the far end, the domain's DNS), so all
 * pass the dial plan's checks.
 */
public interface TargetPolicy {

    /** Every target allowed (tests of the SIP layer alone). */
    TargetPolicy ANY = new TargetPolicy() {
        @Override
        public String refuseRedirect(String dialledUri, String targetUri, Trunk trunk) {
            return null;
        }

        @Override
        public String refuseServer(String host, InetAddress address, Trunk trunk) {
            return null;
        }
    };

    /**
     * @param dialledUri the Request-URI of the call's first INVITE
     * @param targetUri  a Contact of the 3xx (without method parameter and headers)
     * @param trunk      the trunk the call goes through
     * @return null when the target may be dialled on this call, else why not
     */
    String refuseRedirect(String dialledUri, String targetUri, Trunk trunk);

    /**
     * @param host    the domain that was looked up
     * @param address one address DNS gave for it (through NAPTR/SRV/A/AAAA)
     * @return null when the INVITE may be sent there, else why not
     */
    String refuseServer(String host, InetAddress address, Trunk trunk);

    /**
     * Before an in-dialog request (the ACK of the INVITE's 2xx first) follows the callee's Contact or Record-Route
     * (RFC 3261 section 12.1.2): a callee must not point the gateway's requests at a host the dial plan would refuse.
     * Every target allowed unless the dial plan says otherwise.
     *
     * @param dialledUri the Request-URI of the INVITE that was answered
     * @param targetUri  where the request would go: the first entry of the route set, else the remote target
     * @return null when allowed, else why not (for the log)
     */
    default String refuseInDialogTarget(String dialledUri, String targetUri) {
        return null;
    }
}
