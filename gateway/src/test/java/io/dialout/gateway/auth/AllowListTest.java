package io.dialout.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AllowListTest {

    @ParameterizedTest
    @CsvSource({
        "+1555*,                       +15551234567,                    true",
        "+1555*,                       tel:+1-555-123-4567,             true",
        "+1555*,                       sip:+15551234567@trunk.example,  true",
        "+1555*,                       +14441234567,                    false",
        "+1555*,                       sip:alice@example.com,           false",
        "sip:*@trunk.example.com,      sip:+15551234567@trunk.example.com, true",
        "sip:*@trunk.example.com,      sip:bob@TRUNK.example.com,       true",
        "sip:*@trunk.example.com,      sip:bob@evil.example.com,        false",
        "sip:*@trunk.example.com,      sip:bob@trunk.example.com.evil,  false",
        "*,                            sip:anything@anywhere,           true",
        "sip:room.9@127.0.0.1:*,       sip:room.9@127.0.0.1:5080,       true",
        "sip:room.9@127.0.0.1:*,       sip:roomx9@127.0.0.1:5080,       false",
    })
    void globs(String glob, String to, boolean permitted) {
        assertThat(AllowList.of(List.of(glob)).permits(to)).isEqualTo(permitted);
    }

    @org.junit.jupiter.api.Test
    void emptyListAllowsNothingAndAnyAllowsAll() {
        assertThat(AllowList.of(List.of()).permits("sip:a@b")).isFalse();
        assertThat(AllowList.ANY.permits("sip:a@b")).isTrue();
    }
}
