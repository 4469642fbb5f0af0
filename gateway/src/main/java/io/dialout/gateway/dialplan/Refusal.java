package io.dialout.gateway.dialplan;

import java.util.Objects;

/**
 * The destination is refused; no INVITE is sent.
 *
 * @param kind   why, in the terms the gateway maps to the API: {@link Kind#INVALID} is a bad request (error
 *               {@code bad-request}), {@link Kind#DENIED} and {@link Kind#NO_ROUTE} end the call with cause
 *               {@code policy}
 * @param reason a human-readable explanation for the client
 */
public record Refusal(Kind kind, String reason) implements Routing {

    public enum Kind {
        /** Not a SIP/SIPS/tel URI or phone number we can parse. */
        INVALID,
        /** Matched a deny pattern, or no allow pattern. */
        DENIED,
        /** A valid destination that nothing routes: no rule matches, or the endpoint it names is off. */
        NO_ROUTE
    }

    public Refusal {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
    }

    /** True when the destination itself is malformed: the dial is answered {@code error bad-request}. */
    public boolean invalid() {
        return kind == Kind.INVALID;
    }
}
