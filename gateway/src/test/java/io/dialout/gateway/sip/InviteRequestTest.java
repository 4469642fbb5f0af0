package io.dialout.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InviteRequestTest {

    static final Trunk T = Trunk.direct("t", "udp");

    @Test
    void onlyExtensionHeadersPassThrough() {
        assertThat(new InviteRequest("sip:a@b", null, null, Map.of("X-Room-Id", "42", "x-trace.id", "a"), "v=0", T)
                        .xHeaders())
                .hasSize(2);
        for (String bad : new String[] {"Route", "P-Asserted-Identity", "X-", "X-Bad Name", "X-a:b", "X-é"}) {
            assertThatThrownBy(() -> new InviteRequest("sip:a@b", null, null, Map.of(bad, "v"), "v=0", T))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(
                        () -> new InviteRequest("sip:a@b", null, null, Map.of("X-A", "v\r\nRoute: <sip:x>"), "v=0", T))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void trunkMasksItsPasswordAndChecksTransport() {
        Trunk t = new Trunk("carrier", "TCP", "proxy.example.com:5060", "user", "hunter2", null);
        assertThat(t.transport()).isEqualTo("tcp");
        assertThat(t.toString()).contains("user").contains("***").doesNotContain("hunter2");
        assertThat(t.hasCredentials()).isTrue();
        assertThatThrownBy(() -> Trunk.direct("x", "sctp")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Trunk.direct("x", "TLS").isTls())
                .as("SIP over TLS (issue 12 item 13)")
                .isTrue();
    }

    @Test
    void userAgentRefusesNonSipUris() {
        try (JainSipUserAgent ua = new JainSipUserAgent(SipUserAgentConfig.loopback(SipTimers.rfc3261()))) {
            RecordingListener l = new RecordingListener();
            assertThatThrownBy(() -> ua.invite(new InviteRequest("tel:+15551234567", null, null, null, "v=0", T), l))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ua.invite(new InviteRequest("http://x", null, null, null, "v=0", T), l))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(l.events()).isEmpty();
            assertThat(ua.port()).isPositive();
        }
    }
}
