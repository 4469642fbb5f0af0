/**
 * SRTP and SRTCP (RFC 3711) for both legs of a call, over jitsi-srtp: {@link io.dialout.media.srtp.SrtpSession} holds
 * one leg's contexts (per SSRC, made on first use), {@link io.dialout.media.srtp.SrtpProfile} the profiles we speak.
 * The keys come from two places: the room leg's from the DTLS-SRTP exporter (RFC 5764, in {@code
 * io.dialout.media.webrtc.dtls}), the SIP leg's from SDES {@code a=crypto} lines ({@link
 * io.dialout.media.srtp.SdesKeys}, RFC 4568). The SIP leg sends through {@link io.dialout.media.srtp.SrtpTransform}:
 * plain RTP or {@link io.dialout.media.srtp.SdesTransform}.
 * <p>
 * Packets are transformed in place; a session is owned by one thread (the room reader or the call's I/O thread).
 */
package io.dialout.media.srtp;
