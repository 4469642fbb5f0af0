package io.dialout.gateway.it;

import static io.dialout.gateway.it.DialoutClient.dial;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.dialout.gateway.health.ShutdownDrain;
import io.dialout.gateway.testing.ConfigProfile;
import io.dialout.testkit.Sipp;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Drain (readiness DOWN, new dials busy, calls in progress continue) and the shutdown grace (then cause shutdown).
 * Its own Quarkus instance, since draining cannot be undone; the shutdown observer is invoked directly so the test
 * can watch the calls while the gateway drains.
 */
@QuarkusTest
@TestProfile(DrainTest.Drainable.class)
class DrainTest {

    public static class Drainable extends ConfigProfile {
        public Drainable() {
            // Calls go on for 2 s of it; the last 2 s (ShutdownTimeline: half the grace, at most 5 s) are for the BYEs.
            super("gateway.limits.shutdown-grace", "4s");
        }
    }

    @TestHTTPResource("/v1/dialout")
    URI http;

    @Inject
    ShutdownDrain shutdown;

    @Test
    void drainRefusesNewDialsThenShutdownEndsTheRest() throws Exception {
        try (Sipp uas = Sipp.scenarioResource("sipp/api/uas_answer_wait_bye.xml")
                        .start();
                DialoutClient room = DialoutClient.connect(DialoutClient.ws(http))) {
            room.dialUntilAnswered("c1", uas.uri("service"));

            given().post("/v1/admin/drain")
                    .then()
                    .statusCode(200)
                    .body("draining", equalTo(true))
                    .body("activeCalls", equalTo(1));
            given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
            given().get("/q/health/live").then().statusCode(200);

            room.send(dial("c2", uas.uri("service")));
            JsonNode busy = room.nextError("busy");
            assertThat(busy.path("callId").asText()).isEqualTo("c2");

            long start = System.nanoTime();
            shutdown.drainAndEndCalls();
            // The drain fits in the grace, teardown included (a stop timeout equal to the grace lets the BYE out).
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(4500));
            JsonNode ended = room.nextState("ended");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(ended.path("cause").asText()).isEqualTo("shutdown");
            assertThat(ended.path("by").asText()).isEqualTo("local");
            assertThat(ended.path("durationSec").asLong()).isGreaterThanOrEqualTo(2);
            assertThat(uas.awaitExit(Duration.ofSeconds(20))).as(uas.output()).isZero();
            assertThat(uas.count("^BYE sip:")).isEqualTo(1);
        }
    }
}
