package io.dialout.demo;

import java.util.Locale;
import java.util.Optional;

/** The users of the demo endpoint: the user part of the Request-URI picks the behaviour. */
public enum DemoUser {
    /** Answers and loops audio and video back to the caller, like a phone whose mic hears its speaker. */
    ECHO,
    /** Answers with G.711 or G.722 and plays a continuous sine; refuses video. */
    TONE,
    /** Answers with G.711 or G.722, logs each DTMF digit and sends the same digit back. */
    IVR,
    /** 486 Busy Here (RFC 3261 section 21.4.24). */
    BUSY,
    /** 603 Decline (RFC 3261 section 21.6.2). */
    DECLINE,
    /** 100 and 180, then never answers until CANCEL (or the maximum call duration). */
    NOANSWER;

    /** The user for a Request-URI user part (case-insensitive); empty for an unknown user (404). */
    public static Optional<DemoUser> of(String userPart) {
        if (userPart == null) {
            return Optional.empty();
        }
        for (DemoUser u : values()) {
            if (u.name().equals(userPart.toUpperCase(Locale.ROOT))) {
                return Optional.of(u);
            }
        }
        return Optional.empty();
    }

    public String user() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this user answers the call (with SDP). */
    public boolean answers() {
        return this == ECHO || this == TONE || this == IVR;
    }
}
