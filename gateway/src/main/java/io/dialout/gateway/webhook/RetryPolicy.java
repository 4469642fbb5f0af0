package io.dialout.gateway.webhook;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a delivery is retried: each attempt may take {@code timeout}; after a failed attempt n the next one waits
 * {@code min(maxBackoff, initialBackoff * 2^(n-1))}, of which a random half is taken off ("equal jitter"), so the
 * retries of many calls toward an endpoint that was down do not arrive in one burst.
 */
public record RetryPolicy(Duration timeout, int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    public Duration backoff(int failedAttempt) {
        long base = initialBackoff.toMillis();
        long cap = maxBackoff.toMillis();
        int shift = Math.min(30, Math.max(0, failedAttempt - 1));
        long full = Math.min(cap, base << shift);
        if (full <= 0) {
            full = cap;
        }
        long half = full / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }

    /**
     * Worth another attempt: no answer at all (refused, reset, timeout), or a status that says "later": 408, 429 and
     * every 5xx (RFC 9110 sections 15.5.9, 15.6; RFC 6585 section 4). Any other 4xx is the receiver refusing this
     * event (a bad signature, say): retrying would get the same answer.
     */
    public static boolean retryable(int status) {
        return status == 408 || status == 429 || status >= 500;
    }
}
