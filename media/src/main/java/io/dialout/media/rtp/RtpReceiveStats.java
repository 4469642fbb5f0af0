package io.dialout.media.rtp;

/**
 * Receive statistics of one RTP source: sequence tracking (RFC 3550 appendix A.1), loss (A.3) and interarrival
 * jitter (A.8), and the report block that describes them. Owned by the one thread that receives the source.
 */
public final class RtpReceiveStats {

    private static final int MAX_DROPOUT = 3000;
    private static final int MAX_MISORDER = 100;
    private static final int MIN_SEQUENTIAL = 2;
    private static final int RTP_SEQ_MOD = 1 << 16;

    private final int clockRate;
    private long ssrc = -1;
    private int maxSeq;
    private long cycles;
    private long baseSeq;
    private long badSeq = RTP_SEQ_MOD + 1;
    private int probation = MIN_SEQUENTIAL;
    private long received;
    private long expectedPrior;
    private long receivedPrior;
    private long transit;
    private boolean haveTransit;
    private long jitterQ4; // jitter * 16, the integer form of A.8
    private long lastSrMiddle;
    private long lastSrArrivalNanos;
    private boolean started;

    public RtpReceiveStats(int clockRate) {
        this.clockRate = clockRate;
    }

    public long ssrc() {
        return ssrc;
    }

    public int clockRate() {
        return clockRate;
    }

    /**
     * Accounts one received packet of the source's main payload: its sequence number and its interarrival jitter.
     *
     * @return false when the packet is outside the valid sequence window (a big jump while not yet confirmed), as
     *     update_seq in A.1 returns 0; the caller may still forward it
     */
    public boolean update(long packetSsrc, int seq, long rtpTimestamp, long arrivalNanos) {
        boolean valid = updateSequence(packetSsrc, seq);
        if (valid) {
            updateJitter(rtpTimestamp, arrivalNanos);
        }
        return valid;
    }

    /**
     * Accounts a received packet for the sequence, received and lost counts only (A.1, A.3), without a jitter sample:
     * for the packets of the source whose timestamps are not sampling instants, such as RFC 4733 events, which share
     * the audio's SSRC and sequence space and so must be counted, or each would look lost.
     *
     * @return as {@link #update}
     */
    public boolean updateSequence(long packetSsrc, int seq) {
        if (packetSsrc != ssrc) { // A new source (or an SSRC change): start over
            ssrc = packetSsrc;
            initSeq(seq);
            maxSeq = seq - 1;
            probation = MIN_SEQUENTIAL;
            haveTransit = false;
            jitterQ4 = 0;
            started = true;
        }
        return updateSeq(seq);
    }

    private void initSeq(int seq) {
        baseSeq = seq;
        maxSeq = seq;
        badSeq = RTP_SEQ_MOD + 1;
        cycles = 0;
        received = 0;
        receivedPrior = 0;
        expectedPrior = 0;
    }

    /** RFC 3550 appendix A.1 update_seq. */
    private boolean updateSeq(int seq) {
        int udelta = (seq - maxSeq) & 0xffff;
        if (probation > 0) {
            if (seq == ((maxSeq + 1) & 0xffff)) {
                probation--;
                maxSeq = seq;
                if (probation == 0) {
                    initSeq(seq);
                    received++;
                    return true;
                }
            } else {
                probation = MIN_SEQUENTIAL - 1;
                maxSeq = seq;
            }
            return false;
        } else if (udelta < MAX_DROPOUT) {
            if (seq < maxSeq) {
                cycles += RTP_SEQ_MOD; // wrapped
            }
            maxSeq = seq;
        } else if (udelta <= RTP_SEQ_MOD - MAX_MISORDER) {
            if (seq == badSeq) { // two sequential packets after a big jump: the sender restarted
                initSeq(seq);
            } else {
                badSeq = (seq + 1) & (RTP_SEQ_MOD - 1);
                return false;
            }
        }
        // else: duplicate or reordered packet
        received++;
        return true;
    }

    /** RFC 3550 appendix A.8, in integer form (jitter kept times 16). */
    private void updateJitter(long rtpTimestamp, long arrivalNanos) {
        long arrival = arrivalNanos / 1000 * clockRate / 1_000_000L; // arrival time in RTP units
        long t = (arrival - rtpTimestamp) & 0xffffffffL;
        if (haveTransit) {
            long d = (int) (t - transit); // the difference modulo 2^32, as a signed value
            if (d < 0) {
                d = -d;
            }
            jitterQ4 += d - ((jitterQ4 + 8) >> 4);
        }
        transit = t;
        haveTransit = true;
    }

    public long received() {
        return received;
    }

    public long extendedHighestSequence() {
        return cycles + maxSeq;
    }

    /** RFC 3550 appendix A.3: expected minus received (may go negative with duplicates). */
    public long cumulativeLost() {
        if (!started || probation > 0) {
            return 0;
        }
        long expected = extendedHighestSequence() - baseSeq + 1;
        return expected - received;
    }

    /** Jitter in RTP timestamp units. */
    public long jitter() {
        return jitterQ4 >> 4;
    }

    public double jitterMillis() {
        return clockRate == 0 ? 0 : jitter() * 1000.0 / clockRate;
    }

    /** Remembers an SR from this source, for the LSR/DLSR fields of our next report. */
    public void senderReportReceived(long ntp, long arrivalNanos) {
        lastSrMiddle = NtpTime.middle32(ntp);
        lastSrArrivalNanos = arrivalNanos;
    }

    /** The report block for this source; the fraction lost covers the interval since the previous call (A.3). */
    public ReportBlock reportBlock(long nowNanos) {
        long expected = extendedHighestSequence() - baseSeq + 1;
        long expectedInterval = expected - expectedPrior;
        expectedPrior = expected;
        long receivedInterval = received - receivedPrior;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        int fraction = expectedInterval == 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
        long dlsr = lastSrMiddle == 0 ? 0 : ((nowNanos - lastSrArrivalNanos) * 65536L) / 1_000_000_000L;
        return new ReportBlock(
                ssrc,
                Math.min(255, fraction),
                (int) Math.max(-0x800000, Math.min(0x7fffff, cumulativeLost())),
                extendedHighestSequence() & 0xffffffffL,
                jitter(),
                lastSrMiddle,
                dlsr);
    }

    public boolean started() {
        return started && probation == 0;
    }
}
