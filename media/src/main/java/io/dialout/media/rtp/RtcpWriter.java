package io.dialout.media.rtp;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes RTCP packets into a caller's buffer and returns the number of bytes written. Concatenate calls to build a
 * compound packet (RFC 3550 section 6.1: SR or RR first, then SDES with a CNAME).
 */
public final class RtcpWriter {
    private RtcpWriter() {}

    private static void header(byte[] b, int off, int count, int type, int lengthBytes) {
        b[off] = (byte) (0x80 | (count & 0x1f));
        b[off + 1] = (byte) type;
        Bytes.put16(b, off + 2, lengthBytes / 4 - 1); // RFC 3550 6.4.1: length in 32-bit words minus one
    }

    /** Sender report with up to 31 report blocks (RFC 3550 section 6.4.1). */
    public static int senderReport(
            byte[] b,
            int off,
            long ssrc,
            long ntp,
            long rtpTimestamp,
            long packetCount,
            long octetCount,
            List<ReportBlock> blocks) {
        int n = Math.min(31, blocks.size());
        int len = 28 + 24 * n;
        header(b, off, n, RtcpReader.SR, len);
        Bytes.put32(b, off + 4, ssrc);
        Bytes.put32(b, off + 8, ntp >>> 32);
        Bytes.put32(b, off + 12, ntp);
        Bytes.put32(b, off + 16, rtpTimestamp);
        Bytes.put32(b, off + 20, packetCount);
        Bytes.put32(b, off + 24, octetCount);
        for (int i = 0; i < n; i++) {
            writeBlock(b, off + 28 + 24 * i, blocks.get(i));
        }
        return len;
    }

    /** Receiver report (RFC 3550 section 6.4.2); with no blocks it is the empty RR that starts a compound. */
    public static int receiverReport(byte[] b, int off, long ssrc, List<ReportBlock> blocks) {
        int n = Math.min(31, blocks.size());
        int len = 8 + 24 * n;
        header(b, off, n, RtcpReader.RR, len);
        Bytes.put32(b, off + 4, ssrc);
        for (int i = 0; i < n; i++) {
            writeBlock(b, off + 8 + 24 * i, blocks.get(i));
        }
        return len;
    }

    private static void writeBlock(byte[] b, int p, ReportBlock r) {
        Bytes.put32(b, p, r.ssrc());
        b[p + 4] = (byte) r.fractionLost();
        int lost = Math.max(-0x800000, Math.min(0x7fffff, r.cumulativeLost())); // RFC 3550 A.3: clamp to 24 bits
        Bytes.put24(b, p + 5, lost & 0xffffff);
        Bytes.put32(b, p + 8, r.extendedHighestSequence());
        Bytes.put32(b, p + 12, r.jitter());
        Bytes.put32(b, p + 16, r.lastSr());
        Bytes.put32(b, p + 20, r.delaySinceLastSr());
    }

    /** SDES with one chunk holding a CNAME (RFC 3550 section 6.5.1). */
    public static int sdesCname(byte[] b, int off, long ssrc, String cname) {
        byte[] name = cname.getBytes(StandardCharsets.UTF_8);
        int nl = Math.min(255, name.length);
        int items = 2 + nl + 1; // CNAME item + the null item ending the list
        int chunk = 4 + ((items + 3) / 4) * 4;
        int len = 4 + chunk;
        header(b, off, 1, RtcpReader.SDES, len);
        Bytes.put32(b, off + 4, ssrc);
        b[off + 8] = RtcpReader.SDES_CNAME;
        b[off + 9] = (byte) nl;
        System.arraycopy(name, 0, b, off + 10, nl);
        for (int i = off + 10 + nl; i < off + len; i++) {
            b[i] = 0;
        }
        return len;
    }

    /** BYE for one source (RFC 3550 section 6.6). */
    public static int bye(byte[] b, int off, long ssrc) {
        header(b, off, 1, RtcpReader.BYE, 8);
        Bytes.put32(b, off + 4, ssrc);
        return 8;
    }

    /** Picture loss indication (RFC 4585 section 6.3.1): no FCI. */
    public static int pli(byte[] b, int off, long senderSsrc, long mediaSsrc) {
        header(b, off, RtcpReader.FMT_PLI, RtcpReader.PSFB, 12);
        Bytes.put32(b, off + 4, senderSsrc);
        Bytes.put32(b, off + 8, mediaSsrc);
        return 12;
    }

    /**
     * Full intra request (RFC 5104 section 4.3.1): the media source field is 0, the FCI names the SSRC and the
     * command sequence number.
     */
    public static int fir(byte[] b, int off, long senderSsrc, long mediaSsrc, int sequence) {
        header(b, off, RtcpReader.FMT_FIR, RtcpReader.PSFB, 20);
        Bytes.put32(b, off + 4, senderSsrc);
        Bytes.put32(b, off + 8, 0);
        Bytes.put32(b, off + 12, mediaSsrc);
        b[off + 16] = (byte) sequence;
        b[off + 17] = 0;
        b[off + 18] = 0;
        b[off + 19] = 0;
        return 20;
    }

    /**
     * Generic NACK for a list of sequence numbers (RFC 4585 section 6.2.1): packed as PID + bitmask of the 16
     * following, as many FCI entries as needed (at most 64 here).
     */
    public static int nack(byte[] b, int off, long senderSsrc, long mediaSsrc, int[] sequences, int count) {
        int p = off + 12;
        int entries = 0;
        int i = 0;
        while (i < count && entries < 64) {
            int pid = sequences[i++];
            int blp = 0;
            while (i < count) {
                int d = (sequences[i] - pid - 1) & 0xffff;
                if (d >= 16) {
                    break;
                }
                blp |= 1 << d;
                i++;
            }
            Bytes.put16(b, p, pid);
            Bytes.put16(b, p + 2, blp);
            p += 4;
            entries++;
        }
        int len = p - off;
        header(b, off, RtcpReader.FMT_NACK, RtcpReader.RTPFB, len);
        Bytes.put32(b, off + 4, senderSsrc);
        Bytes.put32(b, off + 8, mediaSsrc);
        return len;
    }

    /** Generic NACK with one FCI entry (RFC 4585 section 6.2.1). */
    public static int nack(byte[] b, int off, long senderSsrc, long mediaSsrc, int pid, int blp) {
        header(b, off, RtcpReader.FMT_NACK, RtcpReader.RTPFB, 16);
        Bytes.put32(b, off + 4, senderSsrc);
        Bytes.put32(b, off + 8, mediaSsrc);
        Bytes.put16(b, off + 12, pid);
        Bytes.put16(b, off + 14, blp);
        return 16;
    }
}
