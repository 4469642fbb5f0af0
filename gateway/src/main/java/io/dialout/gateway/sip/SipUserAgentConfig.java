package io.dialout.gateway.sip;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of {@link JainSipUserAgent}.
 *
 * @param bindAddress       local address to listen on (e.g. "127.0.0.1", or "0.0.0.0" with an advertised address)
 * @param port              UDP and TCP port (the same number for both); 0 picks a free one, see {@link SipUserAgent#port()}
 * @param advertisedAddress address put in Via sent-by and Contact (the public address behind a 1:1 NAT); null means
 *                          the bind address
 * @param userAgent         the User-Agent header value
 * @param timers            SIP timers
 * @param sessionExpires    the Session-Expires our INVITE asks for (RFC 4028); null means 1800 s
 * @param minSe             the Min-SE our INVITE states, at least 90 s (RFC 4028 section 4); null means 90 s
 * @param tls               SIP over TLS: the listening port, trust and certificates; null means a free port, the
 *                          JVM's trust store and no certificate of our own
 */
public record SipUserAgentConfig(
        String bindAddress,
        int port,
        String advertisedAddress,
        String userAgent,
        SipTimers timers,
        Duration sessionExpires,
        Duration minSe,
        SipTls.Config tls) {

    public SipUserAgentConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port);
        }
        if (advertisedAddress == null || advertisedAddress.isBlank()) {
            if (bindAddress.equals("0.0.0.0") || bindAddress.equals("::")) {
                throw new IllegalArgumentException("an advertised address is required when binding to " + bindAddress);
            }
            advertisedAddress = bindAddress;
        }
        userAgent = userAgent == null ? "dialout-gateway" : userAgent;
        timers = timers == null ? SipTimers.rfc3261() : timers;
        sessionExpires = sessionExpires == null ? Duration.ofSeconds(1800) : sessionExpires;
        minSe = minSe == null ? Duration.ofSeconds(90) : minSe;
        new SessionTimer.Settings(sessionExpires.toSeconds(), minSe.toSeconds()); // validates
        tls = tls == null ? SipTls.Config.defaults() : tls;
    }

    /** With the default TLS settings ({@link SipTls.Config#defaults()}). */
    public SipUserAgentConfig(
            String bindAddress,
            int port,
            String advertisedAddress,
            String userAgent,
            SipTimers timers,
            Duration sessionExpires,
            Duration minSe) {
        this(bindAddress, port, advertisedAddress, userAgent, timers, sessionExpires, minSe, null);
    }

    /** The same with these TLS settings. */
    public SipUserAgentConfig withTls(SipTls.Config t) {
        return new SipUserAgentConfig(
                bindAddress, port, advertisedAddress, userAgent, timers, sessionExpires, minSe, t);
    }

    /** With the default session timer (1800 s, Min-SE 90 s). */
    public SipUserAgentConfig(
            String bindAddress, int port, String advertisedAddress, String userAgent, SipTimers timers) {
        this(bindAddress, port, advertisedAddress, userAgent, timers, null, null);
    }

    SessionTimer.Settings sessionTimer() {
        return new SessionTimer.Settings(sessionExpires.toSeconds(), minSe.toSeconds());
    }

    /** Loopback on a free port with the given timers: what the tests use. */
    public static SipUserAgentConfig loopback(SipTimers timers) {
        return new SipUserAgentConfig("127.0.0.1", 0, null, "dialout-gateway", timers);
    }
}
