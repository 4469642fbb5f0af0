package io.dialout.media.relay;

import static io.dialout.media.relay.StageFixture.MS;
import static io.dialout.media.relay.StageFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.media.rtp.Bytes;
import io.dialout.media.rtp.RtpPacket;
import org.junit.jupiter.api.Test;

class EventRewriteTest {

    @Test
    void equalClocksAndPassThroughKeepThePacketsPlaceInTheStream() {
        DirectionState state = StageFixture.passThrough();
        EventRewrite s = new EventRewrite(state);
        RtpPacket p = event(101, true, 77, 16000, 0xAA, 1, false, 160);
        assertThat(StageFixture.run(s, p, 0)).isTrue();
        assertThat(p.ssrc()).isEqualTo(StageFixture.OUR_AUDIO_SSRC);
        assertThat(p.payloadType()).isEqualTo(101);
        assertThat(Bytes.u16(p.buffer(), p.payloadOffset() + 2)).isEqualTo(160);
    }

    @Test
    void otherClocksRestampTheEventOnOurStreamAndRescaleItsDuration() {
        // room events at 48 kHz toward SIP at 8 kHz, transcoded audio
        DirectionState state = StageFixture.state(StageFixture.room(), StageFixture.pcmu(), true, new FakeTranscoder());
        EventRewrite s = new EventRewrite(state);
        RtpPacket first = event(126, true, 300, 480000, 0xAA, 4, false, 960);
        RtpPacket second = event(126, false, 301, 480000, 0xAA, 4, false, 1920);
        StageFixture.run(s, first, 0);
        StageFixture.run(s, second, 20 * MS);
        assertThat(first.payloadType()).isEqualTo(101);
        assertThat(first.ssrc()).isEqualTo(StageFixture.OUR_AUDIO_SSRC);
        assertThat(first.length()).isEqualTo(16);
        assertThat(first.marker()).isTrue();
        assertThat(Bytes.u16(first.buffer(), first.payloadOffset() + 2)).isEqualTo(160);
        assertThat(Bytes.u16(second.buffer(), second.payloadOffset() + 2)).isEqualTo(320);
        assertThat(second.timestamp()).as("one event, one timestamp").isEqualTo(first.timestamp());
        assertThat(second.sequence()).isEqualTo((first.sequence() + 1) & 0xffff);
    }
}
