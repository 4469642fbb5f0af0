package io.dialout.gateway.sip.ingress;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the SIP user agent accepts from the network before any transaction exists (issue 14: unsolicited SIP, TCP
 * exhaustion, oversize and malformed messages).
 *
 * @param trustedSources             who may send requests outside our calls: address ranges ({@code 10.0.0.0/8}),
 *                                   addresses, host names, or a trunk's {@code host[:port]} / proxy URI; everyone else
 *                                   gets no answer at all. Requests inside a call of ours pass whatever their source.
 * @param rateLimit                  requests outside our calls a trusted source may send per window; beyond it the
 *                                   source is silenced until a whole window passes under the limit (as Kamailio's pike)
 * @param rateWindow                 the window of {@code rateLimit}
 * @param maxMessageSize             largest message (headers and body) read from TCP, and the UDP receive buffer; at
 *                                   least 4096 (JAIN-SIP's minimum)
 * @param readTimeout                an inbound TCP or TLS message must be complete (headers and body) this long after its first byte, or its
 *                                   connection is reset
 * @param maxTcpConnections          inbound TCP connections open at once; beyond it new ones are closed at accept
 * @param maxTcpConnectionsPerSource inbound TCP connections open at once from one untrusted address
 * @param tcpIdleTimeout             an inbound TCP connection that sends nothing for this long is closed
 * @param malformedLogInterval       at most one log line per interval about malformed messages (a summary of the
 *                                   last one and how many came)
 */
public record SipIngressConfig(
        List<String> trustedSources,
        int rateLimit,
        Duration rateWindow,
        int maxMessageSize,
        Duration readTimeout,
        int maxTcpConnections,
        int maxTcpConnectionsPerSource,
        Duration tcpIdleTimeout,
        Duration malformedLogInterval) {

    public SipIngressConfig {
        trustedSources = List.copyOf(trustedSources);
        Objects.requireNonNull(rateWindow, "rateWindow");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(tcpIdleTimeout, "tcpIdleTimeout");
        Objects.requireNonNull(malformedLogInterval, "malformedLogInterval");
        if (rateLimit < 1 || rateWindow.isNegative() || rateWindow.isZero()) {
            throw new IllegalArgumentException("rate limit must be at least 1 per positive window");
        }
        if (maxMessageSize < 4096) {
            throw new IllegalArgumentException("max message size must be at least 4096: " + maxMessageSize);
        }
        if (maxTcpConnections < 1 || maxTcpConnectionsPerSource < 1) {
            throw new IllegalArgumentException("TCP connection limits must be at least 1");
        }
        if (readTimeout.toMillis() < 100 || tcpIdleTimeout.toMillis() < 100) {
            throw new IllegalArgumentException("TCP read and idle timeouts must be at least 100 ms");
        }
    }

    /** The packaged defaults (docs/configuration.md), trusting the given sources. */
    public static SipIngressConfig trusting(List<String> trustedSources) {
        return new SipIngressConfig(
                trustedSources,
                20,
                Duration.ofSeconds(2),
                65536,
                Duration.ofSeconds(5),
                256,
                16,
                Duration.ofSeconds(120),
                Duration.ofSeconds(10));
    }

    public SipIngressConfig withTrustedSources(List<String> sources) {
        return new SipIngressConfig(
                sources,
                rateLimit,
                rateWindow,
                maxMessageSize,
                readTimeout,
                maxTcpConnections,
                maxTcpConnectionsPerSource,
                tcpIdleTimeout,
                malformedLogInterval);
    }
}
