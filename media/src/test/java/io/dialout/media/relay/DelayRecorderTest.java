package io.dialout.media.relay;

import static io.dialout.media.relay.StageFixture.rtp;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DelayRecorderTest {

    @Test
    void recordsTheTimeSinceArrivalWhenToldWhere() {
        DelayRecorder d = new DelayRecorder();
        StageFixture.run(d, rtp(0, false, 1, 0, 1, 10), System.nanoTime()); // nowhere yet: nothing happens
        RelayDelays delays = new RelayDelays();
        d.recordTo(delays);
        long arrival = System.nanoTime() - 3_000_000L; // arrived 3 ms ago
        StageFixture.run(d, rtp(0, false, 2, 0, 1, 10), arrival);
        RelayDelays.Snapshot s = new RelayDelays.Snapshot();
        delays.addTo(s);
        assertThat(s.count).isEqualTo(1);
        assertThat(s.sumNanos).isGreaterThanOrEqualTo(3_000_000L);
        assertThat(d.packetsIn()).isEqualTo(2);
    }
}
