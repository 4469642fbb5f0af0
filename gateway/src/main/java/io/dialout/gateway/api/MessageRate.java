package io.dialout.gateway.api;

/**
 * The rate of client messages on one WebSocket connection (issue 14: 100,000 {@code dtmf} messages were each parsed
 * and acted on): a token bucket of {@code burst} messages refilled at {@code ratePerSecond}. A message beyond it is
 * refused unparsed. Refusals run up a debt that is paid off at the same rate; a client whose debt reaches
 * {@code burst} (it sends at more than twice the rate and ignores the errors) has its connection closed. Used from
 * the connection's event loop only, but cheap enough to lock anyway.
 */
final class MessageRate {

    enum Verdict {
        /** Handle the message. */
        ACCEPT,
        /** Answer it with {@code error busy} and do nothing else. */
        REFUSE,
        /** Refused, and the refusals' debt reached {@code burst}: close the connection. */
        CLOSE,
        /** The connection is being closed: drop the message without an answer. */
        DROP
    }

    private final double ratePerSecond;
    private final int burst;
    private double tokens;
    private long refilledNanos;
    private double debt;
    private boolean closing;

    MessageRate(double ratePerSecond, int burst, long nowNanos) {
        if (ratePerSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("message rate and burst must be positive");
        }
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.tokens = burst;
        this.refilledNanos = nowNanos;
    }

    synchronized Verdict admit(long nowNanos) {
        if (closing) {
            return Verdict.DROP;
        }
        double earned = (nowNanos - refilledNanos) / 1e9 * ratePerSecond;
        refilledNanos = nowNanos;
        tokens = Math.min(burst, tokens + earned);
        debt = Math.max(0, debt - earned);
        if (tokens >= 1) {
            tokens -= 1;
            return Verdict.ACCEPT;
        }
        debt += 1;
        closing = debt >= burst;
        return closing ? Verdict.CLOSE : Verdict.REFUSE;
    }

    String describe() {
        return "more than " + burst + " messages at once or " + ratePerSecond + " per second";
    }
}
