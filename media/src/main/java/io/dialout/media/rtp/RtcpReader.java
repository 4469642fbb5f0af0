package io.dialout.media.rtp;

import java.util.ArrayList;
import java.util.List;

/**
 * Walks the packets of an RTCP compound packet (RFC 3550 section 6.1) and reads the fields of the current one.
 * Reusable; never throws on malformed input: {@link #next()} returns false and {@link #malformed()} tells why it
 * stopped. Accessors of a type are valid only while the current packet is of that type.
 * <pre>
 *  while (reader.next()) { switch (reader.packetType()) { case RtcpReader.SR -> ...; } }
 * </pre>
 */
public final class RtcpReader {

    public static final int SR = 200;
    public static final int RR = 201;
    public static final int SDES = 202;
    public static final int BYE = 203;
    public static final int APP = 204;
    /** RFC 4585 section 6.2 transport layer feedback; FMT 1 = generic NACK. */
    public static final int RTPFB = 205;
    /** RFC 4585 section 6.3 payload-specific feedback; FMT 1 = PLI, 4 = FIR (RFC 5104), 15 = application (REMB). */
    public static final int PSFB = 206;

    public static final int FMT_NACK = 1;
    public static final int FMT_PLI = 1;
    public static final int FMT_FIR = 4;
    public static final int FMT_AFB = 15;

    public static final int SDES_CNAME = 1;

    private byte[] buf;
    private int end;
    private int next;
    private int cur;
    private int curLen;
    private boolean malformed;

    public static RtcpReader of(byte[] buf, int off, int len) {
        RtcpReader r = new RtcpReader();
        r.reset(buf, off, len);
        return r;
    }

    public void reset(byte[] buf, int off, int len) {
        this.buf = buf;
        this.next = off;
        this.end = off + len;
        this.cur = -1;
        this.curLen = 0;
        this.malformed = buf == null || off < 0 || len < 0 || off + len > buf.length;
        if (malformed) {
            this.end = off;
        }
    }

    /**
     * Advances to the next packet of the compound. Each must have version 2 and a length that fits (RFC 3550
     * appendix A.2); a packet whose fields do not fit its length stops the walk as malformed.
     */
    public boolean next() {
        if (malformed || next >= end) {
            return false;
        }
        if (end - next < 4 || (buf[next] & 0xc0) != 0x80) {
            malformed = true;
            return false;
        }
        int words = Bytes.u16(buf, next + 2);
        int l = 4 * (words + 1);
        if (next + l > end) {
            malformed = true;
            return false;
        }
        cur = next;
        curLen = l;
        next += l;
        if (!structureFits()) {
            malformed = true;
            return false;
        }
        return true;
    }

    private boolean structureFits() {
        int count = count();
        return switch (packetType()) {
            case SR -> curLen >= 28 + 24 * count;
            case RR -> curLen >= 8 + 24 * count;
            case BYE -> curLen >= 4 + 4 * count;
            case RTPFB, PSFB -> curLen >= 12;
            default -> true;
        };
    }

    /** True when the walk stopped on bytes that are not valid RTCP. */
    public boolean malformed() {
        return malformed;
    }

    public int packetType() {
        return buf[cur + 1] & 0xff;
    }

    /** Reception report count, source count, or feedback message type (FMT), by packet type. */
    public int count() {
        return buf[cur] & 0x1f;
    }

    public int packetOffset() {
        return cur;
    }

    public int packetLength() {
        return curLen;
    }

    /** SSRC of the sender (SR, RR, RTPFB, PSFB), the first chunk's (SDES) or the first source's (BYE). */
    public long senderSsrc() {
        return curLen >= 8 ? Bytes.u32(buf, cur + 4) : -1;
    }

    // ---- SR (RFC 3550 section 6.4.1)

    public long ntpTimestamp() {
        return (Bytes.u32(buf, cur + 8) << 32) | Bytes.u32(buf, cur + 12);
    }

    public long srRtpTimestamp() {
        return Bytes.u32(buf, cur + 16);
    }

    public long senderPacketCount() {
        return Bytes.u32(buf, cur + 20);
    }

    public long senderOctetCount() {
        return Bytes.u32(buf, cur + 24);
    }

    // ---- report blocks of SR and RR (RFC 3550 section 6.4.1)

    public int reportBlockCount() {
        int t = packetType();
        return t == SR || t == RR ? count() : 0;
    }

    private int block(int i) {
        return cur + (packetType() == SR ? 28 : 8) + 24 * i;
    }

    public long blockSsrc(int i) {
        return Bytes.u32(buf, block(i));
    }

    public int blockFractionLost(int i) {
        return buf[block(i) + 4] & 0xff;
    }

    /** Cumulative number of packets lost: a signed 24-bit value. */
    public int blockCumulativeLost(int i) {
        int v = Bytes.u24(buf, block(i) + 5);
        return (v << 8) >> 8;
    }

    public long blockExtendedHighestSequence(int i) {
        return Bytes.u32(buf, block(i) + 8);
    }

    public long blockJitter(int i) {
        return Bytes.u32(buf, block(i) + 12);
    }

    public long blockLastSr(int i) {
        return Bytes.u32(buf, block(i) + 16);
    }

    public long blockDelaySinceLastSr(int i) {
        return Bytes.u32(buf, block(i) + 20);
    }

    public ReportBlock reportBlock(int i) {
        return new ReportBlock(
                blockSsrc(i),
                blockFractionLost(i),
                blockCumulativeLost(i),
                blockExtendedHighestSequence(i),
                blockJitter(i),
                blockLastSr(i),
                blockDelaySinceLastSr(i));
    }

    // ---- SDES (RFC 3550 section 6.5)

    /** One SDES item. */
    public record SdesItem(long ssrc, int type, String value) {}

    /** The items of every chunk; empty when the chunks do not fit (a malformed SDES is simply ignored). */
    public List<SdesItem> sdesItems() {
        List<SdesItem> items = new ArrayList<>();
        int p = cur + 4;
        int stop = cur + curLen;
        for (int c = 0; c < count(); c++) {
            if (p + 4 > stop) {
                return List.of();
            }
            long ssrc = Bytes.u32(buf, p);
            p += 4;
            while (true) {
                if (p >= stop) {
                    return List.of();
                }
                int type = buf[p] & 0xff;
                if (type == 0) { // end of the item list; the chunk is padded to a 32-bit boundary
                    p = cur + ((p - cur) / 4 + 1) * 4;
                    break;
                }
                if (p + 2 > stop || p + 2 + (buf[p + 1] & 0xff) > stop) {
                    return List.of();
                }
                int l = buf[p + 1] & 0xff;
                items.add(new SdesItem(ssrc, type, new String(buf, p + 2, l, java.nio.charset.StandardCharsets.UTF_8)));
                p += 2 + l;
            }
        }
        return items;
    }

    /** The CNAME of the first chunk that has one, or null. */
    public String sdesCname() {
        for (SdesItem item : sdesItems()) {
            if (item.type() == SDES_CNAME) {
                return item.value();
            }
        }
        return null;
    }

    // ---- BYE (RFC 3550 section 6.6)

    public long byeSsrc(int i) {
        return Bytes.u32(buf, cur + 4 + 4 * i);
    }

    // ---- feedback (RFC 4585 section 6.1): header, sender SSRC, media source SSRC, FCI

    public long mediaSsrc() {
        return Bytes.u32(buf, cur + 8);
    }

    public boolean isNack() {
        return packetType() == RTPFB && count() == FMT_NACK;
    }

    public boolean isPli() {
        return packetType() == PSFB && count() == FMT_PLI;
    }

    public boolean isFir() {
        return packetType() == PSFB && count() == FMT_FIR;
    }

    /** RFC 4585 section 6.2.1: each FCI entry is a PID and a bitmask of the 16 following lost packets. */
    public int nackCount() {
        return isNack() ? (curLen - 12) / 4 : 0;
    }

    public int nackPid(int i) {
        return Bytes.u16(buf, cur + 12 + 4 * i);
    }

    public int nackBlp(int i) {
        return Bytes.u16(buf, cur + 14 + 4 * i);
    }

    /** Every sequence number the NACK asks for, in order. */
    public int[] nackedSequences() {
        int[] tmp = new int[nackCount() * 17];
        int n = 0;
        for (int i = 0; i < nackCount(); i++) {
            int pid = nackPid(i);
            int blp = nackBlp(i);
            tmp[n++] = pid;
            for (int b = 0; b < 16; b++) {
                if ((blp & (1 << b)) != 0) {
                    tmp[n++] = (pid + b + 1) & 0xffff;
                }
            }
        }
        return java.util.Arrays.copyOf(tmp, n);
    }

    /** RFC 5104 section 4.3.1.1: FIR FCI entries are SSRC + command sequence number + 3 reserved octets. */
    public int firCount() {
        return isFir() ? (curLen - 12) / 8 : 0;
    }

    public long firSsrc(int i) {
        return Bytes.u32(buf, cur + 12 + 8 * i);
    }

    public int firSequence(int i) {
        return buf[cur + 16 + 8 * i] & 0xff;
    }

    /** draft-alvestrand-rmcat-remb: PSFB FMT 15 whose FCI starts with "REMB". */
    public boolean isRemb() {
        return packetType() == PSFB
                && count() == FMT_AFB
                && curLen >= 20
                && buf[cur + 12] == 'R'
                && buf[cur + 13] == 'E'
                && buf[cur + 14] == 'M'
                && buf[cur + 15] == 'B'
                && curLen >= 20 + 4 * (buf[cur + 16] & 0xff);
    }

    /** REMB bitrate in bit/s: 6-bit exponent, 18-bit mantissa. */
    public long rembBitrate() {
        int exp = (buf[cur + 17] & 0xff) >>> 2;
        long mantissa = ((buf[cur + 17] & 0x03L) << 16) | Bytes.u16(buf, cur + 18);
        return exp >= 46 ? Long.MAX_VALUE : mantissa << exp;
    }

    public int rembSsrcCount() {
        return buf[cur + 16] & 0xff;
    }

    public long rembSsrc(int i) {
        return Bytes.u32(buf, cur + 20 + 4 * i);
    }

    /** Points at the media-source SSRC field of the current feedback packet (for in-place rewriting). */
    public void setMediaSsrc(long ssrc) {
        Bytes.put32(buf, cur + 8, ssrc);
    }

    public void setSenderSsrc(long ssrc) {
        Bytes.put32(buf, cur + 4, ssrc);
    }

    public void setFirSsrc(int i, long ssrc) {
        Bytes.put32(buf, cur + 12 + 8 * i, ssrc);
    }
}
