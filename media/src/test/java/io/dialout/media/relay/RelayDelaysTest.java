package io.dialout.media.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RelayDelaysTest {

    @Test
    void eachPacketLandsInOneBucketAndOverCountsWhatIsAboveABound() {
        RelayDelays d = new RelayDelays();
        d.record(10_000); // 10 µs: first bucket
        d.record(50_000); // exactly on the 50 µs bound: still the first bucket
        d.record(700_000); // 0.7 ms
        d.record(3_000_000); // 3 ms
        d.record(25_000_000); // 25 ms
        d.record(400_000_000); // 400 ms: above every bound
        RelayDelays.Snapshot s = new RelayDelays.Snapshot();
        d.addTo(s);
        assertThat(s.count).isEqualTo(6);
        assertThat(s.sumNanos).isEqualTo(428_760_000L);
        assertThat(s.buckets[0]).isEqualTo(2);
        assertThat(s.buckets[RelayDelays.BOUNDS_NANOS.length]).isEqualTo(1);
        assertThat(s.over(1_000_000)).isEqualTo(3);
        assertThat(s.over(5_000_000)).isEqualTo(2);
        assertThat(s.over(20_000_000)).isEqualTo(2);
        assertThat(s.over(50_000_000)).isEqualTo(1);
        assertThatThrownBy(() -> s.over(3_000_000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void snapshotsAddUpOverThreads() throws Exception {
        RelayDelays a = new RelayDelays();
        RelayDelays b = new RelayDelays();
        Thread ta = new Thread(() -> {
            for (int i = 0; i < 10_000; i++) {
                a.record(i * 1_000L);
            }
        });
        Thread tb = new Thread(() -> {
            for (int i = 0; i < 5_000; i++) {
                b.record(100_000_000L);
            }
        });
        ta.start();
        tb.start();
        ta.join();
        tb.join();
        RelayDelays.Snapshot s = new RelayDelays.Snapshot();
        a.addTo(s);
        b.addTo(s);
        assertThat(s.count).isEqualTo(15_000);
        assertThat(s.over(50_000_000)).isEqualTo(5_000);
        assertThat(s.over(5_000_000)).isEqualTo(5_000 + 4_999);
    }
}
