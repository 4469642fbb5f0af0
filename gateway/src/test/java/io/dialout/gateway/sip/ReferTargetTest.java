package io.dialout.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Refer-To URIs (RFC 3515 section 2.1) with and without an embedded Replaces (RFC 3891 section 3). */
class ReferTargetTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "sip:bob@pbx.example.com                     | sip:bob@pbx.example.com           | ",
                "sip:+15551234567@pbx;user=phone             | sip:+15551234567@pbx;user=phone   | ",
                "tel:+15551234567                            | tel:+15551234567                  | ",
                "sip:b@h:5070?Replaces=c1%40h%3Bto-tag%3Dt%3Bfrom-tag%3Df | sip:b@h:5070 | c1@h;to-tag=t;from-tag=f",
                "sip:b@h?X-Evil=1&replaces=a%2Bb%3Bto-tag%3D1%3Bfrom-tag%3D2 | sip:b@h | a+b;to-tag=1;from-tag=2",
                "sip:b@h?Subject=hi                          | sip:b@h                           | "
            })
    void theTargetAndItsReplacesAreSeparated(String referTo, String uri, String replaces) {
        ReferTarget t = ReferTarget.parse(referTo);
        assertThat(t.uri()).isEqualTo(uri);
        assertThat(t.replaces()).isEqualTo(replaces);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''",
                "bob",
                "sip:b@h?Replaces=only-a-call-id",
                "sip:b@h?Replaces=c%3Bto-tag%3Dt%3Bfrom-tag%3Df%0D%0AX-Injected%3A%201",
                "sip:b@h?Replaces=%zz"
            })
    void malformedOnesAreRefused(String referTo) {
        assertThatThrownBy(() -> ReferTarget.parse(referTo)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"c1@h;to-tag=t;from-tag=f", "a+b c;to-tag=1;from-tag=2"})
    void anAttendedReferToParsesBackToItsReplaces(String replaces) {
        String referTo = ReferTarget.withReplaces("sip:bob@10.0.0.2:5060", replaces);
        assertThat(referTo).doesNotContain(";to-tag").doesNotContain("@h;").contains("?Replaces=");
        assertThat(ReferTarget.parse(referTo)).isEqualTo(new ReferTarget("sip:bob@10.0.0.2:5060", replaces));
    }
}
