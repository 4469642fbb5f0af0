package io.dialout.media.relay;

import static io.dialout.media.relay.StageFixture.rtp;
import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.media.relay.DirectionState.Media;
import org.junit.jupiter.api.Test;

class SendTest {

    private final StageFixture.Sink sink = new StageFixture.Sink();
    private final LegCounters out = new LegCounters();

    @Test
    void sendsAndCountsOnTheLegAndTheStream() {
        DirectionState state = StageFixture.passThrough();
        Send send = new Send(state, Media.AUDIO, sink, out);
        assertThat(StageFixture.run(send, rtp(0, false, 1, 0, 1, 160), 0)).isTrue();
        assertThat(sink.rtp).hasSize(1);
        assertThat(out.packetsSent()).isEqualTo(1);
        assertThat(out.bytesSent()).isEqualTo(172);
        assertThat(state.audioOut().packetsSent()).isEqualTo(1);
        assertThat(state.audioOut().octetsSent()).isEqualTo(160);
        assertThat(state.videoOut().packetsSent()).isZero();
    }

    @Test
    void dropsOnHoldBeforeTheLegIsUpAndWhenTheSocketRefuses() {
        DirectionState state = StageFixture.state(StageFixture.pcmu(), StageFixture.pcmu(), false, null);
        Send send = new Send(state, Media.VIDEO, sink, out);
        assertThat(StageFixture.run(send, rtp(100, false, 1, 0, 1, 10), 0))
                .as("hold")
                .isFalse();
        state.configure(state.config().withSendAllowed(true));
        sink.ready = false;
        assertThat(StageFixture.run(send, rtp(100, false, 2, 0, 1, 10), 0))
                .as("not up")
                .isFalse();
        sink.ready = true;
        sink.accept = false;
        assertThat(StageFixture.run(send, rtp(100, false, 3, 0, 1, 10), 0))
                .as("refused")
                .isFalse();
        StageFixture.Sink other = new StageFixture.Sink();
        send.sink(other);
        assertThat(StageFixture.run(send, rtp(100, false, 4, 0, 1, 10), 0)).isTrue();
        assertThat(other.rtp).hasSize(1);
        assertThat(send.packetsIn()).isEqualTo(4);
        assertThat(send.packetsDropped()).isEqualTo(3);
        assertThat(out.packetsSent()).isEqualTo(1);
        assertThat(state.videoOut().packetsSent()).isEqualTo(1);
    }
}
