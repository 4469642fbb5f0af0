package io.dialout.gateway.config;

import io.dialout.gateway.sip.ingress.SipIngressConfig;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code gateway.sip.ingress.*}: what the SIP side accepts from the network (docs/security.md, issue 14 items 1, 2
 * and 6). The hosts and outbound proxies of {@code gateway.dialplan.trunks.*} are trusted sources without being listed.
 */
public interface SipIngressSettings {

    /**
     * More sources whose requests outside our calls are answered: address ranges ({@code 203.0.113.0/24}), addresses
     * or host names. Everyone else gets no answer to such requests (requests inside our calls always pass).
     */
    Optional<List<String>> trustedSources();

    /** Requests outside our calls one trusted source may send per window; past it, silence (Kamailio pike style). */
    @WithDefault("20")
    int rateLimit();

    @WithDefault("2s")
    Duration rateWindow();

    /** Largest SIP message read (TCP: headers and body; UDP: the receive buffer), at least 4096 bytes. */
    @WithDefault("65536")
    int maxMessageSize();

    /** An inbound TCP or TLS message must be complete (headers and body) this long after its first byte. */
    @WithDefault("5s")
    Duration tcpReadTimeout();

    /** Inbound TCP connections open at once; more are closed at accept. */
    @WithDefault("256")
    int maxTcpConnections();

    /** Inbound TCP connections open at once from one address that is not a trusted source. */
    @WithDefault("16")
    int maxTcpConnectionsPerSource();

    /** An inbound TCP connection silent for this long is closed. */
    @WithDefault("120s")
    Duration tcpIdleTimeout();

    /** At most one log line per interval about malformed messages, refused connections and dropped requests each. */
    @WithDefault("10s")
    Duration logInterval();

    default SipIngressConfig toConfig(List<String> trunkSources) {
        List<String> trusted = new java.util.ArrayList<>(trunkSources);
        trustedSources().ifPresent(trusted::addAll);
        return new SipIngressConfig(
                trusted,
                rateLimit(),
                rateWindow(),
                maxMessageSize(),
                tcpReadTimeout(),
                maxTcpConnections(),
                maxTcpConnectionsPerSource(),
                tcpIdleTimeout(),
                logInterval());
    }
}
