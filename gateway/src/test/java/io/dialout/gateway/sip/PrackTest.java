package io.dialout.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which provisional responses get a PRACK (RFC 3262 sections 3 and 4). */
class PrackTest {

    @ParameterizedTest(name = "{0} reliable={1} RSeq={2} last={3} -> {4}")
    @CsvSource({
        // status, Require: 100rel, RSeq, last PRACKed RSeq, PRACK?
        "183, true,  1,  -1, true", // the first reliable 1xx
        "180, true,  7,  -1, true", // the first may start anywhere
        "183, true,  1,   1, false", // a retransmission: same RSeq
        "183, true,  2,   1, true", // the next one
        "183, true,  3,   1, false", // out of order: the UAS retransmits the missing one first
        "183, true,  0,   1, false", // older
        "183, false, 1,  -1, false", // unreliable
        "183, true,  -1, -1, false", // no RSeq
        "100, true,  1,  -1, false", // 100 is hop by hop, never reliable
        "200, true,  1,  -1, false" // a final response is not PRACKed
    })
    void prackOnlyTheNextReliableProvisional(int status, boolean reliable, long rseq, long last, boolean prack) {
        assertThat(Prack.shouldPrack(status, reliable, rseq, last)).isEqualTo(prack);
    }
}
