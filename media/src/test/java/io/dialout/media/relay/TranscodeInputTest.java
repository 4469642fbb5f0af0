package io.dialout.media.relay;

import static io.dialout.media.relay.StageFixture.rtp;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TranscodeInputTest {

    @Test
    void feedsEachPayloadToTheTranscoder() {
        FakeTranscoder t = new FakeTranscoder();
        DirectionState state = StageFixture.state(StageFixture.room(), StageFixture.pcmu(), true, t);
        TranscodeInput in = new TranscodeInput(state);
        StageFixture.run(in, rtp(111, false, 10, 0, 1, 80), 0);
        StageFixture.run(in, rtp(111, false, 11, 960, 1, 95), 0);
        assertThat(t.sequences).containsExactly(10, 11);
        assertThat(t.lengths).containsExactly(80, 95);
        assertThat(in.packetsIn()).isEqualTo(2);
    }
}
