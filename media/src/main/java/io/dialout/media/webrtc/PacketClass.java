package io.dialout.media.webrtc;

/** What a datagram on the shared room port carries, by its first bytes (RFC 7983 section 7, RFC 5761 section 4). */
enum PacketClass {
    STUN,
    DTLS,
    RTP,
    RTCP,
    OTHER;

    static PacketClass of(byte[] buf, int off, int len) {
        if (len < 1) {
            return OTHER;
        }
        int b = buf[off] & 0xFF;
        if (b <= 3) {
            return STUN;
        }
        if (b >= 20 && b <= 63) {
            return DTLS;
        }
        if (b >= 128 && b <= 191) {
            if (len < 2) {
                return OTHER;
            }
            // RFC 5761 section 4: with rtcp-mux, RTCP packet types 192-223 sit where marker+PT would be;
            // RTP payload types 64-95 are not used so the two never collide.
            int pt = buf[off + 1] & 0xFF;
            return pt >= 192 && pt <= 223 ? RTCP : RTP;
        }
        return OTHER; // ZRTP (16-19), TURN channels (64-79) and the rest: not ours
    }
}
