package io.dialout.demo.media;

import io.dialout.media.rtp.RtpPacket;

/**
 * Gives echoed RTP the demo's own SSRC while keeping one continuous sequence and timestamp space (RFC 3550 section
 * 5.1): when the incoming source changes, or after a pause, numbering continues from the last packet sent instead of
 * jumping. Owned by the selector thread; {@link #resync()} may be called from any thread.
 */
final class SsrcRewriter {
    private final long ownSsrc;
    private final int clockRate;
    private long inSsrc = -1;
    private int seqDelta;
    private long tsDelta;
    private boolean sent;
    private int lastSeq;
    private long lastTs;
    private long lastNanos;
    private volatile boolean resync;

    SsrcRewriter(long ownSsrc, int clockRate) {
        this.ownSsrc = ownSsrc;
        this.clockRate = clockRate;
    }

    /** The next packet starts a new run (after hold): continue numbering from the last packet sent. */
    void resync() {
        resync = true;
    }

    /** The SSRC of the stream being echoed, or -1 before the first packet. */
    long incomingSsrc() {
        return inSsrc;
    }

    long timestampDelta() {
        return tsDelta;
    }

    void rewrite(RtpPacket p, long nowNanos) {
        if (p.ssrc() != inSsrc || resync) {
            resync = false;
            inSsrc = p.ssrc();
            if (sent) {
                seqDelta = (lastSeq + 1 - p.sequence()) & 0xffff;
                long elapsed = Math.max(1, (nowNanos - lastNanos) * clockRate / 1_000_000_000L);
                tsDelta = (lastTs + elapsed - p.timestamp()) & 0xffffffffL;
            }
        }
        int seq = (p.sequence() + seqDelta) & 0xffff;
        long ts = (p.timestamp() + tsDelta) & 0xffffffffL;
        p.setSsrc(ownSsrc);
        p.setSequence(seq);
        p.setTimestamp(ts);
        // Track the newest packet only: a reordered one must not pull the continuation point back.
        if (!sent || ((seq - lastSeq) & 0xffff) < 0x8000) {
            lastSeq = seq;
            lastTs = ts;
            lastNanos = nowNanos;
        }
        sent = true;
    }
}
