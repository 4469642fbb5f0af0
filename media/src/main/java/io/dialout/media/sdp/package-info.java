/**
 * The SDP model shared by both legs of a call: parser and writer (RFC 8866) and the lines they read and write
 * ({@code m=}, {@code c=}, {@code o=}, rtpmap, fmtp, crypto, fingerprint, candidates, ssrc). The two negotiations built
 * on it live beside it: {@link io.dialout.media.negotiation.room} (the WebRTC answer toward the room) and {@link
 * io.dialout.media.negotiation.sip} (the plain offer/answer toward SIP).
 * <p>
 * Entry point: {@link io.dialout.media.sdp.SessionDescription#parse}. Every error is an {@link
 * io.dialout.media.sdp.SdpException} whose message names the m-line and what is missing or wrong; it reaches the
 * client as a {@code bad-request} error. Inputs are capped at 64 KiB and 64 m-lines.
 * <p>
 * Everything here is plain data and single-threaded: build and read on the call's executor.
 */
package io.dialout.media.sdp;
