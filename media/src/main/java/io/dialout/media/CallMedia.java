package io.dialout.media;

import io.dialout.media.sdp.SdpException;

/**
 * The media of one call: the WebRTC leg toward the room, the RTP leg toward SIP, and the bridge between them.
 * <p>
 * Threading: the gateway calls these methods from the call's own serial executor (never concurrently for one call);
 * the media plane runs packets on its I/O threads and reports through {@link MediaListener}.
 */
public interface CallMedia extends AutoCloseable {

    /** The WebRTC SDP answer for the room (ICE-lite candidates on the shared port, DTLS fingerprint, codecs). */
    String roomAnswer();

    /**
     * A trickled ICE candidate from the room ({@code candidate:...} with or without the {@code a=} prefix).
     * {@code null} ends the trickle.
     *
     * @throws SdpException when the candidate line cannot be parsed
     */
    void addRoomCandidate(String candidate, String sdpMid) throws SdpException;

    /**
     * Answers the room's new offer in a running call (participants joining or leaving a meeting) on the same ICE and
     * DTLS transport: added m-lines become sources (mixed toward SIP, candidates for the SIP video), removed ones
     * (port 0, or no longer sending) leave; the SIP leg and the streams that stay are untouched.
     *
     * @return our answer (the same session, its version increased)
     * @throws SdpException when the offer is malformed or changes what must stay (transport, main m-lines, codecs);
     *     the call then stays as it was
     */
    default String answerRoomReoffer(String offer) throws SdpException {
        throw new SdpException("re-offers are not supported by this media engine");
    }

    /** The SDP offer for the initial INVITE (the room's codec first, then what the gateway can transcode to). */
    String sipOffer();

    /**
     * Applies the callee's SDP answer: from a 183 (provisional, early media) or the 200 OK. May be called twice
     * (183 then 200); the last one wins. Media toward the room flows from the first call on.
     *
     * @throws SdpException when the answer is unusable (no common codec, bad address); the call should then end
     */
    void applySipAnswer(String sdp, boolean provisional) throws SdpException;

    /**
     * Applies the answer of a new SIP dialog that replaces the current one (a transfer, RFC 3515): it answers our
     * initial offer ({@link #sipOffer()}), and becomes the SIP leg's session: codec (the transcoder is chosen again),
     * address (the latch is learnt again), keys and direction. The room leg is untouched.
     *
     * @throws SdpException when the answer is unusable
     */
    default void applySipNewLegAnswer(String sdp) throws SdpException {
        applySipAnswer(sdp, false);
    }

    /** A new SIP offer for a re-INVITE that puts our side in {@code direction} (hold: SENDONLY; resume: SENDRECV). */
    String sipReoffer(Direction direction);

    /** Applies the answer to our re-INVITE. */
    void applySipReofferAnswer(String sdp) throws SdpException;

    /**
     * Answers the far end's re-INVITE. A {@code null} offer (re-INVITE without SDP) is answered with our current
     * SDP as an offer, per RFC 3264 section 8.
     */
    SipReofferAnswer answerSipReoffer(String offer) throws SdpException;

    /** True when the callee's answer accepted telephone-event, so DTMF goes as RFC 4733 rather than SIP INFO. */
    boolean sipAcceptsTelephoneEvent();

    /** Sends the digits toward SIP as RFC 4733 events, one after another, each {@code durationMs} long. */
    void sendDtmfToSip(String digits, int durationMs);

    /**
     * Arms or disarms the media timeout on the SIP leg (armed after the answer, disarmed while the call is held,
     * because a held callee sends nothing).
     */
    void armMediaTimeout(boolean armed);

    /** Packet, byte, loss and jitter counters of both legs, and the codecs in use. */
    CallMediaStats stats();

    /** Releases the ports, the ICE/DTLS state and the codec state. Idempotent. */
    @Override
    void close();

    /** The answer to a far-end re-INVITE, and the direction the far end asked for (SENDONLY/INACTIVE = hold). */
    record SipReofferAnswer(String sdp, Direction remoteDirection) {}
}
