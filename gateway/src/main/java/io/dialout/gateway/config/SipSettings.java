package io.dialout.gateway.config;

import io.dialout.gateway.sip.SipTimers;
import io.dialout.gateway.sip.SipTls;
import io.dialout.gateway.sip.SipUserAgentConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** {@code gateway.sip.*}: the SIP user agent, turned into a {@link SipUserAgentConfig}. */
@ConfigMapping(prefix = "gateway.sip")
public interface SipSettings {

    /** Address the UDP and TCP listening points bind to. */
    @WithDefault("127.0.0.1")
    String bindAddress();

    /** UDP and TCP port; 0 picks a free one. */
    @WithDefault("5060")
    int port();

    /** Address put in Via and Contact (behind 1:1 NAT: the public one); required with a wildcard bind address. */
    Optional<String> advertisedAddress();

    @WithDefault("dialout-gateway")
    String userAgent();

    /** From user part when a dial gives no {@code from.user}. */
    @WithDefault("gateway")
    String fromUser();

    /** RFC 3261 timer T1; timer B (INVITE timeout) is 64*T1. */
    @WithDefault("500ms")
    Duration t1();

    /** RFC 3261 timer T2. */
    @WithDefault("4s")
    Duration t2();

    /** On UDP, probe the next hop for ICMP port-unreachable after this long without a response. */
    @WithDefault("1s")
    Duration icmpProbe();

    /** Re-INVITE retry delay after a 491, lower bound (RFC 3261 section 14.1). */
    @WithDefault("2100ms")
    Duration glareMin();

    /** Re-INVITE retry delay after a 491, upper bound. */
    @WithDefault("4s")
    Duration glareMax();

    /** How long the user agent waits for calls to finish when it closes. */
    @WithDefault("2s")
    Duration shutdownGrace();

    /**
     * Session-Expires of our INVITE (RFC 4028): the far end's refresher refreshes within it, or we BYE. 300 s, not
     * the RFC's suggested 1800 s: it also bounds how long a callee stays in a call whose gateway died (issue 14;
     * docs/operations.md says why this value).
     */
    @WithDefault("300s")
    Duration sessionExpires();

    /** Min-SE of our INVITE, at least 90 s (RFC 4028 section 4). */
    @WithDefault("90s")
    Duration minSe();

    /**
     * Where the confirmed dialogs are kept (one small file each, written at the answer, removed at the end) so that a
     * gateway restarted on the same directory BYEs the calls a crashed run left; unset keeps nothing. One directory
     * per gateway instance.
     */
    Optional<String> dialogStateDir();

    /**
     * The DNS server ("host:port") asked for RFC 3263 server location (NAPTR, SRV, A/AAAA) of targets given as a
     * domain without a port; unset: the system's resolvers.
     */
    Optional<String> dnsServer();

    /** The longest wait for one DNS answer during server location. */
    @WithDefault("2s")
    Duration dnsTimeout();

    /** How many 3xx redirects one call follows at most (RFC 3261 section 8.1.3.4; a loop guard). */
    @WithDefault("5")
    int maxRedirects();

    /** What the SIP side accepts from the network: trusted sources, rate limit, TCP and message limits. */
    SipIngressSettings ingress();

    /** SIP over TLS: the listening point and the gateway's own trust and certificate. */
    Tls tls();

    /** {@code gateway.sip.tls.*}. */
    interface Tls {
        /** Port of the TLS listening point (RFC 3261 section 19.1.2: 5061); 0 picks a free one. */
        @WithDefault("5061")
        int port();

        /** CA certificates trusted for servers: a PEM file or a PKCS12 store; unset, the JVM's trust store. */
        Optional<String> trustStore();

        Optional<String> trustStorePassword();

        /** A PKCS12 store with the gateway's certificate and key: its TLS server certificate and default client one. */
        Optional<String> keyStore();

        Optional<String> keyStorePassword();

        /** A TLS handshake that takes longer fails the connection. */
        @WithDefault("10s")
        Duration handshakeTimeout();

        default SipTls.Config toConfig() {
            return new SipTls.Config(
                    port(),
                    credentials(trustStore(), trustStorePassword(), keyStore(), keyStorePassword()),
                    null,
                    handshakeTimeout());
        }
    }

    /** Trust and identity settings as {@link SipTls.Credentials}. */
    static SipTls.Credentials credentials(
            Optional<String> trustStore,
            Optional<String> trustStorePassword,
            Optional<String> keyStore,
            Optional<String> keyStorePassword) {
        return new SipTls.Credentials(
                trustStore.map(Path::of).orElse(null),
                trustStorePassword.orElse(null),
                keyStore.map(Path::of).orElse(null),
                keyStorePassword.orElse(null));
    }

    default SipUserAgentConfig toUserAgentConfig() {
        return new SipUserAgentConfig(
                bindAddress(),
                port(),
                advertisedAddress().orElse(null),
                userAgent(),
                new SipTimers(t1(), t2(), icmpProbe(), glareMin(), glareMax(), shutdownGrace()),
                sessionExpires(),
                minSe(),
                tls().toConfig());
    }
}
