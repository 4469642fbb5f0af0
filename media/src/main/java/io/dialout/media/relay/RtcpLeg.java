package io.dialout.media.relay;

import io.dialout.media.quality.Rtt;
import io.dialout.media.rtp.NtpTime;
import io.dialout.media.rtp.ReportBlock;
import io.dialout.media.rtp.RtcpReader;
import io.dialout.media.rtp.RtcpWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * RTCP of one leg, terminated and regenerated (RFC 3550 section 6.4; docs/design.md, "RTCP is terminated per leg"): we read the leg's reports for
 * our statistics and never forward them, we send our own SR/RR + SDES with the SSRCs we use on that leg, and
 * keyframe requests (PLI, FIR) the leg sends about the video we send it are passed on to the other leg as a PLI
 * naming that leg's video source. Owned by the call's I/O thread.
 */
public final class RtcpLeg {

    private static final long REPORT_INTERVAL_NANOS = 5_000_000_000L; // RFC 3550 6.2 minimum interval, randomised
    private static final long KEYFRAME_REQUEST_MIN_GAP_NANOS = 300_000_000L;

    private final String name;
    private final PacketSink sink;
    private final DirectionPipeline fromLeg; // packets this leg sends us: the sources we report on
    private final DirectionPipeline toLeg; // packets we send this leg: our SSRCs on it
    private final String cname;
    private final RtcpReader reader = new RtcpReader();
    private RtcpLeg peer;
    private PacketSink videoRtcpSink;
    private long nextReportNanos;
    private long lastKeyframeRequestNanos = Long.MIN_VALUE / 2;
    private long keyframeRequestsReceived;
    private long keyframeRequestsSent;
    private long lastKeyframeRequestSsrc = -1;
    private boolean fir;
    private int firSequence;
    private long reportsSent;
    private long reportsReceived;
    private long nacksReceived;
    private long nacksSent;
    private long compoundsReceived;
    private long malformed;
    private double lastRttMs = -1;

    public RtcpLeg(String name, PacketSink sink, DirectionPipeline fromLeg, DirectionPipeline toLeg, String cname) {
        this.name = name;
        this.sink = sink;
        this.videoRtcpSink = sink;
        this.fromLeg = fromLeg;
        this.toLeg = toLeg;
        this.cname = cname;
    }

    /** Where video feedback (PLI, NACK) goes when the leg's video has its own RTCP port (the SIP video m-line). */
    public void setVideoRtcpSink(PacketSink videoRtcpSink) {
        this.videoRtcpSink = videoRtcpSink;
    }

    public void setPeer(RtcpLeg peer) {
        this.peer = peer;
    }

    /** An RTCP compound received from this leg (decrypted). */
    public void onRtcp(byte[] buf, int off, int len, long nowNanos) {
        onRtcp(buf, off, len, nowNanos, System.currentTimeMillis());
    }

    /** As {@link #onRtcp(byte[], int, int, long)}, with the wall clock of the arrival (for the round trip). */
    void onRtcp(byte[] buf, int off, int len, long nowNanos, long wallMillis) {
        compoundsReceived++;
        reader.reset(buf, off, len);
        while (reader.next()) {
            switch (reader.packetType()) {
                case RtcpReader.SR -> {
                    reportsReceived++;
                    long ssrc = reader.senderSsrc();
                    if (fromLeg.audioStats() != null
                            && ssrc == fromLeg.audioStats().ssrc()) {
                        fromLeg.audioStats().senderReportReceived(reader.ntpTimestamp(), nowNanos);
                    } else if (fromLeg.videoStats() != null
                            && ssrc == fromLeg.videoStats().ssrc()) {
                        fromLeg.videoStats().senderReportReceived(reader.ntpTimestamp(), nowNanos);
                    }
                    reportBlocks(wallMillis);
                }
                case RtcpReader.RR -> {
                    reportsReceived++;
                    reportBlocks(wallMillis);
                }
                case RtcpReader.PSFB -> {
                    if (reader.isPli() || reader.isFir()) {
                        keyframeRequestsReceived++;
                        if (peer != null) {
                            peer.requestKeyframe(nowNanos);
                        }
                    }
                }
                case RtcpReader.RTPFB -> {
                    if (reader.isNack() && peer != null) {
                        nackReceived(nowNanos);
                    }
                }
                default -> {} // SDES, BYE, REMB, APP: terminated here
            }
        }
        if (reader.malformed()) {
            malformed++;
        }
    }

    /**
     * The report blocks of the current SR or RR about the audio we send this leg: the leg's view of our stream
     * (loss, jitter) and the round trip, {@code A - LSR - DLSR} (RFC 3550 section 6.4.1).
     */
    private void reportBlocks(long wallMillis) {
        OutboundStream audio = toLeg.audioOut();
        if (audio == null) {
            return;
        }
        for (int i = 0; i < reader.reportBlockCount(); i++) {
            if (reader.blockSsrc(i) != audio.ssrc()) {
                continue;
            }
            long arrival = NtpTime.middle32(NtpTime.fromEpochMillis(wallMillis));
            double rtt = Rtt.millis(arrival, reader.blockLastSr(i), reader.blockDelaySinceLastSr(i));
            int clock = audio.clockRate();
            double jitterMs = clock <= 0 ? 0 : reader.blockJitter(i) * 1000.0 / clock;
            toLeg.outCounters()
                    .remoteReport(
                            rtt,
                            reader.blockFractionLost(i),
                            reader.blockCumulativeLost(i),
                            jitterMs,
                            audio.packetsSent());
            lastRttMs = rtt >= 0 ? rtt : lastRttMs;
        }
    }

    /** The round trip from the leg's last report block that carried one, in ms; -1 before. */
    public double lastRttMs() {
        return lastRttMs;
    }

    /**
     * A NACK about the video we send this leg: its sequence numbers are ours; mapped back to the source's, it goes to
     * the other leg, whose sender retransmits (Chrome resends the packet itself when no RTX is negotiated) and the
     * retransmission is forwarded like any packet. Audio NACKs are not relayed.
     */
    private void nackReceived(long nowNanos) {
        OutboundStream video = toLeg.videoOut();
        if (video == null || reader.mediaSsrc() != video.ssrc()) {
            return;
        }
        int[] ours = reader.nackedSequences();
        int[] theirs = new int[ours.length];
        int n = 0;
        for (int seq : ours) {
            int s = video.sourceSequence(seq);
            if (s >= 0) {
                theirs[n++] = s;
            }
        }
        nacksReceived++;
        if (n > 0) {
            peer.requestRetransmission(theirs, n);
        }
    }

    /** Sends this leg a NACK for packets of the video it sends us (source sequence numbers). */
    void requestRetransmission(int[] sequences, int count) {
        long media = fromLeg.inputVideoSsrc();
        if (media < 0 || toLeg.videoOut() == null || !videoRtcpSink.ready()) {
            return;
        }
        byte[] b = new byte[12 + 4 * 64 + 64];
        int len = RtcpWriter.nack(b, 0, toLeg.videoOut().ssrc(), media, sequences, count);
        if (videoRtcpSink.sendRtcp(b, 0, len)) {
            nacksSent++;
        }
    }

    public long nacksReceived() {
        return nacksReceived;
    }

    public long nacksSent() {
        return nacksSent;
    }

    /**
     * Asks this leg for a keyframe of the video it sends us (a PLI, RFC 4585 section 6.3.1, with our own sender SSRC
     * on this leg and its video SSRC as the media source), at most one per {@value #KEYFRAME_REQUEST_MIN_GAP_NANOS} ns.
     * The source asked is the one shown on the other leg when the leg sends several (a meeting), else its video.
     */
    public void requestKeyframe(long nowNanos) {
        long shown = fromLeg.shownVideo();
        requestKeyframe(shown >= 0 ? shown : fromLeg.inputVideoSsrc(), nowNanos);
    }

    /**
     * Asks this leg for a keyframe of one of its video sources: a PLI, and a FIR (RFC 5104 section 4.3.1) too when
     * the leg negotiated {@code ccm fir} (see {@link #useFir}). Requests about the same source are at least
     * {@value #KEYFRAME_REQUEST_MIN_GAP_NANOS} ns apart; a request about another source (a switch of speaker) goes
     * at once.
     */
    public void requestKeyframe(long media, long nowNanos) {
        if (media < 0
                || toLeg.videoOut() == null
                || !videoRtcpSink.ready()
                || (media == lastKeyframeRequestSsrc
                        && nowNanos - lastKeyframeRequestNanos < KEYFRAME_REQUEST_MIN_GAP_NANOS)) {
            return;
        }
        lastKeyframeRequestNanos = nowNanos;
        lastKeyframeRequestSsrc = media;
        byte[] b = new byte[12 + 64];
        int n = RtcpWriter.pli(b, 0, toLeg.videoOut().ssrc(), media);
        if (fir) {
            n += RtcpWriter.fir(b, n, toLeg.videoOut().ssrc(), media, firSequence++ & 0xff);
        }
        if (videoRtcpSink.sendRtcp(b, 0, n)) {
            keyframeRequestsSent++;
        }
    }

    /** Whether the leg negotiated FIR ({@code a=rtcp-fb:<pt> ccm fir}, RFC 5104 section 7.1). */
    public void useFir(boolean fir) {
        this.fir = fir;
    }

    /** Called on the tick: sends the periodic report when it is due. */
    public void tick(byte[] work, long nowNanos) {
        if (nextReportNanos == 0) {
            nextReportNanos = nowNanos + jittered();
            return;
        }
        if (nowNanos < nextReportNanos || !sink.ready()) {
            return;
        }
        nextReportNanos = nowNanos + jittered();
        int n = writeReport(work, 0, nowNanos, System.currentTimeMillis());
        if (sink.sendRtcp(work, 0, n)) {
            reportsSent++;
        }
    }

    /** RFC 3550 section 6.3.1: the interval is randomised over [0.5, 1.5] times the nominal one. */
    private static long jittered() {
        return (long)
                (REPORT_INTERVAL_NANOS * (0.5 + ThreadLocalRandom.current().nextDouble()));
    }

    /**
     * SR when we sent this leg audio (else RR), with a block per source it sends us, an SR for our video when we
     * send it, then SDES CNAME.
     */
    int writeReport(byte[] b, int off, long nowNanos, long wallMillis) {
        List<ReportBlock> blocks = new ArrayList<>(2);
        if (fromLeg.audioStats() != null && fromLeg.audioStats().started()) {
            blocks.add(fromLeg.audioStats().reportBlock(nowNanos));
        }
        if (fromLeg.videoStats() != null && fromLeg.videoStats().started()) {
            blocks.add(fromLeg.videoStats().reportBlock(nowNanos));
        }
        OutboundStream audio = toLeg.audioOut();
        OutboundStream video = toLeg.videoOut();
        long ssrc = audio.ssrc();
        long ntp = NtpTime.fromEpochMillis(wallMillis);
        int n;
        if (audio.packetsSent() > 0) {
            n = RtcpWriter.senderReport(
                    b,
                    off,
                    ssrc,
                    ntp,
                    audio.continuedTimestamp(nowNanos),
                    audio.packetsSent(),
                    audio.octetsSent(),
                    blocks);
        } else {
            n = RtcpWriter.receiverReport(b, off, ssrc, blocks);
        }
        if (video != null && video.packetsSent() > 0) { // one SR per SSRC we send (RFC 3550 section 6.4.1)
            n += RtcpWriter.senderReport(
                    b,
                    off + n,
                    video.ssrc(),
                    ntp,
                    video.continuedTimestamp(nowNanos),
                    video.packetsSent(),
                    video.octetsSent(),
                    List.of());
        }
        n += RtcpWriter.sdesCname(b, off + n, ssrc, cname);
        return n;
    }

    public long keyframeRequestsReceived() {
        return keyframeRequestsReceived;
    }

    public long keyframeRequestsSent() {
        return keyframeRequestsSent;
    }

    public long reportsSent() {
        return reportsSent;
    }

    public long reportsReceived() {
        return reportsReceived;
    }

    /** RTCP compound packets received from this leg, and those of them that did not parse to the end. */
    public long compoundsReceived() {
        return compoundsReceived;
    }

    public long malformed() {
        return malformed;
    }

    @Override
    public String toString() {
        return name + "[in=" + compoundsReceived + " malformed=" + malformed + " reports=" + reportsReceived + "/"
                + reportsSent + "]";
    }
}
