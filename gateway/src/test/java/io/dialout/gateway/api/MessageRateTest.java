package io.dialout.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.gateway.api.MessageRate.Verdict;
import org.junit.jupiter.api.Test;

/** The per-connection message rate on an explicit clock. */
class MessageRateTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void theBurstPassesThenTheRateRefusesAndRefills() {
        MessageRate rate = new MessageRate(100, 500, 0);
        for (int i = 0; i < 500; i++) {
            assertThat(rate.admit(0)).as("message %d", i).isEqualTo(Verdict.ACCEPT);
        }
        assertThat(rate.admit(0)).isEqualTo(Verdict.REFUSE);
        assertThat(rate.admit(SECOND / 100)).as("one token back after 10 ms").isEqualTo(Verdict.ACCEPT);
        assertThat(rate.admit(SECOND / 100)).isEqualTo(Verdict.REFUSE);
    }

    @Test
    void aClientAtTwiceTheRateIsKeptAndOneBeyondItIsClosed() {
        MessageRate twice = new MessageRate(100, 500, 0);
        long t = 0;
        for (int i = 0; i < 500; i++) {
            twice.admit(t);
        }
        int refused = 0;
        for (int i = 0; i < 20_000; i++) { // 200 a second for 100 s: half refused, the debt paid as fast as it grows
            t += SECOND / 200;
            Verdict v = twice.admit(t);
            assertThat(v).as("message %d", i).isNotEqualTo(Verdict.CLOSE);
            refused += v == Verdict.REFUSE ? 1 : 0;
        }
        assertThat(refused).isBetween(9_000, 11_000);

        MessageRate flood = new MessageRate(100, 500, 0);
        Verdict last = Verdict.ACCEPT;
        int sent = 0;
        while (last != Verdict.CLOSE && sent < 5_000) {
            last = flood.admit(sent * (SECOND / 10_000)); // 10,000 a second
            sent++;
        }
        assertThat(last).isEqualTo(Verdict.CLOSE);
        assertThat(flood.admit(sent * (SECOND / 10_000)))
                .as("closing: dropped unanswered")
                .isEqualTo(Verdict.DROP);
        assertThat(sent).as("closed after the burst and about as many refusals").isBetween(1_000, 1_200);
    }
}
