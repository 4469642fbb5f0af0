package io.dialout.media.relay;

import static io.dialout.media.relay.StageFixture.MS;
import static io.dialout.media.relay.StageFixture.rtp;
import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.media.relay.DirectionConfig.LegFormats;
import org.junit.jupiter.api.Test;

class KeyframeOnStartTest {

    @Test
    void asksAtTheStartThenAtTheRetryTimesThenStopsAndStartsOverOnANewFormat() {
        DirectionState state = StageFixture.state(StageFixture.room(), StageFixture.pcmu(), true, null);
        KeyframeOnStart s = new KeyframeOnStart(state);
        int[] requests = {0};
        s.onStart(() -> requests[0]++);
        for (long t = 0; t <= 5000; t += 33) {
            StageFixture.run(s, rtp(96, false, (int) t, t, 1, 100), t * MS);
        }
        assertThat(requests[0]).isEqualTo(1 + KeyframeOnStart.RETRY_MS.length);
        LegFormats vp9 =
                new LegFormats(StageFixture.pcmu().audio(), StageFixture.pcmu().event(), LegFormats.video(98));
        state.configure(new DirectionConfig(StageFixture.room(), vp9, true, null));
        StageFixture.run(s, rtp(96, false, 9999, 0, 1, 100), 6000 * MS);
        assertThat(requests[0]).isEqualTo(2 + KeyframeOnStart.RETRY_MS.length);
    }
}
