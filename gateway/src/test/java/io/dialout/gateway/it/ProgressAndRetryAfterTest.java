package io.dialout.gateway.it;

import static io.dialout.gateway.it.DialoutClient.dial;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dialout.testkit.Sipp;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Progress and a carrier's overload answer: every 180, 181 (forwarded) and 182 (queued) reaches the room as
 * {@code ringing} with its status, and the {@code Retry-After} of a 503 (RFC 3261 section 20.33) comes in
 * {@code ended} as {@code retryAfter} (an addition to the contract).
 */
@QuarkusTest
class ProgressAndRetryAfterTest {

    @TestHTTPResource("/v1/dialout")
    URI http;

    @Test
    void everyProvisionalIsReportedAndRetryAfterReachesTheRoom() throws Exception {
        try (Sipp uas = Sipp.scenarioResource("sipp/api/uas_progress_503_retry_after.xml")
                        .start();
                DialoutClient room =
                        DialoutClient.connect(URI.create(http.toString().replaceFirst("^http", "ws")))) {
            room.send(dial("c1", uas.uri("service")));
            assertThat(room.sequenceUntilEnded("c1"))
                    .containsExactly(
                            "answer",
                            "state:trying",
                            "state:ringing",
                            "state:ringing",
                            "state:ringing",
                            "state:ringing",
                            "state:ended");
            assertThat(room.seen())
                    .filteredOn(n -> n.path("state").asText().equals("ringing"))
                    .extracting(n -> n.path("sipStatus").asInt())
                    .containsExactly(180, 181, 182, 180);
            JsonNode ended = room.last();
            assertThat(ended.path("cause").asText()).isEqualTo("rejected");
            assertThat(ended.path("sipStatus").asInt()).isEqualTo(503);
            assertThat(ended.path("retryAfter").asInt()).isEqualTo(120);
            assertThat(uas.awaitExit(Duration.ofSeconds(20))).as(uas.output()).isZero();
            AnsweredOnHoldTest.awaitNoCalls();
        }
    }
}
