package io.dialout.gateway.sip;

import java.util.Locale;
import java.util.Objects;

/**
 * A SIP trunk (or any destination) and how to reach it.
 *
 * @param name          a label for logs and metrics
 * @param transport     "udp", "tcp" or "tls" (case-insensitive); null means udp. On "tls" the connection is SIP over
 *                      TLS ({@link SipTls}: the trunk's own trust and client certificate, by its name) and the media
 *                      SDES-SRTP
 * @param outboundProxy null, or "host[:port]" / "sip:host[:port]": the INVITE is sent there with a loose
 *                      {@code Route} header (RFC 3261 section 8.1.2), the Request-URI unchanged
 * @param username      digest user name, or null when the trunk does not authenticate us
 * @param password      digest password (never logged: {@link #toString()} masks it)
 * @param realm         the realm the credentials are for, or null to answer any realm
 * @param identity      the caller identity sent on this trunk and what a room may claim on it
 */
public record Trunk(
        String name,
        String transport,
        String outboundProxy,
        String username,
        String password,
        String realm,
        TrunkIdentity identity) {

    /** A trunk without caller identity settings ({@link TrunkIdentity#NONE}). */
    public Trunk(String name, String transport, String outboundProxy, String username, String password, String realm) {
        this(name, transport, outboundProxy, username, password, realm, null);
    }

    public Trunk {
        Objects.requireNonNull(name, "name");
        identity = identity == null ? TrunkIdentity.NONE : identity;
        transport = transport == null ? "udp" : transport.toLowerCase(Locale.ROOT);
        if (!transport.equals("udp") && !transport.equals("tcp") && !transport.equals("tls")) {
            throw new IllegalArgumentException("transport must be udp, tcp or tls: " + transport);
        }
    }

    /** A trunk with no proxy and no credentials. */
    public static Trunk direct(String name, String transport) {
        return new Trunk(name, transport, null, null, null, null);
    }

    /** The same trunk over another transport. */
    public Trunk withTransport(String other) {
        return new Trunk(name, other, outboundProxy, username, password, realm, identity);
    }

    /** SIP over TLS (RFC 3261 section 26.2): such a leg must also have SDES-SRTP media. */
    public boolean isTls() {
        return transport.equals("tls");
    }

    public boolean hasCredentials() {
        return username != null && password != null;
    }

    @Override
    public String toString() {
        return "Trunk[name=" + name + ", transport=" + transport + ", outboundProxy=" + outboundProxy
                + ", username=" + username + ", password=" + (password == null ? "null" : "***")
                + ", realm=" + realm + "]";
    }
}
