package io.dialout.media.relay;

import static io.dialout.media.relay.StageFixture.rtp;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AudioModeDemuxTest {

    @Test
    void passThroughWhenNoTranscoderElseTranscode() {
        DirectionState state = StageFixture.passThrough();
        StageContractTest.Seen pass = new StageContractTest.Seen("pass");
        StageContractTest.Seen transcode = new StageContractTest.Seen("transcode");
        AudioModeDemux mode = new AudioModeDemux(state, new Path("p", pass), new Path("t", transcode));
        StageFixture.run(mode, rtp(0, false, 1, 0, 1, 160), 0);
        state.configure(new DirectionConfig(StageFixture.room(), StageFixture.pcmu(), true, new FakeTranscoder()));
        StageFixture.run(mode, rtp(0, false, 2, 0, 1, 160), 0);
        assertThat(pass.seqs).containsExactly(1);
        assertThat(transcode.seqs).containsExactly(2);
        assertThat(mode.packetsDropped()).isZero();
    }
}
