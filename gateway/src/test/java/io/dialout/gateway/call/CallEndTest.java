package io.dialout.gateway.call;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CallEndTest {

    @ParameterizedTest
    @CsvSource({
        "486, busy",
        "600, busy",
        "603, declined",
        "408, no-answer",
        "480, no-answer",
        "404, not-found",
        "604, not-found",
        "403, rejected",
        "488, rejected",
        "500, rejected",
        "503, rejected",
        "302, rejected"
    })
    void finalResponsesMapToTheApiCauses(int status, String cause) {
        CallEnd end = CallEnd.finalResponse(status, "x");
        assertThat(end.cause().wire()).isEqualTo(cause);
        assertThat(end.sipStatus()).isEqualTo(status);
        assertThat(end.by()).isEqualTo(Party.REMOTE);
    }
}
