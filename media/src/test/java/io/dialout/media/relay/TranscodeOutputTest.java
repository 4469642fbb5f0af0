package io.dialout.media.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.media.rtp.RtpPacket;
import org.junit.jupiter.api.Test;

class TranscodeOutputTest {

    private final RtpPacket view = new RtpPacket();
    private final byte[] work = new byte[1700];

    @Test
    void oneFramePerTickOnOurStreamMarkedAtItsStart() {
        FakeTranscoder t = new FakeTranscoder();
        DirectionState state = StageFixture.state(StageFixture.room(), StageFixture.pcmu(), true, t);
        TranscodeOutput out = new TranscodeOutput(state);
        assertThat(out.produce(view, work, 0)).as("nothing received yet").isFalse();
        t.sequences.add(1);
        assertThat(out.produce(view, work, 0)).isTrue();
        assertThat(view.marker()).isTrue();
        assertThat(view.payloadType()).isZero();
        assertThat(view.ssrc()).isEqualTo(StageFixture.OUR_AUDIO_SSRC);
        assertThat(view.payloadLength()).isEqualTo(160);
        long ts = view.timestamp();
        int seq = view.sequence();
        assertThat(out.produce(view, work, 20_000_000L)).isTrue();
        assertThat(view.marker()).isFalse();
        assertThat(view.timestamp()).isEqualTo(ts + 160);
        assertThat(view.sequence()).isEqualTo((seq + 1) & 0xffff);
    }

    @Test
    void heldBackWhileOurEventReplacesTheAudioAndSilentInPassThrough() {
        FakeTranscoder t = new FakeTranscoder();
        t.sequences.add(1);
        DirectionState state = StageFixture.state(StageFixture.room(), StageFixture.pcmu(), true, t);
        TranscodeOutput out = new TranscodeOutput(state);
        state.sendDigits("7", 100);
        new EventOutput(state).produce(view, work, 0);
        out.tick(view, work, 0, new Path("none"));
        assertThat(out.packetsIn()).isEqualTo(1);
        assertThat(out.packetsDropped()).isEqualTo(1);
        assertThat(new TranscodeOutput(StageFixture.passThrough()).produce(view, work, 0))
                .isFalse();
    }
}
