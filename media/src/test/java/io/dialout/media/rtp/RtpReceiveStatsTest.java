package io.dialout.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RtpReceiveStatsTest {

    private static final long MS = 1_000_000L;

    @Test
    void steadyStreamHasNoLossAndNoJitter() {
        RtpReceiveStats s = new RtpReceiveStats(8000);
        for (int i = 0; i < 100; i++) {
            s.update(1, 65500 + i & 0xffff, 160L * i, 20 * MS * i);
        }
        assertThat(s.cumulativeLost()).isZero();
        assertThat(s.jitter()).isZero();
        assertThat(s.extendedHighestSequence()).isEqualTo(65500 + 99); // wrapped once: cycles counted
        assertThat(s.reportBlock(0).fractionLost()).isZero();
    }

    @Test
    void gapsCountAsLostAndFractionCoversTheInterval() {
        RtpReceiveStats s = new RtpReceiveStats(8000);
        for (int i = 0; i < 100; i++) {
            if (i % 10 == 5) {
                continue; // drop 10 of 100
            }
            s.update(7, i, 160L * i, 20 * MS * i);
        }
        assertThat(s.cumulativeLost()).isEqualTo(10);
        ReportBlock b = s.reportBlock(0);
        assertThat(b.ssrc()).isEqualTo(7);
        assertThat(b.cumulativeLost()).isEqualTo(10);
        assertThat(b.fractionLost()).isEqualTo((10 * 256) / 99); // the probation packet is not in the base
        assertThat(s.reportBlock(0).fractionLost()).isZero(); // nothing new since
    }

    @Test
    void jitterConvergesToArrivalVariation() {
        RtpReceiveStats s = new RtpReceiveStats(8000);
        for (int i = 0; i < 500; i++) {
            long wobble = (i % 2 == 0) ? 0 : 4 * MS; // every other packet 4 ms late = 32 timestamp units
            s.update(1, i, 160L * i, 20 * MS * i + wobble);
        }
        // D alternates +-32 units, so J converges to 32 (A.8)
        assertThat(s.jitter()).isBetween(30L, 32L);
        assertThat(s.jitterMillis()).isBetween(3.7, 4.0);
    }

    @Test
    void duplicatesCanMakeLossNegative() {
        RtpReceiveStats s = new RtpReceiveStats(8000);
        for (int i = 0; i < 10; i++) {
            s.update(1, i, 160L * i, 20 * MS * i);
            s.update(1, i, 160L * i, 20 * MS * i);
        }
        assertThat(s.cumulativeLost()).isNegative();
    }

    @Test
    void senderRestartIsAcceptedAfterTwoSequentialPackets() {
        RtpReceiveStats s = new RtpReceiveStats(8000);
        for (int i = 0; i < 10; i++) {
            s.update(1, i, 160L * i, 20 * MS * i);
        }
        assertThat(s.update(1, 30000, 0, 300 * MS)).isFalse();
        assertThat(s.update(1, 30001, 160, 320 * MS)).isTrue();
        assertThat(s.extendedHighestSequence()).isEqualTo(30001);
        assertThat(s.cumulativeLost()).isZero();
    }

    @Test
    void newSsrcStartsOver() {
        RtpReceiveStats s = new RtpReceiveStats(8000);
        for (int i = 0; i < 10; i++) {
            s.update(1, i * 2, 160L * i, 20 * MS * i); // half lost
        }
        for (int i = 0; i < 10; i++) {
            s.update(2, 1000 + i, 160L * i, 20 * MS * i);
        }
        assertThat(s.ssrc()).isEqualTo(2);
        assertThat(s.cumulativeLost()).isZero();
    }

    @Test
    void lsrAndDlsrFollowTheLastSenderReport() {
        RtpReceiveStats s = new RtpReceiveStats(8000);
        s.update(1, 0, 0, 0);
        s.update(1, 1, 160, 20 * MS);
        long ntp = NtpTime.fromEpochMillis(1_700_000_000_000L);
        s.senderReportReceived(ntp, 1000 * MS);
        ReportBlock b = s.reportBlock(1500 * MS);
        assertThat(b.lastSr()).isEqualTo(NtpTime.middle32(ntp));
        assertThat(b.delaySinceLastSr()).isEqualTo(32768); // 0.5 s in 1/65536 s
    }

    @Test
    void sequenceOnlyUpdatesCountWithoutJitterSamples() {
        RtpReceiveStats s = new RtpReceiveStats(8000);
        for (int i = 0; i < 60; i++) {
            if (i % 3 == 0) { // e.g. an RFC 4733 event: same SSRC and sequence space, a timestamp that does not move
                s.updateSequence(9, i);
            } else {
                s.update(9, i, 160L * i, 20 * MS * i);
            }
        }
        assertThat(s.cumulativeLost()).isZero();
        assertThat(s.received()).isEqualTo(59); // all but the first, on probation (A.1)
        assertThat(s.jitter()).isZero();
    }
}
