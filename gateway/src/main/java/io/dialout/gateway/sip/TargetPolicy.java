package io.dialout.gateway.sip;

import java.net.InetAddress;

/**
 * What the SIP layer asks the dial plan before it sends an INVITE somewhere the dial did not name itself: a 3xx
 * Contact (RFC 3261 section 8.1.3.4) or a server DNS found for the target's domain (RFC 3263). Both are chosen by
 * someone else (the far end, the domain's DNS), so both pass the same checks as a dialled destination.
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
}
