package io.dialout.demo.media;

import io.dialout.media.rtp.Bytes;

/**
 * Turns an RTCP compound packet from the caller into the one a loopback phone would send back: every sender SSRC
 * becomes the demo's, and a reference to the demo's stream (a report block, a PLI or FIR target) becomes a reference
 * to the caller's stream, since what the demo sends is the caller's own media. So a PLI about the echoed video reaches
 * the caller as a PLI about its own video, and it sends the key frame that comes back. The SR's RTP timestamp is
 * shifted like the echoed packets' (RFC 3550 section 6.4.1). Works in place; malformed input is left as it is.
 */
final class RtcpSsrcMirror {
    private RtcpSsrcMirror() {}

    /** @return false when the compound is malformed (then it is not forwarded) */
    static boolean mirror(byte[] b, int off, int len, long callerSsrc, long ownSsrc, long tsDelta) {
        int end = off + len;
        int p = off;
        while (p + 4 <= end) {
            if ((b[p] & 0xc0) != 0x80) {
                return false;
            }
            int count = b[p] & 0x1f;
            int pt = b[p + 1] & 0xff;
            int plen = 4 * (Bytes.u16(b, p + 2) + 1);
            if (p + plen > end) {
                return false;
            }
            switch (pt) {
                case 200 -> { // SR, RFC 3550 section 6.4.1
                    put(b, p + 4, plen, ownSsrc);
                    if (plen >= 28) {
                        Bytes.put32(b, p + 16, (Bytes.u32(b, p + 16) + tsDelta) & 0xffffffffL);
                    }
                    blocks(b, p + 28, count, p + plen, callerSsrc, ownSsrc);
                }
                case 201 -> { // RR, section 6.4.2
                    put(b, p + 4, plen, ownSsrc);
                    blocks(b, p + 8, count, p + plen, callerSsrc, ownSsrc);
                }
                case 202 -> sdes(b, p + 4, count, p + plen, ownSsrc);
                case 203 -> { // BYE, section 6.6
                    for (int i = 0; i < count && p + 8 + 4 * i <= p + plen; i++) {
                        Bytes.put32(b, p + 4 + 4 * i, ownSsrc);
                    }
                }
                case 205, 206 -> feedback(b, p, plen, count, pt, callerSsrc, ownSsrc);
                default -> put(b, p + 4, plen, ownSsrc); // APP, XR: the sender SSRC follows the header
            }
            p += plen;
        }
        return p == end;
    }

    private static void put(byte[] b, int at, int plen, long ssrc) {
        if (plen >= 8) {
            Bytes.put32(b, at, ssrc);
        }
    }

    private static void blocks(byte[] b, int at, int count, int end, long callerSsrc, long ownSsrc) {
        for (int i = 0; i < count && at + 24 * (i + 1) <= end; i++) {
            swap(b, at + 24 * i, callerSsrc, ownSsrc);
        }
    }

    /** SDES chunks (section 6.5): an SSRC, items up to a zero octet, padding to 32 bits. */
    private static void sdes(byte[] b, int at, int chunks, int end, long ownSsrc) {
        int q = at;
        for (int c = 0; c < chunks && q + 4 <= end; c++) {
            Bytes.put32(b, q, ownSsrc);
            q += 4;
            while (q < end && b[q] != 0) {
                q += 2 + (q + 1 < end ? b[q + 1] & 0xff : 0);
            }
            q = at + ((q - at + 4) & ~3); // the zero item type, then padding to the next 32-bit boundary
        }
    }

    /** RFC 4585 section 6.1: sender SSRC, media source SSRC, then the FCI. */
    private static void feedback(byte[] b, int p, int plen, int fmt, int pt, long callerSsrc, long ownSsrc) {
        if (plen < 12) {
            return;
        }
        Bytes.put32(b, p + 4, ownSsrc);
        swap(b, p + 8, callerSsrc, ownSsrc);
        if (pt == 206 && fmt == 4) { // FIR, RFC 5104 section 4.3.1: FCI entries of SSRC + seq nr
            for (int q = p + 12; q + 8 <= p + plen; q += 8) {
                swap(b, q, callerSsrc, ownSsrc);
            }
        } else if (pt == 206 && fmt == 15 && plen >= 20 && b[p + 12] == 'R' && b[p + 13] == 'E') {
            int n = b[p + 16] & 0xff; // REMB (draft-alvestrand-rmcat-remb): its SSRC list follows the bitrate
            for (int i = 0; i < n && p + 20 + 4 * (i + 1) <= p + plen; i++) {
                swap(b, p + 20 + 4 * i, callerSsrc, ownSsrc);
            }
        }
    }

    private static void swap(byte[] b, int at, long callerSsrc, long ownSsrc) {
        long v = Bytes.u32(b, at);
        if (v == ownSsrc && callerSsrc >= 0) {
            Bytes.put32(b, at, callerSsrc);
        } else if (v == callerSsrc) {
            Bytes.put32(b, at, ownSsrc);
        }
    }
}
