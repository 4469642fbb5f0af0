package io.dialout.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing (Jazzer) of what the relay reads from the SIP leg and, once decrypted, from the room: RTP
 * headers (RFC 3550 section 5.1) and RTCP compounds (RFC 3550 section 6, RFC 4585 feedback). Neither view may throw
 * on any input; whatever RTP view accepts must describe a payload inside the datagram; the receive statistics must
 * stay sane whatever sequence and timestamp a packet claims. Seeds: {@code RtpRtcpFuzzerInputs/} (RTCP a real peer
 * sent, the RTP of a real call). Without JAZZER_FUZZ it replays those seeds; the {@code fuzz} surefire execution
 * runs it for a few seconds, and scripts/fuzz.sh longer.
 */
class RtpRtcpFuzzer {
    private final RtpPacket rtp = new RtpPacket();
    private final RtcpReader rtcp = new RtcpReader();
    private final RtpReceiveStats stats = new RtpReceiveStats(48000);
    private long now;

    @FuzzTest(maxDuration = "4s")
    void rtpAndRtcp(byte[] data) {
        if (RtpPacket.looksLikeRtcp(data, 0, data.length)) {
            readRtcp(data);
        }
        readRtcp(data); // the room port classifies by the second byte; read every input as both
        if (rtp.wrap(data, 0, data.length)) {
            assertThat(rtp.payloadOffset()).isBetween(rtp.offset(), data.length);
            assertThat(rtp.payloadOffset() + rtp.payloadLength() + rtp.paddingLength())
                    .isEqualTo(data.length);
            for (int i = 0; i < rtp.csrcCount(); i++) {
                rtp.csrc(i);
            }
            rtp.toString();
            now += 20_000_000L;
            stats.update(rtp.ssrc(), rtp.sequence(), rtp.timestamp(), now);
            assertThat(stats.jitter()).isNotNegative();
            stats.reportBlock(now);
        }
    }

    private void readRtcp(byte[] data) {
        rtcp.reset(data, 0, data.length);
        while (rtcp.next()) {
            switch (rtcp.packetType()) {
                case RtcpReader.SR, RtcpReader.RR -> {
                    rtcp.senderSsrc();
                    if (rtcp.packetType() == RtcpReader.SR) {
                        rtcp.ntpTimestamp();
                        rtcp.srRtpTimestamp();
                        rtcp.senderPacketCount();
                        rtcp.senderOctetCount();
                    }
                    for (int i = 0; i < rtcp.reportBlockCount(); i++) {
                        rtcp.reportBlock(i);
                        rtcp.blockFractionLost(i);
                        rtcp.blockCumulativeLost(i);
                        rtcp.blockJitter(i);
                        rtcp.blockLastSr(i);
                        rtcp.blockDelaySinceLastSr(i);
                    }
                }
                case RtcpReader.SDES -> {
                    rtcp.sdesItems();
                    rtcp.sdesCname();
                }
                case RtcpReader.BYE -> {
                    for (int i = 0; i < rtcp.count(); i++) {
                        rtcp.byeSsrc(i);
                    }
                }
                case RtcpReader.RTPFB, RtcpReader.PSFB -> {
                    rtcp.senderSsrc();
                    rtcp.mediaSsrc();
                    if (rtcp.isNack()) {
                        for (int i = 0; i < rtcp.nackCount(); i++) {
                            rtcp.nackPid(i);
                            rtcp.nackBlp(i);
                        }
                        rtcp.nackedSequences();
                    }
                    if (rtcp.isFir()) {
                        for (int i = 0; i < rtcp.firCount(); i++) {
                            rtcp.firSsrc(i);
                            rtcp.firSequence(i);
                        }
                    }
                    rtcp.isPli();
                }
                default -> rtcp.packetLength();
            }
        }
    }
}
