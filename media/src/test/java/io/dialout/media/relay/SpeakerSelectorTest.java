package io.dialout.media.relay;

import static io.dialout.media.relay.StageFixture.MS;
import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.media.rtp.HeaderExtensionsTest;
import io.dialout.media.rtp.RtpPacket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpeakerSelectorTest {

    static final long A = 0xA, B = 0xB, C = 0xC;
    static final int GONE = Integer.MIN_VALUE;

    /**
     * The hysteresis table: from each row's start until the next row, each source sends a level every 20 ms (dBov;
     * GONE: sends nothing); then who is shown at given times.
     */
    static final int[][] SEGMENTS = {
        // from ms, A, B, C
        {0, -20, -40, -127}, // A is the only one clearly talking: shown at once
        {1000, -20, -22, -127}, // B as loud as A: no change
        {2000, -20, -10, -127}, // B 10 dB louder for 400 ms only: no change (hold 600 ms)
        {2400, -20, -30, -127},
        {3000, -20, -10, -127}, // B 10 dB louder for good: B after the rise and the hold
        {4500, -16, -10, -127}, // A back but quieter: stays B
        {5500, GONE, GONE, -50}, // everybody stops but C at -50: C once B counts as gone (1 s) and the hold
        {7500, GONE, GONE, -70}, // C below the silence threshold: the last choice stays
        {8500, GONE, GONE, GONE},
    };

    static final long[][] EXPECTED = {
        {10, A}, {1900, A}, {2390, A}, {2990, A}, {3500, A}, {4000, B}, {5400, B}, {6400, B}, {7400, C}, {8400, C}
    };

    @Test
    void hysteresisTable() {
        SpeakerSelector sel = new SpeakerSelector();
        List<long[]> switches = new ArrayList<>();
        long[] now = {0};
        sel.onSpeaker(s -> switches.add(new long[] {now[0] / MS, s}));
        int check = 0;
        for (int row = 0; row < SEGMENTS.length; row++) {
            long end = row + 1 < SEGMENTS.length ? SEGMENTS[row + 1][0] : 9000;
            for (long t = SEGMENTS[row][0]; t < end; t += 20) {
                now[0] = t * MS;
                for (int k = 0; k < 3; k++) {
                    if (SEGMENTS[row][k + 1] != GONE) {
                        sel.level(new long[] {A, B, C}[k], SEGMENTS[row][k + 1], now[0]);
                    }
                }
                while (check < EXPECTED.length && EXPECTED[check][0] <= t) {
                    assertThat(sel.shown()).as("shown at %d ms", t).isEqualTo(EXPECTED[check][1]);
                    check++;
                }
            }
        }
        assertThat(check).isEqualTo(EXPECTED.length);
        assertThat(switches).extracting(s -> s[1]).containsExactly(A, B, C);
        // the switch to B: B's lead reached 6 dB about 240 ms after it rose, then the 600 ms hold
        long toB = switches.get(1)[0];
        assertThat(toB - 3000).isBetween(SpeakerSelector.HOLD_MS, SpeakerSelector.HOLD_MS + 400);
        assertThat(sel.levelOf(C, 9600 * MS)).isEqualTo(-127); // C stopped more than GONE_MS ago
    }

    @Test
    void levelsComeFromTheAudioLevelHeaderExtensionWithTheNegotiatedId() {
        SpeakerSelector sel = new SpeakerSelector();
        sel.audioLevelId(1);
        RtpPacket loud = HeaderExtensionsTest.withExtension(0xBEDE, 0x10, 0x80 | 12);
        StageFixture.run(sel, loud, 0);
        assertThat(sel.shown()).isEqualTo(0xAA);
        assertThat(sel.levelOf(0xAA, 0)).isEqualTo(-12);

        SpeakerSelector other = new SpeakerSelector();
        other.audioLevelId(2); // the room negotiated another id: this element is not the level
        assertThat(StageFixture.run(other, loud, 0))
                .as("an observer passes the packet on")
                .isTrue();
        assertThat(other.shown()).isEqualTo(-1);
        assertThat(other.packetsIn()).isEqualTo(1);
    }

    @Test
    void silenceIsNeverChosen() {
        SpeakerSelector sel = new SpeakerSelector();
        for (long t = 0; t < 2000; t += 20) {
            sel.level(A, -65, t * MS);
            sel.level(B, -127, t * MS);
        }
        assertThat(sel.shown()).isEqualTo(-1);
    }
}
