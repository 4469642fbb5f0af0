package io.dialout.gateway.sip;

import java.util.Properties;
import javax.sip.address.SipURI;
import javax.sip.header.RouteHeader;
import javax.sip.message.Request;

/** How a JAIN-SIP stack is told to do TLS our way ({@link SipTls}), and which trunk a TLS connection is for. */
final class SipTlsProperties {

    private SipTlsProperties() {}

    static void apply(Properties p, SipTls.Config tls) {
        // our sockets (per-stack contexts, the name check); JAIN-SIP's javax.net.ssl.* properties are left unset
        p.setProperty("gov.nist.javax.sip.NETWORK_LAYER", TlsNetworkLayer.class.getName());
        // JAIN-SIP overwrites the protocols and suites of each socket with these after the network layer made it
        p.setProperty("gov.nist.javax.sip.TLS_CLIENT_PROTOCOLS", String.join(",", SipTls.PROTOCOLS));
        p.setProperty("gov.nist.javax.sip.ENABLED_CIPHER_SUITES", String.join(",", SipTls.cipherSuites()));
        p.setProperty(
                "gov.nist.javax.sip.SSL_HANDSHAKE_TIMEOUT",
                String.valueOf(tls.handshakeTimeout().toMillis()));
        // connections a far end opens to us (to send BYE): we ask for no client certificate
        p.setProperty("gov.nist.javax.sip.TLS_CLIENT_AUTH_TYPE", "Disabled");
    }

    /**
     * On a TLS leg, an in-dialog request goes over TLS too, whatever the far end's Contact or Record-Route says (a
     * sip: target with transport=udp, or none): RFC 3261 section 26.2.2 and RFC 5630 section 3.1.3 want every hop of
     * a SIPS dialog on TLS, and a plaintext BYE or re-INVITE would carry the SDES keys in the clear. A next hop that
     * does not take TLS then fails the request instead.
     */
    static void keepTls(Request request, Trunk trunk) {
        if (!trunk.isTls()) {
            return;
        }
        RouteHeader route = (RouteHeader) request.getHeader(RouteHeader.NAME);
        Object next = route != null ? route.getAddress().getURI() : request.getRequestURI();
        if (next instanceof SipURI sip && !sip.isSecure() && !"tls".equalsIgnoreCase(sip.getTransportParam())) {
            try {
                sip.setTransportParam("tls");
            } catch (java.text.ParseException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A TLS trunk's connection to its next hop (the outbound proxy, else the Request-URI's host) uses its settings. */
    static void rememberTrunk(SipTls tls, Trunk trunk, Request invite) {
        if (!"tls".equals(trunk.transport())) {
            return;
        }
        RouteHeader route = (RouteHeader) invite.getHeader(RouteHeader.NAME);
        Object uri = route != null ? route.getAddress().getURI() : invite.getRequestURI();
        if (uri instanceof SipURI sip) {
            tls.useTrunkFor(sip.getHost(), trunk.name());
        }
    }
}
