package io.dialout.gateway.health;

import java.time.Duration;

/**
 * How a shutdown spends {@code gateway.limits.shutdown-grace}: calls in progress run for the first part, the last
 * part ends those left (BYE, or CANCEL before an answer, and {@code ended} with cause {@code shutdown}) and lets the
 * SIP transactions complete. So the whole shutdown fits in the grace, and a container stop timeout (or Kubernetes'
 * grace period after the preStop hook) equal to the grace still lets the BYEs out before the kill.
 *
 * @param callsRun how long calls may go on after SIGTERM
 * @param teardown the time kept at the end for the BYEs and their responses
 */
public record ShutdownTimeline(Duration callsRun, Duration teardown) {

    /**
     * The most kept for teardown. A BYE over UDP is retransmitted after 0.5, 1 and 2 s (RFC 3261 section 17.1.2.2,
     * timer E from T1 = 500 ms), so 5 s covers the first send and three retransmissions; a peer that has not answered
     * by then is not waited for (its dialog ends anyway with the process).
     */
    public static final Duration BYE_MARGIN = Duration.ofSeconds(5);

    public ShutdownTimeline {
        if (callsRun.isNegative() || teardown.isNegative()) {
            throw new IllegalArgumentException("negative duration");
        }
    }

    /** The margin is at most {@link #BYE_MARGIN} and at most half the grace, so a short grace still lets calls run. */
    public static ShutdownTimeline of(Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("negative shutdown grace " + grace);
        }
        Duration half = grace.dividedBy(2);
        Duration margin = half.compareTo(BYE_MARGIN) < 0 ? half : BYE_MARGIN;
        return new ShutdownTimeline(grace.minus(margin), margin);
    }

    public Duration total() {
        return callsRun.plus(teardown);
    }
}
