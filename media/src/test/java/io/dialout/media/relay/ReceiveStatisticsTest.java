package io.dialout.media.relay;

import static io.dialout.media.relay.StageFixture.MS;
import static io.dialout.media.relay.StageFixture.event;
import static io.dialout.media.relay.StageFixture.rtp;
import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.media.rtp.ReportBlock;
import org.junit.jupiter.api.Test;

/** RFC 3550 A.3 over the audio source's packets, whatever their payload type; video kept apart. */
class ReceiveStatisticsTest {

    private final DirectionState state = StageFixture.passThrough(); // in: PCMU 0, events 101, video 100
    private final ReceiveStatistics stats = new ReceiveStatistics(state);

    @Test
    void eventsAndComfortNoiseOfTheAudioSsrcAreNotLoss() {
        int seq = 1000;
        long ts = 0;
        for (int i = 0; i < 50; i++, seq++, ts += 160) {
            if (i >= 20 && i < 30) { // a digit: 10 event packets in place of the audio, all with the event's start
                StageFixture.run(
                        stats, event(101, i == 20, seq, 20 * 160, 0xCA11, 1, i >= 27, 160 * (i - 19)), i * 20 * MS);
            } else if (i == 40) { // one comfort noise packet (RFC 3389, static PT 13)
                StageFixture.run(stats, rtp(13, false, seq, ts, 0xCA11, 1), i * 20 * MS);
            } else {
                StageFixture.run(stats, rtp(0, false, seq, ts, 0xCA11, 160), i * 20 * MS);
            }
        }
        assertThat(state.audioStats().cumulativeLost()).isZero();
        assertThat(state.audioStats().received()).isEqualTo(50 - 1); // all but the first, on probation (A.1)
        ReportBlock rr = state.audioStats().reportBlock(50 * 20 * MS); // what our RR tells the sender
        assertThat(rr.cumulativeLost()).isZero();
        assertThat(rr.fractionLost()).isZero();
        assertThat(rr.jitter()).as("events are no jitter samples").isZero();
        assertThat(state.inputAudioSsrc()).isEqualTo(0xCA11);
        assertThat(stats.packetsIn()).isEqualTo(50);
        assertThat(stats.packetsDropped()).isZero();
    }

    @Test
    void realGapsStillCount() {
        for (int i = 0; i < 30; i++) {
            if (i != 10 && i != 11) {
                StageFixture.run(stats, rtp(0, false, i, 160L * i, 7, 160), i * 20 * MS);
            }
        }
        assertThat(state.audioStats().cumulativeLost()).isEqualTo(2);
    }

    @Test
    void videoHasItsOwnStatisticsAndOtherSsrcsAreIgnored() {
        for (int i = 0; i < 20; i++) {
            StageFixture.run(stats, rtp(0, false, 100 + i, 160L * i, 0xA, 160), i * 20 * MS);
            StageFixture.run(stats, rtp(100, false, 500 + i, 3000L * i, 0xB, 900), i * 20 * MS);
            StageFixture.run(stats, rtp(97, false, 9000 + 7 * i, 0, 0xC, 10), i * 20 * MS); // an RTX-like stream
        }
        assertThat(state.audioStats().ssrc()).isEqualTo(0xA);
        assertThat(state.audioStats().cumulativeLost()).isZero();
        assertThat(state.videoStats().ssrc()).isEqualTo(0xB);
        assertThat(state.videoStats().cumulativeLost()).isZero();
        assertThat(state.inputVideoSsrc()).isEqualTo(0xB);
    }
}
