package io.dialout.gateway.it;

import static io.dialout.gateway.it.DialoutClient.dial;
import static io.dialout.gateway.it.DialoutClient.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dialout.testkit.Sipp;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** At gateway.limits.max-calls a new dial gets {@code error busy} and no INVITE; a slot frees when a call ends. */
@QuarkusTest
@TestProfile(CallCapTest.OneCall.class)
class CallCapTest {

    public static class OneCall implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.limits.max-calls", "1");
        }
    }

    @TestHTTPResource("/v1/dialout")
    URI http;

    @Test
    void theCapRefusesTheSecondCall() throws Exception {
        URI ws = URI.create(http.toString().replaceFirst("^http", "ws"));
        try (Sipp uas = Sipp.scenarioResource("sipp/api/uas_ring_until_cancel.xml")
                        .calls(2)
                        .start();
                DialoutClient room = DialoutClient.connect(ws);
                DialoutClient other = DialoutClient.connect(ws)) {
            room.send(dial("c1", uas.uri("service")));
            room.next("answer");
            room.nextState("trying");
            room.nextState("ringing");

            other.send(dial("c1", uas.uri("service")));
            JsonNode busy = other.next("error");
            assertThat(busy.path("code").asText()).isEqualTo("busy");
            assertThat(busy.path("message").asText()).contains("limit of 1 calls");

            room.send(message("hangup", "c1"));
            room.nextState("ended");
            other.send(dial("c1", uas.uri("service")));
            other.next("answer");
            other.nextState("trying");
            other.nextState("ringing");
            other.send(message("hangup", "c1"));
            assertThat(other.nextState("ended").path("cause").asText()).isEqualTo("local-hangup");
            assertThat(uas.awaitExit(Duration.ofSeconds(20))).as(uas.output()).isZero();
            assertThat(uas.count("^INVITE sip:")).isEqualTo(2);
        }
    }
}
