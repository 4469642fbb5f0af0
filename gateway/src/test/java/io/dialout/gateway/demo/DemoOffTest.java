package io.dialout.gateway.demo;

import static io.dialout.gateway.demo.CallMessages.dial;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dialout.gateway.it.DialoutClient;
import io.dialout.gateway.testing.OneCallNoDemoFastPing;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** With {@code gateway.demo.enabled=false} (production's default) nothing is started and demo calls are refused. */
@QuarkusTest
@TestProfile(OneCallNoDemoFastPing.class) // gateway.demo.enabled=false
class DemoOffTest {

    @TestHTTPResource("/v1/dialout")
    URI http;

    @Inject
    DemoEndpoint demo;

    @Test
    void demoDestinationsAreRefusedWithPolicyAndNoInvite() throws Exception {
        assertThat(demo.sipPort()).as("no demo endpoint running").isEmpty();
        try (DialoutClient client =
                DialoutClient.connect(URI.create(http.toString().replaceFirst("^http", "ws")))) {
            CallMessages room = new CallMessages(client);
            room.send(dial("off-1", "sip:echo@demo", DialoutClient.offer()));
            JsonNode ended = room.awaitState("off-1", "ended");
            assertThat(ended.path("cause").asText()).isEqualTo("policy");
            assertThat(ended.path("reason").asText()).contains("gateway.demo.enabled=false");
            assertThat(room.summary())
                    .as("refused before any INVITE: no trying")
                    .doesNotContain("off-1 state:trying");
        }
    }
}
