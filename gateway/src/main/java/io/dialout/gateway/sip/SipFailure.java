package io.dialout.gateway.sip;

/** Why an INVITE ended without an answer, as reported by {@link SipCallListener#failed}. */
public enum SipFailure {
    /** A final response &ge; 300 came back (includes the 487 that follows our own CANCEL). */
    REJECTED,
    /** No response at all before timer B (RFC 3261 section 17.1.1.2), or no final response after a CANCEL. */
    TIMEOUT,
    /**
     * The request could not be delivered: unresolvable host, TCP connection refused, ICMP port unreachable on UDP
     * (RFC 3261 section 8.1.3.1 treats a transport error like a 503). The gateway maps it to {@code unreachable}.
     */
    TRANSPORT,
    /**
     * Nothing was sent: every server DNS gave for the target's domain (RFC 3263) is refused by the dial plan's address
     * checks. The gateway maps it to {@code policy}.
     */
    POLICY,

    /**
     * The TLS handshake with the next hop failed (RFC 3261 section 26.2: the server's certificate not trusted, not
     * for that host, or no common protocol); the reason starts with {@link SipTls#FAILURE_PREFIX}. Nothing is sent
     * over another transport instead.
     */
    TLS
}
