package io.dialout.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DtmfInfoTest {

    @ParameterizedTest(name = "{0} | {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "application/dtmf-relay | Signal=5\\r\\nDuration=160\\r\\n | 5",
                "application/dtmf-relay | signal= *\\nduration=100 | *",
                "Application/DTMF-Relay; charset=x | Duration=100\\r\\nSignal=#\\r\\n | #",
                "application/dtmf-relay | Signal=11\\r\\n | #",
                "application/dtmf-relay | Signal=10 | *",
                "application/dtmf-relay | Signal=12 | A",
                "application/dtmf-relay | Signal=d | D",
                "application/dtmf | 7 | 7",
                "application/dtmf | 7\\r\\n | 7",
                "application/dtmf-relay | Signal=X | -",
                "application/dtmf-relay | Duration=100 | -",
                "application/sdp | Signal=5 | -",
                "text/plain | 5 | -",
            })
    void parse(String type, String body, String digit) {
        char expected = digit.equals("-") ? 0 : digit.charAt(0);
        assertThat(DtmfInfo.parse(type, body.replace("\\r", "\r").replace("\\n", "\n")))
                .isEqualTo(expected);
    }

    @Test
    void relayBody() {
        assertThat(DtmfInfo.relayBody('5', 160)).isEqualTo("Signal=5\r\nDuration=160\r\n");
        assertThat(DtmfInfo.relayBody('a', 100)).isEqualTo("Signal=A\r\nDuration=100\r\n");
        assertThatThrownBy(() -> DtmfInfo.relayBody('x', 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DtmfInfo.relayBody('1', 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
