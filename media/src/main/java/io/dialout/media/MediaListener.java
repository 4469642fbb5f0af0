package io.dialout.media;

/**
 * Events of one call's media, reported from media threads. Implementations hand each event to the call's own
 * executor and return at once: they must never block an I/O thread.
 */
public interface MediaListener {

    /** ICE is connected and the DTLS-SRTP handshake with the room completed. */
    default void roomConnected() {}

    /**
     * ICE or DTLS failed or timed out, or an armed leg received no RTP for the media timeout. The call should end
     * with cause {@code media-failure}.
     */
    void mediaFailure(String reason);

    /** A DTMF digit received from the SIP side as RFC 4733 events; reported once per event. */
    default void dtmfFromSip(char digit) {}

    /**
     * A DTMF digit the room sent as RFC 4733 events. When {@code forwarded} is false the SIP side has no
     * telephone-event and the gateway should send it as SIP INFO.
     */
    default void dtmfFromRoom(char digit, boolean forwarded) {}

    /**
     * The room participant whose video now goes to the SIP video leg (the active speaker): the mid of its video
     * m-line (or of its audio when it sends no video) and its stream id (a=msid, "" when none).
     */
    default void speaker(String mid, String msid) {}
}
