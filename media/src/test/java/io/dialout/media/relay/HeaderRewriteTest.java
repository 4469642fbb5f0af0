package io.dialout.media.relay;

import static io.dialout.media.relay.StageFixture.MS;
import static io.dialout.media.relay.StageFixture.rtp;
import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.media.relay.DirectionState.Media;
import io.dialout.media.rtp.RtpPacket;
import org.junit.jupiter.api.Test;

class HeaderRewriteTest {

    @Test
    void ourSsrcAndPtAndAContinuousSequenceInPlace() {
        DirectionState state = StageFixture.state(StageFixture.room(), StageFixture.pcmu(), true, null);
        HeaderRewrite audio = new HeaderRewrite(state, Media.AUDIO);
        RtpPacket first = rtp(111, false, 500, 96000, 0xAB, 80);
        byte[] buffer = first.buffer();
        assertThat(StageFixture.run(audio, first, 0)).isTrue();
        RtpPacket second = rtp(111, false, 501, 96960, 0xAB, 80);
        StageFixture.run(audio, second, 20 * MS);
        assertThat(first.buffer()).as("rewritten in place").isSameAs(buffer);
        assertThat(first.ssrc()).isEqualTo(StageFixture.OUR_AUDIO_SSRC);
        assertThat(first.payloadType()).isZero();
        assertThat(second.sequence()).isEqualTo((first.sequence() + 1) & 0xffff);
        assertThat(second.timestamp() - first.timestamp()).isEqualTo(960);
        assertThat(audio.name()).isEqualTo("audio-rewrite");
    }

    @Test
    void videoGoesOnOurVideoStreamAndIsDroppedWhenTheOutputLegHasNoVideo() {
        DirectionState state = StageFixture.state(StageFixture.room(), StageFixture.pcmu(), true, null);
        HeaderRewrite video = new HeaderRewrite(state, Media.VIDEO);
        RtpPacket p = rtp(96, true, 7, 1000, 0xCD, 900);
        assertThat(StageFixture.run(video, p, 0)).isTrue();
        assertThat(p.ssrc()).isEqualTo(StageFixture.OUR_VIDEO_SSRC);
        assertThat(p.payloadType()).isEqualTo(100);
        assertThat(p.marker()).isTrue();
        state.configure(new DirectionConfig(
                StageFixture.room(),
                new DirectionConfig.LegFormats(
                        StageFixture.pcmu().audio(), StageFixture.pcmu().event(), DirectionConfig.Payload.NONE),
                true,
                null));
        assertThat(StageFixture.run(video, rtp(96, false, 8, 1000, 0xCD, 900), 0))
                .isFalse();
        assertThat(video.packetsDropped()).isEqualTo(1);
    }
}
