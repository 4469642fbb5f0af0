package io.dialout.gateway.call;

/**
 * Internal states of one call. Only {@link CallTransitions#on} decides how a call moves between them; what the client
 * sees is reported separately (the wire states of API.md are fewer and named differently).
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
    /** 200 OK received and ACKed; media bridged both ways. */
    ANSWERED,
    /** Answered, and on hold by either side. */
    HELD,
    /** Teardown in progress (SIP cleanup, media release, the ended report). Transient: completes in one task. */
    TERMINATING,
    /** Over. Nothing changes any more. */
    ENDED;

    /** States before the 200 OK, where hanging up means CANCEL and a ring timeout applies. */
    public boolean beforeAnswer() {
        return this == INVITING || this == RINGING || this == EARLY_MEDIA;
    }

    /** States in which the call holds media (from the room answer on, until teardown). */
    public boolean hasMedia() {
        return this == INVITING || this == RINGING || this == EARLY_MEDIA || this == ANSWERED || this == HELD;
    }

    public boolean live() {
        return this != TERMINATING && this != ENDED;
    }
}
