package io.dialout.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DialQuotaTest {
    private static final long S = 1_000_000_000L;

    @Test
    void capsCallsInProgress() {
        DialQuota q = new DialQuota(2, 100, 100, 0);
        assertThat(q.tryAcquire(0)).isNull();
        assertThat(q.tryAcquire(0)).isNull();
        assertThat(q.tryAcquire(0)).contains("at most 2 calls");
        q.release();
        assertThat(q.tryAcquire(0)).isNull();
        assertThat(q.active()).isEqualTo(2);
    }

    @Test
    void limitsTheDialRateWithABurst() {
        DialQuota q = new DialQuota(1000, 2, 5, 0);
        for (int i = 0; i < 5; i++) {
            assertThat(q.tryAcquire(0)).as("dial %d of the burst", i).isNull();
        }
        assertThat(q.tryAcquire(0)).contains("per second");
        assertThat(q.tryAcquire(S / 4)).as("half a dial refilled").isNotNull();
        assertThat(q.tryAcquire(S / 2))
                .as("one dial refilled after 0.5 s at 2/s")
                .isNull();
        assertThat(q.tryAcquire(S / 2)).isNotNull();
        assertThat(q.tryAcquire(100 * S))
                .as("the bucket refills up to its size")
                .isNull();
        int more = 0;
        while (q.tryAcquire(100 * S) == null) {
            more++;
        }
        assertThat(more).isEqualTo(4);
    }
}
