/**
 * SDP for both legs of a call: the model, parser and writer (RFC 8866), the WebRTC answer toward the room and the
 * plain offer/answer toward SIP.
 * <p>
 * Entry points: {@link io.dialout.media.sdp.SessionDescription#parse}, {@link io.dialout.media.sdp.RoomNegotiator}
 * (room offer in, answer and {@link io.dialout.media.sdp.RoomNegotiation} out), {@link
 * io.dialout.media.sdp.SipSdpSession} (the SIP leg's offer, answers, re-offers and far-end re-offers with the o=
 * version tracked), or its parts {@link io.dialout.media.sdp.SipOfferBuilder}, {@link
 * io.dialout.media.sdp.SipAnswer} and {@link io.dialout.media.sdp.SipReofferAnswerer}.
 * <p>
 * Choices in the room answer, and why:
 * <ul>
 * <li>ICE-lite ({@code a=ice-lite}, session level, RFC 8839 section 5.3), with our ice-ufrag, ice-pwd and sha-256
 * fingerprint at session level too, so they apply to every accepted m-line whatever the browser's bundle policy;
 * a=setup per m-line.</li>
 * <li>Host candidates and {@code a=end-of-candidates} only in the first accepted m-line, the answerer-tagged one of
 * the BUNDLE group (RFC 8843 section 7.3.1): the gateway has one transport per room.</li>
 * <li>The first audio and the first video m-line in the audio's BUNDLE group are taken; every other m-line (more
 * audio or video, data channels) is rejected with port 0 and left out of the group (RFC 8843 section 7.3.3).</li>
 * <li>No header extensions, no rtx/red/ulpfec, no transport-cc: the relay does not implement them.</li>
 * <li>Every error is an {@link io.dialout.media.sdp.SdpException} whose message names the m-line and what is missing
 * or wrong; it reaches the client as a {@code bad-request} error. Inputs are capped at 64 KiB and 64 m-lines.</li>
 * </ul>
 * Everything here is plain data and single-threaded: build and read on the call's executor.
 */
package io.dialout.media.sdp;
