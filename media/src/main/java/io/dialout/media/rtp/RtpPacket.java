package io.dialout.media.rtp;

/**
 * A reusable, mutable view of one RTP packet in a caller's buffer (RFC 3550 section 5.1). One instance per stage
 * and thread: {@link #wrap} re-points it without allocating.
 * <pre>
 *  0                   1                   2                   3
 *  V=2|P|X|  CC   |M|     PT      |       sequence number         |
 *  timestamp | SSRC | CSRC list (CC * 4) | [profile(16) length(16) ext words] | payload | [padding .. count]
 * </pre>
 */
public final class RtpPacket {

    public static final int FIXED_HEADER_LENGTH = 12;

    private byte[] buf;
    private int off;
    private int len;
    private int headerLength;
    private int paddingLength;
    private boolean valid;

    /** A view over a packet, or an invalid view when the bytes are not RTP. */
    public static RtpPacket of(byte[] buf, int off, int len) {
        RtpPacket p = new RtpPacket();
        p.wrap(buf, off, len);
        return p;
    }

    /**
     * Points this view at {@code buf[off, off+len)} and checks the header (RFC 3550 appendix A.1: version 2, the
     * CSRC list, extension and padding fit in the packet, the payload type is not RTCP SR/RR).
     *
     * @return whether the bytes are a valid RTP packet; when false only {@link #isValid()} may be used
     */
    public boolean wrap(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = off;
        this.len = len;
        this.valid = false;
        if (buf == null || off < 0 || len < FIXED_HEADER_LENGTH || off + len > buf.length) {
            return false;
        }
        int b0 = buf[off] & 0xff;
        if ((b0 >>> 6) != 2) {
            return false;
        }
        int pt = buf[off + 1] & 0x7f;
        if (pt >= 72 && pt <= 76) {
            return false; // RFC 3550 A.1 / RFC 5761 section 4: these collide with RTCP packet types
        }
        int h = FIXED_HEADER_LENGTH + 4 * (b0 & 0x0f);
        if (h > len) {
            return false;
        }
        if ((b0 & 0x10) != 0) { // RFC 3550 section 5.3.1 header extension
            if (h + 4 > len) {
                return false;
            }
            int words = ((buf[off + h + 2] & 0xff) << 8) | (buf[off + h + 3] & 0xff);
            h += 4 + 4 * words;
            if (h > len) {
                return false;
            }
        }
        int pad = 0;
        if ((b0 & 0x20) != 0) { // RFC 3550 section 5.1: the last octet counts the padding, itself included
            pad = buf[off + len - 1] & 0xff;
            if (pad == 0 || h + pad > len) {
                return false;
            }
        }
        this.headerLength = h;
        this.paddingLength = pad;
        this.valid = true;
        return true;
    }

    public boolean isValid() {
        return valid;
    }

    public byte[] buffer() {
        return buf;
    }

    public int offset() {
        return off;
    }

    public int length() {
        return len;
    }

    public int version() {
        return (buf[off] & 0xff) >>> 6;
    }

    public boolean hasPadding() {
        return (buf[off] & 0x20) != 0;
    }

    public boolean hasExtension() {
        return (buf[off] & 0x10) != 0;
    }

    public int csrcCount() {
        return buf[off] & 0x0f;
    }

    public long csrc(int i) {
        return Bytes.u32(buf, off + FIXED_HEADER_LENGTH + 4 * i);
    }

    public boolean marker() {
        return (buf[off + 1] & 0x80) != 0;
    }

    public int payloadType() {
        return buf[off + 1] & 0x7f;
    }

    public int sequence() {
        return Bytes.u16(buf, off + 2);
    }

    public long timestamp() {
        return Bytes.u32(buf, off + 4);
    }

    public long ssrc() {
        return Bytes.u32(buf, off + 8);
    }

    /** Fixed header, CSRC list and header extension. */
    public int headerLength() {
        return headerLength;
    }

    public int paddingLength() {
        return paddingLength;
    }

    /** Absolute offset of the payload in {@link #buffer()}. */
    public int payloadOffset() {
        return off + headerLength;
    }

    /** Payload length without padding. */
    public int payloadLength() {
        return len - headerLength - paddingLength;
    }

    public void setMarker(boolean marker) {
        buf[off + 1] = (byte) ((buf[off + 1] & 0x7f) | (marker ? 0x80 : 0));
    }

    public void setPayloadType(int pt) {
        buf[off + 1] = (byte) ((buf[off + 1] & 0x80) | (pt & 0x7f));
    }

    public void setSequence(int seq) {
        Bytes.put16(buf, off + 2, seq);
    }

    public void setTimestamp(long ts) {
        Bytes.put32(buf, off + 4, ts);
    }

    public void setSsrc(long ssrc) {
        Bytes.put32(buf, off + 8, ssrc);
    }

    /**
     * Writes a 12-byte header without CSRCs or extension at {@code buf[off]}; returns the header length.
     */
    public static int writeHeader(byte[] buf, int off, boolean marker, int pt, int seq, long ts, long ssrc) {
        buf[off] = (byte) 0x80;
        buf[off + 1] = (byte) ((marker ? 0x80 : 0) | (pt & 0x7f));
        Bytes.put16(buf, off + 2, seq);
        Bytes.put32(buf, off + 4, ts);
        Bytes.put32(buf, off + 8, ssrc);
        return FIXED_HEADER_LENGTH;
    }

    /**
     * RFC 5761 section 4: with RTP and RTCP on one port, a second octet in 192..223 is RTCP (payload types
     * 64-95 are avoided for RTP). Also used on the SIP side to tell stray RTCP from RTP.
     */
    public static boolean looksLikeRtcp(byte[] buf, int off, int len) {
        if (len < 8) {
            return false;
        }
        int b1 = buf[off + 1] & 0xff;
        return (buf[off] & 0xc0) == 0x80 && b1 >= 192 && b1 <= 223;
    }

    @Override
    public String toString() {
        if (!valid) {
            return "RtpPacket[invalid len=" + len + "]";
        }
        return "RtpPacket[pt=" + payloadType() + " seq=" + sequence() + " ts=" + timestamp() + " ssrc=" + ssrc() + " m="
                + marker() + " payload=" + payloadLength() + "]";
    }
}
