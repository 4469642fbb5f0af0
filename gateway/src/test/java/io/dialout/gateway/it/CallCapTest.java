package io.dialout.gateway.it;

import static io.dialout.gateway.it.DialoutClient.dial;
import static io.dialout.gateway.it.DialoutClient.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dialout.gateway.testing.OneCallNoDemoFastPing;
import io.dialout.testkit.Sipp;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** At gateway.limits.max-calls a new dial gets {@code error busy} and no INVITE; a slot frees when a call ends. */
@QuarkusTest
@TestProfile(OneCallNoDemoFastPing.class) // gateway.limits.max-calls=1
class CallCapTest {

    @TestHTTPResource("/v1/dialout")
    URI http;

    @Test
    void theCapRefusesTheSecondCall() throws Exception {
        URI ws = DialoutClient.ws(http);
        try (Sipp uas = Sipp.scenarioResource("sipp/api/uas_ring_until_cancel.xml")
                        .calls(2)
                        .start();
                DialoutClient room = DialoutClient.connect(ws);
                DialoutClient other = DialoutClient.connect(ws)) {
            room.dialUntilRinging("c1", uas.uri("service"));

            other.send(dial("c1", uas.uri("service")));
            JsonNode busy = other.nextError("busy");
            assertThat(busy.path("message").asText()).contains("limit of 1 calls");

            room.send(message("hangup", "c1"));
            room.nextState("ended");
            other.dialUntilRinging("c1", uas.uri("service"));
            other.hangUp("c1");
            assertThat(uas.awaitExit(Duration.ofSeconds(20))).as(uas.output()).isZero();
            assertThat(uas.count("^INVITE sip:")).isEqualTo(2);
        }
    }
}
