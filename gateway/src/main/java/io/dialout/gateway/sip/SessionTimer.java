package io.dialout.gateway.sip;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Session timers (RFC 4028) as pure functions: what the 2xx or the far end's refresh negotiated, when a refresh or
 * the expiry is due, the 422 retry, and the refresher's states as a transition function from (state, event) to
 * (next state, actions). {@link SessionRefresh} feeds it the call's events and carries out the actions;
 * {@code SessionTimerTest} checks every (state, event) pair against a table.
 */
final class SessionTimer {

    private SessionTimer() {}

    /** RFC 4028 section 4: Min-SE may never be below 90 seconds. */
    static final long MIN_SE_FLOOR = 90;

    /**
     * What our INVITE asks for.
     *
     * @param sessionExpires the Session-Expires of the INVITE, seconds
     * @param minSe          the Min-SE of the INVITE, seconds (at least 90, RFC 4028 section 4)
     */
    record Settings(long sessionExpires, long minSe) {
        static final Settings DEFAULT = new Settings(1800, 90);

        Settings {
            if (minSe < MIN_SE_FLOOR) {
                throw new IllegalArgumentException("Min-SE below 90 s (RFC 4028 section 4): " + minSe);
            }
            if (sessionExpires < minSe) {
                throw new IllegalArgumentException(
                        "Session-Expires " + sessionExpires + " below Min-SE " + minSe + " (RFC 4028 section 4)");
            }
        }
    }

    /** Who refreshes the session. */
    enum Role {
        /** No session timer on this dialog. */
        NONE,
        /** We refresh (we are the UAC of the INVITE and the 2xx said refresher=uac, or the like). */
        US,
        /** The far end refreshes; we BYE when no refresh comes. */
        THEM
    }

    /** The interval (seconds) and who refreshes. */
    record Negotiated(long interval, Role role) {
        static final Negotiated NONE = new Negotiated(0, Role.NONE);
    }

    /**
     * RFC 4028 section 7.2: the 2xx to a request we sent (the INVITE, or our refresh). No Session-Expires: no session
     * timer; refresher=uac (or none given: the UAC should then refresh) makes us the refresher, refresher=uas the far
     * end.
     */
    static Negotiated fromResponseToUs(String sessionExpires) {
        Parsed p = parse(sessionExpires);
        if (p == null) {
            return Negotiated.NONE;
        }
        return new Negotiated(p.delta, "uas".equals(p.refresher) ? Role.THEM : Role.US);
    }

    /**
     * RFC 4028 section 9: a refresh the far end sent (we are its UAS). Their refresher=uac (or none given: we choose,
     * and leave it to them) keeps them the refresher; refresher=uas makes us. Without Session-Expires the far end no
     * longer asks for a timer: we keep the interval in force and refresh it ourselves.
     */
    static Negotiated fromRequestToUs(String sessionExpires, Negotiated current) {
        Parsed p = parse(sessionExpires);
        if (p == null) {
            return current.role() == Role.NONE ? Negotiated.NONE : new Negotiated(current.interval(), Role.US);
        }
        return new Negotiated(p.delta, "uas".equals(p.refresher) ? Role.US : Role.THEM);
    }

    /** The Session-Expires value of our 2xx to the far end's refresh (RFC 4028 section 9). */
    static String answerValue(Negotiated n) {
        return n.interval() + ";refresher=" + (n.role() == Role.US ? "uas" : "uac");
    }

    /** The Session-Expires value of our own refresh: we stay the refresher (RFC 4028 section 7.4). */
    static String refreshValue(Negotiated n) {
        return n.interval() + ";refresher=uac";
    }

    /** RFC 4028 section 10: the refresher sends its refresh at half the interval. */
    static Duration refreshDelay(long interval) {
        return Duration.ofMillis(interval * 500);
    }

    /**
     * RFC 4028 section 10: without a refresh, BYE at the interval minus the lesser of 32 seconds and a third of the
     * interval.
     */
    static Duration expiryDelay(long interval) {
        return Duration.ofSeconds(interval - Math.min(32, interval / 3));
    }

    /**
     * RFC 4028 section 7.2 (422 Session Interval Too Small): the Session-Expires (and Min-SE) to retry with, or -1 when
     * the 422 gives no usable Min-SE or one no larger than what we asked for (retrying would loop).
     */
    static long retryAfter422(String minSeHeader, long askedSessionExpires) {
        Parsed p = parse(minSeHeader);
        if (p == null || p.delta <= askedSessionExpires) {
            return -1;
        }
        return p.delta;
    }

    // ---- the refresher's states ----------------------------------------------------------------------------------

    /** Who refreshes, and whether our refresh is out. */
    record State(Role role, boolean refreshing) {
        static final State OFF = new State(Role.NONE, false);
    }

    enum Event {
        /** The INVITE's 2xx came, or the far end's refresh was answered 2xx, or ours was: the new terms apply. */
        NEGOTIATED,
        /** Half the interval passed. */
        REFRESH_DUE,
        /** Our refresh could not be sent, or got a final response other than 2xx, 408, 481 (the session goes on). */
        REFRESH_REFUSED,
        /** Our refresh timed out or got 408/481 (RFC 4028 section 10: the session is over). */
        REFRESH_FATAL,
        /** The expiry time came without a refresh. */
        EXPIRED,
        /** The call is over. */
        ENDED
    }

    enum Action {
        /** Schedule {@link Event#REFRESH_DUE} at half the interval. */
        ARM_REFRESH,
        /** Schedule {@link Event#EXPIRED} at interval - min(32, interval / 3). */
        ARM_EXPIRY,
        /** Stop both timers. */
        DISARM,
        /** Send an UPDATE (when the far end allows it) or a re-INVITE with our current SDP. */
        SEND_REFRESH,
        /** Tell the listener and BYE the dialog with a Reason. */
        EXPIRE
    }

    record Step(State next, List<Action> actions) {}

    /** {@code n} is what the event negotiated ({@link Event#NEGOTIATED} only; ignored otherwise). */
    static Step on(State s, Event e, Negotiated n) {
        if (e == Event.ENDED) {
            return new Step(State.OFF, List.of(Action.DISARM));
        }
        if (s.role() == Role.NONE && e != Event.NEGOTIATED) {
            return new Step(s, List.of());
        }
        return switch (e) {
            case NEGOTIATED -> armed(n.role());
            case REFRESH_DUE ->
                s.role() == Role.US && !s.refreshing()
                        ? new Step(new State(Role.US, true), List.of(Action.SEND_REFRESH))
                        : new Step(s, List.of());
            // a refused refresh leaves the session as it was: refresh again at the next half interval; the expiry
            // timer still ends it if no refresh succeeds
            case REFRESH_REFUSED ->
                s.refreshing()
                        ? new Step(new State(s.role(), false), List.of(Action.ARM_REFRESH))
                        : new Step(s, List.of());
            case REFRESH_FATAL, EXPIRED -> new Step(State.OFF, List.of(Action.DISARM, Action.EXPIRE));
            case ENDED -> throw new AssertionError();
        };
    }

    private static Step armed(Role role) {
        List<Action> actions = new ArrayList<>(List.of(Action.DISARM));
        if (role == Role.US) {
            actions.add(Action.ARM_REFRESH);
        }
        if (role != Role.NONE) {
            actions.add(Action.ARM_EXPIRY);
        }
        return new Step(new State(role, false), List.copyOf(actions));
    }

    // ---- parsing ----------------------------------------------------------------------------------------------

    private record Parsed(long delta, String refresher) {}

    /** "90;refresher=uac" (a Session-Expires or Min-SE value); null when absent or unusable. */
    private static Parsed parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String[] parts = value.split(";");
        long delta;
        try {
            delta = Long.parseLong(parts[0].trim());
        } catch (NumberFormatException e) {
            return null;
        }
        if (delta <= 0) {
            return null;
        }
        String refresher = null;
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].trim().split("=", 2);
            if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("refresher")) {
                refresher = kv[1].trim().toLowerCase(Locale.ROOT);
            }
        }
        return new Parsed(delta, refresher);
    }
}
