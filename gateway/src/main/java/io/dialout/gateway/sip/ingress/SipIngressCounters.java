package io.dialout.gateway.sip.ingress;

import java.util.concurrent.atomic.AtomicLong;

/** What the ingress guards refused, for metrics ({@code dialout_sip_*}) and tests. */
public final class SipIngressCounters {

    final AtomicLong malformed = new AtomicLong();
    final AtomicLong droppedStranger = new AtomicLong();
    final AtomicLong droppedRate = new AtomicLong();
    final AtomicLong tcpRefusedLimit = new AtomicLong();
    final AtomicLong tcpRefusedPerSource = new AtomicLong();
    final AtomicLong tcpCutSlow = new AtomicLong();
    final AtomicLong inDialogTargetRefused = new AtomicLong();
    volatile java.util.function.IntSupplier tcpOpen = () -> 0;

    /** Messages that did not parse or lacked a header every SIP message needs; dropped without an answer. */
    public long malformed() {
        return malformed.get();
    }

    /** Requests outside our calls from a source that is not a configured trunk, proxy or trusted range. */
    public long droppedStranger() {
        return droppedStranger.get();
    }

    /** Requests outside our calls from a trusted source over its rate limit. */
    public long droppedRate() {
        return droppedRate.get();
    }

    /** Inbound TCP connections closed at accept because {@code maxTcpConnections} were open. */
    public long tcpRefusedLimit() {
        return tcpRefusedLimit.get();
    }

    /** Inbound TCP connections closed at accept because their source had {@code maxTcpConnectionsPerSource} open. */
    public long tcpRefusedPerSource() {
        return tcpRefusedPerSource.get();
    }

    /**
     * Inbound TCP and TLS connections reset because a message was not complete within {@code readTimeout} of its
     * first byte (slowloris).
     */
    public long tcpCutSlow() {
        return tcpCutSlow.get();
    }

    /** Inbound TCP connections open now. */
    public int tcpOpen() {
        return tcpOpen.getAsInt();
    }

    /**
     * In-dialog requests (a callee's target refresh, our request to a refreshed target, another fork's ACK and BYE)
     * whose target the dial plan refused (issue 14 item 4e).
     */
    public long inDialogTargetRefused() {
        return inDialogTargetRefused.get();
    }

    /** Counts one {@link #inDialogTargetRefused()}. */
    public void countInDialogTargetRefused() {
        inDialogTargetRefused.incrementAndGet();
    }
}
