package io.dialout.gateway.call;

import java.util.Locale;

/**
 * Internal states of one call. Only {@link CallTransitions#on} decides how a call moves between them; what the client
 * sees is reported separately (the wire states of API.md are fewer and named differently).
 *
 * <p>Once answered, the call is in one of eight states: our side's hold ({@link LocalHold}: none, hold re-INVITE out,
 * held, resume re-INVITE out) times whether the far end holds us. The call is reported {@code held} while either side
 * holds it, and {@code resumed} when the last hold is lifted.
 */
public enum CallState {
    /** The dial passed message validation; the dial plan, the token's allow-list and the limits are being checked. */
    VALIDATING,
    /** The destination is routed; the media (room answer, SIP offer, ports) is being allocated. */
    ALLOCATING,
    /** The room has its answer and the INVITE is out; no 180/183 yet. */
    INVITING,
    /** A 180 Ringing came back. */
    RINGING,
    /** A 183 with SDP came back: the callee's early media reaches the room. */
    EARLY_MEDIA,
    /** 200 OK received and ACKed; media bridged both ways; no hold on either side, no re-INVITE of ours out. */
    ANSWERED(LocalHold.NONE, false),
    /** Our hold re-INVITE ({@code a=sendonly}) is out; still reported as answered until it is accepted. */
    HOLDING(LocalHold.HOLDING, false),
    /** On hold by us: our hold re-INVITE was accepted. */
    HELD_LOCAL(LocalHold.HELD, false),
    /** On hold by us, and our resume re-INVITE ({@code a=sendrecv}) is out. */
    RESUMING(LocalHold.RESUMING, false),
    /** On hold by the far end (its re-INVITE offered sendonly or inactive); only the far end can lift it. */
    HELD_REMOTE(LocalHold.NONE, true),
    /** Our hold re-INVITE is out, and the far end put us on hold meanwhile. */
    HOLDING_HELD_REMOTE(LocalHold.HOLDING, true),
    /** On hold by both sides: the call is reported resumed only once both have lifted their hold. */
    HELD_BOTH(LocalHold.HELD, true),
    /** On hold by both sides, and our resume re-INVITE is out. */
    RESUMING_HELD_REMOTE(LocalHold.RESUMING, true),
    /**
     * The far end's REFER was accepted (RFC 3515): the INVITE to the transfer target is out while the old leg, not
     * held by the far end, still carries the media. The room is not involved until the new leg answers.
     */
    TRANSFERRING,
    /** As {@link #TRANSFERRING}, from a call the far end held (the usual PBX transfer: hold, then REFER). */
    TRANSFERRING_HELD,
    /** The INVITE to the transfer target is out and the transferor already hung up the old leg (RFC 3515 allows it). */
    TRANSFERRING_ALONE,
    /** Teardown in progress (SIP cleanup, media release, the ended report). Transient: completes in one task. */
    TERMINATING,
    /** Over. Nothing changes any more. */
    ENDED;

    /** Our side's part of the hold state of an answered call (RFC 3264 section 8.4: hold is a re-offer). */
    public enum LocalHold {
        /** We do not hold the far end, and no re-INVITE of ours is out. */
        NONE,
        /** Our hold re-INVITE is out. */
        HOLDING,
        /** Our hold re-INVITE was accepted. */
        HELD,
        /** Our resume re-INVITE is out; until it is accepted we still hold the far end. */
        RESUMING;

        /** True when our side holds the far end (a resume still out counts: the session is unchanged until its 2xx). */
        public boolean holds() {
            return this == HELD || this == RESUMING;
        }

        /** True when a re-INVITE of ours is out. */
        public boolean pending() {
            return this == HOLDING || this == RESUMING;
        }
    }

    private final LocalHold localHold;
    private final boolean remoteHold;

    CallState() {
        this(null, false);
    }

    CallState(LocalHold localHold, boolean remoteHold) {
        this.localHold = localHold;
        this.remoteHold = remoteHold;
    }

    /** The answered state with these two hold parts. */
    public static CallState answeredWith(LocalHold local, boolean remoteHold) {
        for (CallState s : values()) {
            if (s.localHold == local && s.remoteHold == remoteHold) {
                return s;
            }
        }
        throw new IllegalArgumentException(local + "/" + remoteHold);
    }

    /** States after the 200 OK and before teardown: the session exists (answered, or on hold by either side). */
    public boolean answered() {
        return localHold != null;
    }

    /** Our side's hold; only for {@link #answered()} states. */
    public LocalHold localHold() {
        requireAnswered();
        return localHold;
    }

    /** True when the far end holds us; only for {@link #answered()} states. */
    public boolean remoteHold() {
        requireAnswered();
        return remoteHold;
    }

    /** This answered state with our side's hold changed. */
    public CallState withLocalHold(LocalHold local) {
        return answeredWith(local, remoteHold());
    }

    /** This answered state with the far end's hold changed. */
    public CallState withRemoteHold(boolean remote) {
        return answeredWith(localHold(), remote);
    }

    /** Answered and on hold by either side: what the client was told with {@code held}. */
    public boolean held() {
        return answered() && (localHold.holds() || remoteHold);
    }

    /** States before the 200 OK, where hanging up means CANCEL and a ring timeout applies. */
    public boolean beforeAnswer() {
        return this == INVITING || this == RINGING || this == EARLY_MEDIA;
    }

    /** States in which the call holds media (from the room answer on, until teardown). */
    public boolean hasMedia() {
        return beforeAnswer() || answered() || transferring();
    }

    /** A transfer target is being called on the far end's behalf (the old leg up or not). */
    public boolean transferring() {
        return this == TRANSFERRING || this == TRANSFERRING_HELD || this == TRANSFERRING_ALONE;
    }

    public boolean live() {
        return this != TERMINATING && this != ENDED;
    }

    /**
     * The name {@code GET /v1/calls} shows: the state's own, except that the answered states read {@code answered} or
     * {@code held} (a re-INVITE in progress is not shown; the session is unchanged until it is accepted).
     */
    public String reportedName() {
        if (answered()) {
            return held() ? "held" : "answered";
        }
        if (transferring()) {
            return "transferring";
        }
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private void requireAnswered() {
        if (!answered()) {
            throw new IllegalStateException(this + " is not an answered state");
        }
    }
}
