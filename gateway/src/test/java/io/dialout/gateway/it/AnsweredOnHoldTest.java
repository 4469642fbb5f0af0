package io.dialout.gateway.it;

import static io.dialout.gateway.it.DialoutClient.dial;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.testkit.Sipp;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A callee that answers on hold (RFC 3264 section 8.4: a=inactive, a=sendonly, or c=0.0.0.0 in the 200): the room
 * is told {@code held} by {@code remote}, and the media timeout waits until the far end is expected to send. sipp
 * sends no RTP at all: 4 s on hold (twice the media timeout) must not end the call; after its resume it must.
 */
@QuarkusTest
@TestProfile(AnsweredOnHoldTest.ShortMediaTimeout.class)
class AnsweredOnHoldTest {

    public static class ShortMediaTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.media.media-timeout", "2s");
        }
    }

    @TestHTTPResource("/v1/dialout")
    URI http;

    /** GET /v1/calls empty: the call is removed just after its {@code ended}; polled, there is no event for it. */
    static void awaitNoCalls() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (given().get("/v1/calls")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("$")
                        .size()
                > 0) {
            assertThat(System.nanoTime()).as("calls left behind").isLessThan(deadline);
            Thread.sleep(50); // polling GET /v1/calls under a deadline: there is no event for "no call left"
        }
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1, inactive", "127.0.0.1, sendonly", "0.0.0.0, sendrecv"})
    void answeredOnHoldIsReportedAndTheMediaTimeoutWaitsForTheResume(String conn, String dir) throws Exception {
        try (Sipp uas = Sipp.scenarioResource("sipp/api/uas_answer_on_hold.xml")
                        .set("conn", conn)
                        .set("dir", dir)
                        .timeout(Duration.ofSeconds(30))
                        .start();
                DialoutClient room =
                        DialoutClient.connect(URI.create(http.toString().replaceFirst("^http", "ws")))) {
            room.send(dial("c1", uas.uri("service")));
            assertThat(room.sequenceUntilEnded("c1"))
                    .containsExactly(
                            "answer",
                            "state:trying",
                            "state:ringing",
                            "state:answered",
                            "state:held",
                            "state:resumed",
                            "state:ended");
            assertThat(room.last().path("cause").asText()).isEqualTo("media-failure");
            assertThat(room.seen())
                    .filteredOn(n -> n.path("state").asText().equals("held"))
                    .singleElement()
                    .satisfies(n -> assertThat(n.path("by").asText()).isEqualTo("remote"));
            assertThat(uas.awaitExit(Duration.ofSeconds(20))).as(uas.output()).isZero();
            assertThat(uas.count("^BYE sip:")).isEqualTo(1);
            // RFC 3326: the BYE says why the gateway ended the call
            assertThat(uas.messages()).contains("Reason: Q.850;cause=41;text=\"media failure\"");
            awaitNoCalls();
        }
    }
}
