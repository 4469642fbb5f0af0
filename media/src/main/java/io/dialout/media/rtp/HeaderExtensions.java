package io.dialout.media.rtp;

/**
 * Finds one element of an RTP header extension by its negotiated id (RFC 8285: the one-byte form, profile 0xBEDE,
 * section 4.2, and the two-byte form, profile 0x100X, section 4.3). Allocates nothing.
 */
public final class HeaderExtensions {

    /** RFC 6464: the client-to-mixer audio level extension's URI (negotiated with a=extmap, RFC 8285 section 5). */
    public static final String AUDIO_LEVEL_URI = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

    private HeaderExtensions() {}

    /**
     * The offset in the packet's buffer of the data of element {@code id}, with its length in the low 8 bits of the
     * result: {@code (offset << 8) | length}; -1 when the packet carries no such element.
     */
    public static long find(RtpPacket p, int id) {
        if (id <= 0 || !p.hasExtension()) {
            return -1;
        }
        byte[] b = p.buffer();
        int start = p.offset() + RtpPacket.FIXED_HEADER_LENGTH + 4 * p.csrcCount();
        int profile = ((b[start] & 0xff) << 8) | (b[start + 1] & 0xff);
        int words = ((b[start + 2] & 0xff) << 8) | (b[start + 3] & 0xff);
        int i = start + 4;
        int end = i + 4 * words;
        if (profile == 0xBEDE) {
            while (i < end) {
                int h = b[i] & 0xff;
                if (h == 0) { // padding (section 4.2)
                    i++;
                    continue;
                }
                int eid = h >>> 4;
                if (eid == 15) { // reserved: stop processing (section 4.2)
                    return -1;
                }
                int len = (h & 0x0f) + 1;
                if (i + 1 + len > end) {
                    return -1;
                }
                if (eid == id) {
                    return ((long) (i + 1) << 8) | len;
                }
                i += 1 + len;
            }
        } else if ((profile & 0xfff0) == 0x1000) {
            while (i < end) {
                int eid = b[i] & 0xff;
                if (eid == 0) { // padding (section 4.3)
                    i++;
                    continue;
                }
                if (i + 1 >= end) {
                    return -1;
                }
                int len = b[i + 1] & 0xff;
                if (i + 2 + len > end) {
                    return -1;
                }
                if (eid == id) {
                    return ((long) (i + 2) << 8) | len;
                }
                i += 2 + len;
            }
        }
        return -1;
    }

    /**
     * The audio level in -dBov (0 loudest, 127 silence) from the RFC 6464 element {@code id} (section 3: the voice
     * activity bit, then 7 bits of level), or -1 when the packet has none.
     */
    public static int audioLevel(RtpPacket p, int id) {
        long at = find(p, id);
        if (at < 0 || (at & 0xff) < 1) {
            return -1;
        }
        return p.buffer()[(int) (at >>> 8)] & 0x7f;
    }
}
