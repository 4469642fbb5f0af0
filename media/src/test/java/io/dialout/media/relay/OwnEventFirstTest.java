package io.dialout.media.relay;

import static io.dialout.media.relay.StageFixture.rtp;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OwnEventFirstTest {

    @Test
    void audioIsDroppedWhileOurEventIsUnderWay() {
        DirectionState state = StageFixture.passThrough();
        OwnEventFirst stage = new OwnEventFirst(state);
        assertThat(StageFixture.run(stage, rtp(0, false, 1, 0, 1, 160), 0)).isTrue();
        assertThat(state.sendDigits("5", 100)).isTrue();
        new EventOutput(state).produce(new io.dialout.media.rtp.RtpPacket(), new byte[1700], 0); // the event starts
        assertThat(state.ownEventActive()).isTrue();
        assertThat(StageFixture.run(stage, rtp(0, false, 2, 160, 1, 160), 0)).isFalse();
        assertThat(stage.packetsDropped()).isEqualTo(1);
    }
}
