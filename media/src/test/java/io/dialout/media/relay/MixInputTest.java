package io.dialout.media.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.media.rtp.HeaderExtensionsTest;
import io.dialout.media.rtp.RtpPacket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mixer's input hands each packet's RFC 6464 level, as the speaker selector before it read it, to the mix. */
class MixInputTest {

    /** Records the level each payload came with. */
    static final class LevelRecorder extends AudioModeDemuxTest.FakeMix {
        final List<Integer> levels = new ArrayList<>();

        @Override
        public void receive(long ssrc, int seq, long ts, byte[] p, int off, int len, long arrival, int audioLevel) {
            levels.add(audioLevel);
        }
    }

    @Test
    void eachPayloadGoesWithItsOwnLevel() {
        LevelRecorder mix = new LevelRecorder();
        DirectionState state = StageFixture.state(StageFixture.room(), StageFixture.pcmu(), true, mix);
        SpeakerSelector speakers = new SpeakerSelector();
        speakers.audioLevelId(1);
        Path path = new Path("audio-mix", speakers, new MixInput(state, speakers));
        RtpPacket silent = HeaderExtensionsTest.withExtension(0xBEDE, 0x10, 127); // id 1, V=0, 127 -dBov
        RtpPacket loud = HeaderExtensionsTest.withExtension(0xBEDE, 0x10, 0x80 | 12);
        RtpPacket none = StageFixture.rtp(111, false, 3, 2880, 0xAA, 40);
        for (RtpPacket p : new RtpPacket[] {silent, loud, none, silent}) {
            path.accept(p, 0);
        }
        assertThat(mix.levels).containsExactly(127, 12, -1, 127);

        SpeakerSelector noLevels = new SpeakerSelector(); // the room negotiated no audio level
        LevelRecorder other = new LevelRecorder();
        DirectionState s2 = StageFixture.state(StageFixture.room(), StageFixture.pcmu(), true, other);
        new Path("audio-mix", noLevels, new MixInput(s2, noLevels)).accept(loud, 0);
        assertThat(other.levels).containsExactly(-1);
    }
}
