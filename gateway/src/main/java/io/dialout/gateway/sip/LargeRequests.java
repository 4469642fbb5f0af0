package io.dialout.gateway.sip;

import java.nio.charset.StandardCharsets;
import javax.sip.address.SipURI;
import javax.sip.message.Request;

/**
 * RFC 3261 section 18.1.1: a request larger than 1300 bytes (the path MTU being unknown) must go over a
 * congestion-controlled transport, TCP, since a fragmented UDP datagram is often lost in NATs and firewalls (a video
 * offer with its headers easily passes 1,600 bytes). JAIN-SIP sends over the transport it is given and does not make
 * this switch itself, so the INVITE is built again for TCP here. A target that names its transport
 * ({@code ;transport=udp} on the Request-URI or the outbound proxy, RFC 3263 section 4.1) keeps it.
 */
final class LargeRequests {

    /** The RFC 3261 section 18.1.1 threshold when the path MTU is unknown. */
    static final int MAX_UDP_BYTES = 1300;

    private LargeRequests() {}

    /** The request to send instead of {@code built}: the same over TCP when it is too large for UDP, else itself. */
    static InviteRequest transportFor(InviteRequest r, Request built) {
        if (!"udp".equals(r.trunk().transport())
                || built.toString().getBytes(StandardCharsets.UTF_8).length <= MAX_UDP_BYTES
                || forcesUdp(built.getRequestURI() instanceof SipURI u ? u.getTransportParam() : null)
                || forcesUdp(proxyTransport(r.trunk().outboundProxy()))) {
            return r;
        }
        return new InviteRequest(
                r.requestUri(),
                r.fromUser(),
                r.fromDisplayName(),
                r.xHeaders(),
                r.sdpOffer(),
                r.trunk().withTransport("tcp"),
                r.identity());
    }

    private static boolean forcesUdp(String transport) {
        return transport != null && transport.equalsIgnoreCase("udp");
    }

    private static String proxyTransport(String proxy) {
        if (proxy == null) {
            return null;
        }
        int i = proxy.toLowerCase(java.util.Locale.ROOT).indexOf(";transport=");
        return i < 0 ? null : proxy.substring(i + ";transport=".length()).split(";")[0];
    }
}
