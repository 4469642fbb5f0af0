package io.dialout.media.relay;

import io.dialout.media.rtp.RtpPacket;

/**
 * The sequence and timestamp space of one stream we send (one SSRC toward one leg). Forwarded packets keep their
 * gaps (an offset is applied, so the receiver still sees loss); generated packets (transcoded frames, DTMF we
 * originate) continue from the last one. When the source SSRC changes, or we switch between forwarding and
 * generating, the offsets are recomputed so the receiver sees one continuous stream (RFC 3550 section 5.1: the
 * sequence increments by one per packet, the timestamp advances with the sampling clock).
 */
public final class OutboundStream {

    private final long ssrc;
    private final int clockRate;
    private long sourceSsrc = -1;
    private int seqOffset;
    private long tsOffset;
    private int lastSeq;
    private long lastTs;
    private long lastNanos;
    private boolean started;
    private boolean resequence;
    private long packetsSent;
    private long octetsSent;

    public OutboundStream(long ssrc, int clockRate, int initialSeq, long initialTs) {
        this.ssrc = ssrc;
        this.clockRate = clockRate;
        this.lastSeq = (initialSeq - 1) & 0xffff;
        this.lastTs = initialTs & 0xffffffffL;
    }

    public long ssrc() {
        return ssrc;
    }

    public int clockRate() {
        return clockRate;
    }

    /**
     * Rewrites a forwarded packet in place: our SSRC, {@code outPt}, sequence and timestamp shifted by this stream's
     * offsets (set on the first packet of each source SSRC).
     */
    public void forward(RtpPacket p, int outPt, long nowNanos) {
        if (p.ssrc() != sourceSsrc) {
            sourceSsrc = p.ssrc();
            seqOffset = (lastSeq + 1 - p.sequence()) & 0xffff;
            tsOffset = (continuedTimestamp(nowNanos) - p.timestamp()) & 0xffffffffL;
            resequence = false;
        } else if (resequence) {
            // Packets we generated took sequence numbers: continue after them. The source's clock went on, so
            // its timestamp mapping stays (re-mapping it would re-stamp an event in progress as a new one).
            seqOffset = (lastSeq + 1 - p.sequence()) & 0xffff;
            resequence = false;
        }
        int seq = (p.sequence() + seqOffset) & 0xffff;
        long ts = (p.timestamp() + tsOffset) & 0xffffffffL;
        p.setSsrc(ssrc);
        p.setPayloadType(outPt);
        p.setSequence(seq);
        p.setTimestamp(ts);
        if (((seq - lastSeq) & 0xffff) < 0x8000) { // only newer packets move the stream on
            lastSeq = seq;
            lastTs = ts;
            lastNanos = nowNanos;
        }
        started = true;
    }

    /**
     * The source's sequence number for one of ours (to carry a NACK back to the source, RFC 4585 section 6.2.1), or
     * -1 when the packet was not forwarded from the current source.
     */
    public int sourceSequence(int ourSeq) {
        return sourceSsrc < 0 ? -1 : (ourSeq - seqOffset) & 0xffff;
    }

    /** The SSRC of the source being forwarded, or -1. */
    public long sourceSsrc() {
        return sourceSsrc;
    }

    /** Maps a source timestamp of the current forwarded source to ours (for DTMF events sharing its clock). */
    public long mapTimestamp(long sourceTs) {
        return (sourceTs + tsOffset) & 0xffffffffL;
    }

    /**
     * Writes the header of a packet we generate, {@code tsIncrement} after the previous one; the next forwarded
     * packet continues the sequence from here.
     */
    public int writeNext(byte[] buf, int off, int pt, boolean marker, long tsIncrement, long nowNanos) {
        long ts = started ? (lastTs + tsIncrement) & 0xffffffffL : lastTs;
        return writeAt(buf, off, pt, marker, ts, nowNanos);
    }

    /** Writes the header of a generated packet with an explicit timestamp (all packets of a DTMF event share one). */
    public int writeAt(byte[] buf, int off, int pt, boolean marker, long ts, long nowNanos) {
        lastSeq = (lastSeq + 1) & 0xffff;
        if (!started || ((ts - lastTs) & 0xffffffffL) < 0x80000000L) { // an event's older start keeps the clock
            lastTs = ts;
            lastNanos = nowNanos;
        }
        started = true;
        resequence = true; // a forwarded packet after this continues the numbering
        return RtpPacket.writeHeader(buf, off, marker, pt, lastSeq, ts, ssrc);
    }

    /** The timestamp the stream would have now if it had kept running since the last packet. */
    public long continuedTimestamp(long nowNanos) {
        if (!started) {
            return lastTs;
        }
        long elapsed = Math.max(1, (nowNanos - lastNanos) * clockRate / 1_000_000_000L);
        return (lastTs + elapsed) & 0xffffffffL;
    }

    /** Counts a packet of this stream that left (for the sender report, RFC 3550 section 6.4.1). */
    public void sent(int payloadOctets) {
        packetsSent++;
        octetsSent += payloadOctets;
    }

    public long packetsSent() {
        return packetsSent;
    }

    public long octetsSent() {
        return octetsSent;
    }

    /** The sequence number the next packet would get (to continue the numbering in a replacement stream). */
    public int nextSequenceHint() {
        return (lastSeq + 1) & 0xffff;
    }

    public long lastTimestamp() {
        return lastTs;
    }
}
