package io.dialout.media.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.media.rtp.NtpTime;
import io.dialout.media.rtp.RtcpReader;
import io.dialout.media.rtp.RtcpWriter;
import io.dialout.media.rtp.RtpPacket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RTCP terminated per leg, in memory: our reports carry our SSRCs, keyframe requests cross with SSRCs rewritten. */
class RtcpLegTest {

    private static final long MS = 1_000_000L;

    /** Records what a leg would send. */
    static final class Recorder implements PacketSink {
        final List<byte[]> rtp = new ArrayList<>();
        final List<byte[]> rtcp = new ArrayList<>();

        @Override
        public boolean ready() {
            return true;
        }

        @Override
        public boolean sendRtp(byte[] buf, int off, int len) {
            rtp.add(Arrays.copyOfRange(buf, off, off + len));
            return true;
        }

        @Override
        public boolean sendRtcp(byte[] buf, int off, int len) {
            rtcp.add(Arrays.copyOfRange(buf, off, off + len));
            return true;
        }
    }

    private final Recorder room = new Recorder();
    private final Recorder sip = new Recorder();
    private final LegCounters roomCounters = new LegCounters();
    private final LegCounters sipCounters = new LegCounters();
    // room -> SIP sends with our SIP SSRCs (0x51, video 0x52); SIP -> room with our room SSRCs (0x61, 0x62)
    private final DirectionPipeline roomToSip =
            new DirectionPipeline("room->sip", sip, roomCounters, sipCounters, 0x51, 0x52, (d, f) -> {});
    private final DirectionPipeline sipToRoom =
            new DirectionPipeline("sip->room", room, sipCounters, roomCounters, 0x61, 0x62, (d, f) -> {});
    private final RtcpLeg roomRtcp = new RtcpLeg("room", room, roomToSip, sipToRoom, "gw");
    private final RtcpLeg sipRtcp = new RtcpLeg("sip", sip, sipToRoom, roomToSip, "gw");

    RtcpLegTest() {
        roomRtcp.setPeer(sipRtcp);
        sipRtcp.setPeer(roomRtcp);
        roomToSip.onVideoStart(() -> roomRtcp.requestKeyframe(System.nanoTime())); // as CallRelay wires it
        // room: PCMU 0 + VP8 96; SIP: PCMU 0 + VP8 100
        roomToSip.configure(new DirectionConfig(pcmuAnd(96), pcmuAnd(100), true, null));
        sipToRoom.configure(new DirectionConfig(pcmuAnd(100), pcmuAnd(96), true, null));
    }

    private static DirectionConfig.LegFormats pcmuAnd(int videoPt) {
        return new DirectionConfig.LegFormats(
                new DirectionConfig.Payload(0, 8000),
                DirectionConfig.Payload.NONE,
                DirectionConfig.LegFormats.video(videoPt));
    }

    private static byte[] rtp(int pt, int seq, long ts, long ssrc) {
        byte[] b = new byte[12 + 100 + 64];
        RtpPacket.writeHeader(b, 0, false, pt, seq, ts, ssrc);
        return b;
    }

    @Test
    void reportsAreSrWithBlocksAboutTheLegsSourcesAndOurSsrc() {
        for (int i = 0; i < 50; i++) {
            if (i != 20) { // one lost
                roomToSip.onRtp(rtp(0, 100 + i, 160L * i, 0xAAAA), 112, 20 * MS * i);
            }
        }
        roomToSip.publishQuality();
        sipToRoom.onRtp(rtp(0, 1, 0, 0xBBBB), 112, 0); // something sent to the room, so the room gets an SR
        byte[] work = new byte[1600];
        int n = roomRtcp.writeReport(work, 0, 1000 * MS, 1_700_000_000_000L);
        RtcpReader r = RtcpReader.of(work, 0, n);
        assertThat(r.next()).isTrue();
        assertThat(r.packetType()).isEqualTo(RtcpReader.SR);
        assertThat(r.senderSsrc()).isEqualTo(0x61); // our audio SSRC toward the room, never the SIP side's
        assertThat(r.ntpTimestamp()).isEqualTo(NtpTime.fromEpochMillis(1_700_000_000_000L));
        assertThat(r.reportBlockCount()).isEqualTo(1);
        assertThat(r.blockSsrc(0)).isEqualTo(0xAAAA);
        assertThat(r.blockCumulativeLost(0)).isEqualTo(1);
        assertThat(r.senderPacketCount()).isEqualTo(1);
        assertThat(r.senderOctetCount()).isEqualTo(100);
        assertThat(r.next()).isTrue();
        assertThat(r.sdesCname()).isEqualTo("gw");
        assertThat(r.next()).isFalse();
        assertThat(roomCounters.snapshot(null, null).packetsLost()).isEqualTo(1);
    }

    @Test
    void videoWeSendGetsItsOwnSenderReport() {
        sipToRoom.onRtp(rtp(100, 1, 0, 0xBEEF), 112, 0);
        sipToRoom.onRtp(rtp(100, 2, 3000, 0xBEEF), 112, 0);
        byte[] work = new byte[1600];
        int n = roomRtcp.writeReport(work, 0, 0, 0);
        RtcpReader r = RtcpReader.of(work, 0, n);
        assertThat(r.next()).isTrue();
        assertThat(r.packetType()).isEqualTo(RtcpReader.RR); // no audio sent to the room
        assertThat(r.senderSsrc()).isEqualTo(0x61);
        assertThat(r.next()).isTrue();
        assertThat(r.packetType()).isEqualTo(RtcpReader.SR);
        assertThat(r.senderSsrc()).isEqualTo(0x62);
        assertThat(r.senderPacketCount()).isEqualTo(2);
    }

    @Test
    void receiverReportBeforeAnythingWasSent() {
        byte[] work = new byte[1600];
        int n = sipRtcp.writeReport(work, 0, 0, 0);
        RtcpReader r = RtcpReader.of(work, 0, n);
        assertThat(r.next()).isTrue();
        assertThat(r.packetType()).isEqualTo(RtcpReader.RR);
        assertThat(r.senderSsrc()).isEqualTo(0x51);
    }

    @Test
    void pliFromSipBecomesPliToTheRoomWithRoomSsrcs() {
        roomToSip.onRtp(rtp(96, 1, 0, 0xCAFE), 112, 0); // the room's video source is now known
        assertThat(room.rtcp).hasSize(1); // video starting toward SIP asked the room for a keyframe
        room.rtcp.clear();
        byte[] fir = new byte[20];
        int n = RtcpWriter.fir(fir, 0, 0x7777, 0x52, 1); // the callee asks for a keyframe of our video to it
        sipRtcp.onRtcp(fir, 0, n, System.nanoTime() + 400 * MS); // after the 300 ms request spacing
        assertThat(room.rtcp).hasSize(1);
        RtcpReader r = RtcpReader.of(room.rtcp.get(0), 0, room.rtcp.get(0).length);
        assertThat(r.next()).isTrue();
        assertThat(r.isPli()).isTrue();
        assertThat(r.senderSsrc()).isEqualTo(0x62); // our video SSRC on the room leg
        assertThat(r.mediaSsrc()).isEqualTo(0xCAFE); // the room's own video source
        assertThat(sipRtcp.keyframeRequestsReceived()).isEqualTo(1);
    }

    @Test
    void nackAboutOurVideoGoesToTheSourceInItsSequenceNumbers() {
        for (int i = 0; i < 40; i++) {
            roomToSip.onRtp(rtp(96, 5000 + i, 90L * i, 0xCAFE), 112, 0); // forwarded to SIP with our numbering
        }
        int ourFirst = RtpPacket.of(sip.rtp.get(0), 0, sip.rtp.get(0).length).sequence();
        room.rtcp.clear();
        byte[] nack = new byte[16];
        // The callee lost our packets 3, 4 and 6 (relative to the first it got)
        int n = RtcpWriter.nack(nack, 0, 0x7777, 0x52, (ourFirst + 3) & 0xffff, 0b101);
        sipRtcp.onRtcp(nack, 0, n, System.nanoTime());
        assertThat(room.rtcp).hasSize(1);
        RtcpReader r = RtcpReader.of(room.rtcp.get(0), 0, room.rtcp.get(0).length);
        assertThat(r.next()).isTrue();
        assertThat(r.isNack()).isTrue();
        assertThat(r.senderSsrc()).isEqualTo(0x62);
        assertThat(r.mediaSsrc()).isEqualTo(0xCAFE);
        assertThat(r.nackedSequences()).containsExactly(5003, 5004, 5006);
        assertThat(sipRtcp.nacksReceived()).isEqualTo(1);
        assertThat(roomRtcp.nacksSent()).isEqualTo(1);
    }

    @Test
    void keyframeRequestsAreRateLimited() {
        roomToSip.onRtp(rtp(96, 1, 0, 0xCAFE), 112, 0);
        room.rtcp.clear();
        byte[] pli = new byte[12];
        int n = RtcpWriter.pli(pli, 0, 0x7777, 0x52);
        long t = System.nanoTime() + 10_000 * MS;
        sipRtcp.onRtcp(pli, 0, n, t);
        sipRtcp.onRtcp(pli, 0, n, t + 10 * MS);
        sipRtcp.onRtcp(pli, 0, n, t + 500 * MS);
        assertThat(room.rtcp).hasSize(2);
    }

    @Test
    void theLegsReportAboutOurAudioGivesRttLossAndJitter() {
        for (int i = 0; i < 100; i++) {
            sipToRoom.onRtp(rtp(0, 1 + i, 160L * i, 0xBBBB), 112, 20 * MS * i); // we send the room 100 packets
        }
        long wall = 1_700_000_000_000L;
        byte[] work = new byte[1600];
        int n = roomRtcp.writeReport(work, 0, 2000 * MS, wall); // our SR toward the room at `wall`
        RtcpReader ours = RtcpReader.of(work, 0, n);
        assertThat(ours.next()).isTrue();
        long lsr = NtpTime.middle32(ours.ntpTimestamp());
        // The room answers with an RR about our SSRC 0x61: it held our SR 500 ms, 5 lost, jitter 80 units (10 ms)
        byte[] rr = new byte[64];
        int len = RtcpWriter.receiverReport(
                rr, 0, 0xAAAA, List.of(new io.dialout.media.rtp.ReportBlock(0x61, 13, 5, 100, 80, lsr, 32768)));
        roomRtcp.onRtcp(rr, 0, len, 3000 * MS, wall + 540); // arrives 540 ms after our SR: RTT 40 ms
        assertThat(roomRtcp.lastRttMs()).isCloseTo(40, org.assertj.core.api.Assertions.within(0.1));
        var q = roomCounters.snapshot("PCMU/8000", null).quality();
        assertThat(q.rttMs()).isCloseTo(40, org.assertj.core.api.Assertions.within(0.1));
        assertThat(q.remotePacketsLost()).isEqualTo(5);
        assertThat(q.remoteFractionLost()).isEqualTo(13 / 256.0);
        assertThat(q.remoteJitterMs()).isEqualTo(10.0);
        assertThat(q.mos()).isBetween(3.0, 4.2); // 5 % loss toward the room
        // A block about someone else's SSRC is not ours
        len = RtcpWriter.receiverReport(
                rr, 0, 0xAAAA, List.of(new io.dialout.media.rtp.ReportBlock(0x99, 255, 90, 100, 80, lsr, 0)));
        roomRtcp.onRtcp(rr, 0, len, 3000 * MS, wall + 5540);
        assertThat(roomCounters.snapshot("PCMU/8000", null).quality().remotePacketsLost())
                .isEqualTo(5);
    }
}
