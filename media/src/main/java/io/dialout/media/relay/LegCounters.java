package io.dialout.media.relay;

import io.dialout.media.CallMediaStats;
import io.dialout.media.quality.EModel;
import io.dialout.media.quality.LegQuality;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Packet and byte counters of one leg. Written only by the owning I/O thread (single writer, so a plain
 * read-add-lazySet, no atomic read-modify-write); read by anyone for {@link CallMediaStats}.
 */
public final class LegCounters {
    private final AtomicLong packetsIn = new AtomicLong();
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong packetsOut = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong jitterMicros = new AtomicLong();
    private final AtomicLong expected = new AtomicLong(); // audio packets expected on receive (received + lost)
    private final AtomicLong fractionLostQ8 = new AtomicLong(-1); // ours, over the last interval, 1/256 units
    private final AtomicLong firstRtpNanos = new AtomicLong();
    // From the peer's report blocks about what we send (RFC 3550 section 6.4.1); -1 until one arrives.
    private final AtomicLong rttMicros = new AtomicLong(-1);
    private final AtomicLong remoteFractionQ8 = new AtomicLong(-1);
    private final AtomicLong remoteLost = new AtomicLong();
    private final AtomicLong remoteJitterMicros = new AtomicLong();
    private final AtomicLong remoteExpected = new AtomicLong();
    private long intervalExpected;
    private long intervalLost;
    private long intervalStartNanos;

    /** Loss of the last interval is measured over at least this long, so it is not the noise of a few packets. */
    private static final long LOSS_INTERVAL_NANOS = 2_000_000_000L;

    public void received(int bytes) {
        packetsIn.lazySet(packetsIn.get() + 1);
        bytesIn.lazySet(bytesIn.get() + bytes);
    }

    public void sent(int bytes) {
        packetsOut.lazySet(packetsOut.get() + 1);
        bytesOut.lazySet(bytesOut.get() + bytes);
    }

    /** An RTP packet from the leg's peer: counted, and the first one's arrival remembered (the set-up timeline). */
    public void rtpReceived(int bytes, long nowNanos) {
        received(bytes);
        if (firstRtpNanos.get() == 0) {
            firstRtpNanos.lazySet(nowNanos == 0 ? 1 : nowNanos);
        }
    }

    /** {@link System#nanoTime()} of the first RTP packet from the leg's peer, or 0. */
    public long firstRtpNanos() {
        return firstRtpNanos.get();
    }

    /** Publishes the loss and jitter of the leg's received audio (from its {@code RtpReceiveStats}). */
    public void quality(long packetsLost, double jitterMs) {
        lost.lazySet(Math.max(0, packetsLost));
        jitterMicros.lazySet(Math.round(jitterMs * 1000));
    }

    /**
     * Publishes the received audio's loss with the packets received, so the fraction lost over the last interval
     * (RFC 3550 appendix A.3, as in a report block but over at least {@link #LOSS_INTERVAL_NANOS}) can be given.
     */
    public void quality(long packetsLost, long packetsReceived, double jitterMs, long nowNanos) {
        quality(packetsLost, jitterMs);
        long exp = Math.max(0, packetsLost) + packetsReceived;
        expected.lazySet(exp);
        if (intervalStartNanos == 0) {
            intervalStartNanos = nowNanos;
            intervalExpected = exp;
            intervalLost = Math.max(0, packetsLost);
        } else if (nowNanos - intervalStartNanos >= LOSS_INTERVAL_NANOS) {
            long e = exp - intervalExpected;
            long l = Math.max(0, packetsLost) - intervalLost;
            fractionLostQ8.lazySet(e <= 0 || l <= 0 ? 0 : Math.min(256, (l << 8) / e));
            intervalStartNanos = nowNanos;
            intervalExpected = exp;
            intervalLost = Math.max(0, packetsLost);
        }
    }

    /**
     * A reception report block the peer sent about the audio we send it.
     *
     * @param rttMs       the round trip it gives, or a negative value when it gives none
     * @param audioSent   audio packets we had sent by then, to turn the cumulative loss into a percentage
     */
    public void remoteReport(double rttMs, int fractionLost, long cumulativeLost, double jitterMs, long audioSent) {
        if (rttMs >= 0) {
            rttMicros.lazySet(Math.round(rttMs * 1000));
        }
        remoteFractionQ8.lazySet(fractionLost);
        remoteLost.lazySet(Math.max(0, cumulativeLost));
        remoteJitterMicros.lazySet(Math.round(jitterMs * 1000));
        remoteExpected.lazySet(audioSent);
    }

    /**
     * The leg's quality; the MOS is the worse of the two directions, each from the call's cumulative loss, its jitter
     * and the round trip (assumed 0 until the peer's reports give one).
     */
    public LegQuality quality(String audioCodec) {
        long exp = expected.get();
        Double rtt = rttMicros.get() < 0 ? null : rttMicros.get() / 1000.0;
        double rttForMos = rtt == null ? 0 : rtt;
        EModel.Codec codec = EModel.codec(audioCodec, true);
        Double mosIn =
                exp <= 0 ? null : EModel.mos(codec, rttForMos, jitterMicros.get() / 1000.0, 100.0 * lost.get() / exp);
        boolean remote = remoteFractionQ8.get() >= 0;
        long rexp = Math.max(remoteExpected.get(), remoteLost.get());
        Double mosOut = !remote || rexp <= 0
                ? null
                : EModel.mos(codec, rttForMos, remoteJitterMicros.get() / 1000.0, 100.0 * remoteLost.get() / rexp);
        Double mos = mosIn == null ? mosOut : mosOut == null ? mosIn : Double.valueOf(Math.min(mosIn, mosOut));
        return new LegQuality(
                rtt,
                exp <= 0 ? null : jitterMicros.get() / 1000.0,
                fractionLostQ8.get() < 0
                        ? (exp <= 0 ? null : Double.valueOf(0))
                        : Double.valueOf(fractionLostQ8.get() / 256.0),
                exp <= 0 ? null : lost.get(),
                remote ? remoteJitterMicros.get() / 1000.0 : null,
                remote ? remoteFractionQ8.get() / 256.0 : null,
                remote ? remoteLost.get() : null,
                mos == null ? null : Math.round(mos * 100) / 100.0);
    }

    public long packetsReceived() {
        return packetsIn.get();
    }

    public long bytesSent() {
        return bytesOut.get();
    }

    public long packetsSent() {
        return packetsOut.get();
    }

    public CallMediaStats.LegStats snapshot(String audioCodec, String videoCodec) {
        return new CallMediaStats.LegStats(
                audioCodec,
                videoCodec,
                packetsIn.get(),
                bytesIn.get(),
                packetsOut.get(),
                bytesOut.get(),
                lost.get(),
                jitterMicros.get() / 1000.0,
                quality(audioCodec),
                firstRtpNanos.get());
    }
}
