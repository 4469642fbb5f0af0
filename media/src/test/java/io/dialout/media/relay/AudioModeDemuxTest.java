package io.dialout.media.relay;

import static io.dialout.media.relay.StageFixture.rtp;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AudioModeDemuxTest {

    /** A meeting's mixer: only its type matters to the demux. */
    static class FakeMix implements AudioMix {
        @Override
        public int level(long ssrc) {
            return RoomSource.SILENT_DBOV;
        }

        @Override
        public void remove(long ssrc) {}

        @Override
        public void receive(long ssrc, int seq, long ts, byte[] p, int off, int len, long arrivalNanos) {}

        @Override
        public int produce(byte[] out, int off) {
            return -1;
        }

        @Override
        public long outTimestampIncrement() {
            return 160;
        }
    }

    @Test
    void passThroughWhenNoTranscoderElseTranscode() {
        DirectionState state = StageFixture.passThrough();
        StageContractTest.Seen pass = new StageContractTest.Seen("pass");
        StageContractTest.Seen transcode = new StageContractTest.Seen("transcode");
        StageContractTest.Seen mix = new StageContractTest.Seen("mix");
        AudioModeDemux mode =
                new AudioModeDemux(state, new Path("p", pass), new Path("t", transcode), new Path("m", mix));
        StageFixture.run(mode, rtp(0, false, 1, 0, 1, 160), 0);
        state.configure(new DirectionConfig(StageFixture.room(), StageFixture.pcmu(), true, new FakeTranscoder()));
        StageFixture.run(mode, rtp(0, false, 2, 0, 1, 160), 0);
        state.configure(new DirectionConfig(StageFixture.room(), StageFixture.pcmu(), true, new FakeMix()));
        StageFixture.run(mode, rtp(0, false, 3, 0, 1, 160), 0);
        assertThat(pass.seqs).containsExactly(1);
        assertThat(transcode.seqs).containsExactly(2);
        assertThat(mix.seqs).containsExactly(3);
        assertThat(mode.packetsDropped()).isZero();
    }
}
