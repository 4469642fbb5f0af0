package io.dialout.media.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.media.rtp.RtpPacket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventOutputTest {

    @Test
    void queuedDigitsLeaveAsOneEventEachOnOurAudioStream() {
        DirectionState state = StageFixture.passThrough();
        EventOutput out = new EventOutput(state);
        RtpPacket view = new RtpPacket();
        byte[] work = new byte[1700];
        assertThat(out.produce(view, work, 0)).as("nothing queued").isFalse();
        assertThat(state.sendDigits("4", 60)).isTrue();
        List<Long> timestamps = new ArrayList<>();
        List<Boolean> ends = new ArrayList<>();
        for (long t = 0; t < 400; t += 20) {
            if (out.produce(view, work, t * 1_000_000L)) {
                assertThat(view.payloadType()).isEqualTo(101);
                assertThat(view.ssrc()).isEqualTo(StageFixture.OUR_AUDIO_SSRC);
                assertThat(work[12]).isEqualTo((byte) 4);
                timestamps.add(view.timestamp());
                ends.add((work[13] & 0x80) != 0);
            }
        }
        assertThat(timestamps).isNotEmpty().allMatch(ts -> ts.equals(timestamps.get(0)));
        assertThat(ends.get(ends.size() - 1)).isTrue();
        assertThat(state.sendDigits("x", 60)).as("not a DTMF digit").isFalse();
    }
}
