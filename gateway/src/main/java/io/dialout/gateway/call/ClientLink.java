package io.dialout.gateway.call;

/**
 * The way back to the client that controls one call (its WebSocket), bound to the call's {@code callId}. Called on
 * the call's executor, in order; implementations must not block for long.
 */
public interface ClientLink {

    /** The gateway's WebRTC SDP answer. */
    void answer(String sdp);

    /** A state report. */
    void state(StateReport report);

    /** A DTMF digit received from the SIP side. */
    void dtmf(char digit);

    /**
     * A step of a transfer that is not a new state of the call: our REFER's answer and NOTIFYs (the room's
     * {@code transfer}), or the failure of the far end's (the call stays on its old leg). Implementations that
     * forward messages must forward it.
     */
    default void transfer(TransferReport report) {}

    /**
     * The room participant now on the phone's video (the active speaker): the mid of its m-line and its stream id
     * (an addition to the v1 contract).
     */
    default void speaker(String mid, String msid) {}

    /** A request about this call was refused ({@code error} with code {@code bad-request}). */
    void rejected(String message);

    /**
     * A request about this call was refused for a limit ({@code error} with code {@code busy}), e.g. too many DTMF
     * digits queued.
     */
    default void busy(String message) {
        rejected(message);
    }

    /** The call is over (or was dropped): forget its callId so the client may reuse it. Called before the report. */
    void released();
}
