package io.dialout.gateway.sip;

import java.time.Instant;

/**
 * Where one trunk's registration stands, for readiness, metrics and logs.
 *
 * @param trunk       the trunk's name
 * @param state       see {@link State}
 * @param lastStatus  the status code of the last final response to a REGISTER (0 before any, 408 for a timeout,
 *                    503 for a transport failure)
 * @param lastReason  its reason phrase, or what failed
 * @param expiresAt   when the binding the registrar granted lapses (null when not registered)
 * @param nextAttempt when the next REGISTER goes out (refresh or retry; null when none is due)
 * @param failures    consecutive failed attempts
 */
public record RegistrationStatus(
        String trunk,
        State state,
        int lastStatus,
        String lastReason,
        Instant expiresAt,
        Instant nextAttempt,
        int failures) {

    public enum State {
        /** The first REGISTER is out and not yet answered. */
        REGISTERING,
        /** The registrar accepted the binding and it has not lapsed. */
        REGISTERED,
        /** The last attempt failed; another is due at {@code nextAttempt}. */
        FAILED,
        /** Stopped (the gateway shuts down); the binding was removed or is lapsing. */
        UNREGISTERED
    }

    public boolean registered() {
        return state == State.REGISTERED;
    }
}
