package io.dialout.gateway.sip;

import java.time.Duration;
import java.util.Objects;

/**
 * Timer settings of the user agent.
 *
 * @param t1            RFC 3261 T1 (RTT estimate, 500 ms): retransmission start and timer B = 64*T1 (section 17.1.1.2)
 * @param t2            RFC 3261 T2 (4 s): cap of non-INVITE retransmissions
 * @param icmpProbe     on UDP, when an INVITE got no response after this long, an empty datagram is sent to the next
 *                      hop from a connected socket: an ICMP port-unreachable then fails the call at once as
 *                      {@link SipFailure#TRANSPORT} instead of after timer B (the stack's socket is unconnected and
 *                      never sees ICMP)
 * @param glareMin      lower bound of the re-INVITE retry delay after a 491 (RFC 3261 section 14.1: 2.1 s when we own
 *                      the Call-ID, which we always do)
 * @param glareMax      upper bound of that delay (4 s)
 * @param shutdownGrace how long {@link SipUserAgent#close()} waits for calls to finish after hanging them up
 */
public record SipTimers(
        Duration t1, Duration t2, Duration icmpProbe, Duration glareMin, Duration glareMax, Duration shutdownGrace) {

    public SipTimers {
        Objects.requireNonNull(t1);
        Objects.requireNonNull(t2);
        Objects.requireNonNull(icmpProbe);
        Objects.requireNonNull(glareMin);
        Objects.requireNonNull(glareMax);
        Objects.requireNonNull(shutdownGrace);
        if (t1.toMillis() < 1 || t2.compareTo(t1) < 0 || glareMax.compareTo(glareMin) < 0) {
            throw new IllegalArgumentException("bad SIP timers: " + t1 + " " + t2 + " " + glareMin + " " + glareMax);
        }
    }

    /** The RFC 3261 defaults. */
    public static SipTimers rfc3261() {
        return new SipTimers(
                Duration.ofMillis(500),
                Duration.ofSeconds(4),
                Duration.ofSeconds(1),
                Duration.ofMillis(2100),
                Duration.ofSeconds(4),
                Duration.ofSeconds(2));
    }

    /** Every timer multiplied by {@code factor} (tests use 0.1 or less to stay fast). */
    public SipTimers scaled(double factor) {
        return new SipTimers(
                scale(t1, factor),
                scale(t2, factor),
                scale(icmpProbe, factor),
                scale(glareMin, factor),
                scale(glareMax, factor),
                scale(shutdownGrace, factor));
    }

    /** Timer B, the INVITE transaction timeout (RFC 3261 section 17.1.1.2). */
    public Duration timerB() {
        return t1.multipliedBy(64);
    }

    private static Duration scale(Duration d, double factor) {
        return Duration.ofMillis(Math.max(1, Math.round(d.toMillis() * factor)));
    }
}
