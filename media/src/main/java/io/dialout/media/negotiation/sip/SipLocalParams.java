package io.dialout.media.negotiation.sip;

import io.dialout.media.Direction;

/**
 * The gateway's side of the SIP-leg SDP.
 *
 * @param address         the address for c= and o= (IPv4 or IPv6 literal)
 * @param audioPort       our RTP port for audio
 * @param audioRtcpPort   our RTCP port for audio (a=rtcp, RFC 3605)
 * @param videoPort       our RTP port for video (unused when {@code video} is false)
 * @param videoRtcpPort   our RTCP port for video
 * @param cryptoAttribute an SDES crypto attribute value ({@code 1 AES_CM_128_HMAC_SHA1_80 inline:...}, with or
 *                        without the {@code a=crypto:} prefix) to offer RTP/SAVP; null for plain RTP/AVP. The same
 *                        key is offered on the video m-line: the streams' SSRCs differ, which is what RFC 3711
 *                        section 9.1 asks of streams sharing a master key.
 * @param sessionId       the o= session id, fixed for the call
 * @param sessionVersion  the o= version; increase it for every new SDP of the session (RFC 3264 section 8)
 * @param direction       the direction we offer (SENDRECV; SENDONLY to hold the far end)
 * @param video           offer a video m-line when the room has video
 */
public record SipLocalParams(
        String address,
        int audioPort,
        int audioRtcpPort,
        int videoPort,
        int videoRtcpPort,
        String cryptoAttribute,
        long sessionId,
        long sessionVersion,
        Direction direction,
        boolean video) {

    public SipLocalParams {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("address is empty");
        }
        if (audioPort < 1 || audioPort > 65535 || audioRtcpPort < 1 || audioRtcpPort > 65535) {
            throw new IllegalArgumentException("audio ports out of range");
        }
        if (video && (videoPort < 1 || videoPort > 65535 || videoRtcpPort < 1 || videoRtcpPort > 65535)) {
            throw new IllegalArgumentException("video ports out of range");
        }
        if (direction == null) {
            direction = Direction.SENDRECV;
        }
        if (cryptoAttribute != null) {
            cryptoAttribute = cryptoAttribute.trim();
            if (cryptoAttribute.startsWith("a=")) {
                cryptoAttribute = cryptoAttribute.substring(2);
            }
            if (cryptoAttribute.startsWith("crypto:")) {
                cryptoAttribute = cryptoAttribute.substring("crypto:".length());
            }
        }
    }

    /** The same parameters with another direction and version: for a re-offer. */
    public SipLocalParams with(Direction newDirection, long newVersion) {
        return new SipLocalParams(
                address,
                audioPort,
                audioRtcpPort,
                videoPort,
                videoRtcpPort,
                cryptoAttribute,
                sessionId,
                newVersion,
                newDirection,
                video);
    }
}
