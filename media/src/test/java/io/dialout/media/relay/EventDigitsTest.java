package io.dialout.media.relay;

import static io.dialout.media.relay.StageFixture.event;
import static io.dialout.media.relay.StageFixture.rtp;
import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.media.relay.DirectionConfig.LegFormats;
import io.dialout.media.relay.DirectionConfig.Payload;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventDigitsTest {

    private final List<String> digits = new ArrayList<>();

    private EventDigits stage(DirectionState state) {
        return new EventDigits(state, (d, forwarded) -> digits.add(d + ":" + forwarded));
    }

    @Test
    void eachEventIsReportedOnceAndForwardedWhenTheOutputLegHasTelephoneEvent() {
        DirectionState state = StageFixture.passThrough();
        EventDigits s = stage(state);
        int passed = 0;
        for (int i = 0; i < 6; i++) { // one event: start, updates, three end packets
            passed += StageFixture.run(s, event(101, i == 0, 20 + i, 8000, 1, 5, i >= 3, 160 * (i + 1)), 0) ? 1 : 0;
        }
        assertThat(digits).containsExactly("5:true");
        assertThat(passed).isEqualTo(6);
    }

    @Test
    void withoutTelephoneEventOnTheOutputLegTheDigitIsReportedNotForwarded() {
        LegFormats noEvents = new LegFormats(new Payload(0, 8000), Payload.NONE, Payload.NONE);
        DirectionState state = StageFixture.state(StageFixture.pcmu(), noEvents, true, null);
        EventDigits s = stage(state);
        assertThat(StageFixture.run(s, event(101, true, 1, 0, 1, 11, false, 160), 0))
                .isFalse();
        assertThat(digits).containsExactly("#:false");
        assertThat(s.packetsDropped()).isEqualTo(1);
    }

    @Test
    void aShortPayloadIsDropped() {
        EventDigits s = stage(StageFixture.passThrough());
        assertThat(StageFixture.run(s, rtp(101, true, 1, 0, 1, 2), 0)).isFalse();
        assertThat(digits).isEmpty();
    }

    @Test
    void aDigitArrivingDuringOurOwnEventIsQueuedBehindItAndItsPacketsDropped() {
        DirectionState state = StageFixture.passThrough();
        state.sendDigits("1", 100);
        new EventOutput(state).produce(new io.dialout.media.rtp.RtpPacket(), new byte[1700], 0);
        EventDigits s = stage(state);
        assertThat(StageFixture.run(s, event(101, true, 1, 4000, 1, 2, false, 160), 0))
                .isFalse();
        assertThat(digits).containsExactly("2:true");
        assertThat(state.dtmf().isIdle()).isFalse();
    }
}
