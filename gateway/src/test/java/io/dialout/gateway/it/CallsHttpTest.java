package io.dialout.gateway.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.dialout.testkit.Sipp;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GET/DELETE /v1/calls, health and the Prometheus metrics, with a real call through sipp. */
@QuarkusTest
class CallsHttpTest {

    @TestHTTPResource("/v1/dialout")
    URI http;

    URI ws() {
        return DialoutClient.ws(http);
    }

    @Test
    void listAndHangUpACallAsAnAdmin() throws Exception {
        double endedBefore = metric("dialout_calls_ended_total{cause=\"local-hangup\"}");
        try (Sipp uas = Sipp.scenarioResource("sipp/api/uas_ring_until_cancel.xml")
                        .start();
                DialoutClient room = DialoutClient.connect(ws())) {
            room.dialUntilRinging("room-call.1", uas.uri("service"));

            JsonPath calls =
                    given().get("/v1/calls").then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> mine = calls.getList("findAll { it.callId == 'room-call.1' }");
            assertThat(mine).hasSize(1);
            Map<String, Object> call = mine.get(0);
            assertThat(call.get("to")).isEqualTo(uas.uri("service"));
            assertThat(call.get("state")).isEqualTo("ringing");
            assertThat((String) call.get("startedAt")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            assertThat(call.get("sipCallId")).isNotNull();
            assertThat(call).containsKeys("room", "sip");
            @SuppressWarnings("unchecked")
            Map<String, Object> roomLeg = (Map<String, Object>) call.get("room");
            assertThat(roomLeg).containsKeys("audioCodec", "packetsReceived", "packetsLost");
            // the set-up so far, stage by stage in µs from the dial, in the order it happened; nothing of an answer
            @SuppressWarnings("unchecked")
            Map<String, Object> setup = (Map<String, Object>) call.get("setup");
            List<String> reached = List.of("routed", "allocated", "answerSent", "inviteHanded", "inviteOnWire");
            assertThat(setup).containsKeys(reached.toArray(String[]::new));
            assertThat(reached.stream()
                            .map(k -> ((Number) setup.get(k)).longValue())
                            .toList())
                    .isSorted();
            assertThat(List.of("okReceived", "answered", "answeredSent"))
                    .allSatisfy(k -> assertThat(setup.get(k)).as(k).isNull());
            assertThat(metric("dialout_calls_active")).isGreaterThanOrEqualTo(1);

            given().delete("/v1/calls/" + call.get("id")).then().statusCode(202);
            JsonNode ended = room.nextState("ended");
            assertThat(ended.path("cause").asText()).isEqualTo("local-hangup");
            assertThat(ended.path("reason").asText()).isEqualTo("hangup by an admin");
            assertThat(uas.awaitExit(Duration.ofSeconds(20))).as(uas.output()).isZero();
            assertThat(uas.count("^CANCEL sip:")).isEqualTo(1);
        }
        assertThat(metric("dialout_calls_ended_total{cause=\"local-hangup\"}")).isEqualTo(endedBefore + 1);
        given().delete("/v1/calls/no-such-call").then().statusCode(404);
    }

    @Test
    void metricsAreExposed() {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(text)
                .contains(
                        "dialout_calls_active",
                        "dialout_calls_ended_total{cause=\"busy\"}",
                        "dialout_call_setup_seconds_bucket",
                        "dialout_sip_responses_total{class=\"1xx\"}");
    }

    @Test
    void healthIsUp() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    /** The value of one Prometheus sample (0 when absent). */
    static double metric(String sample) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : text.split("\n")) {
            if (line.startsWith(sample.replace("}", "")) && !line.startsWith("#")) {
                int sp = line.lastIndexOf(' ');
                String name = line.substring(0, sp);
                if (name.equals(sample) || name.equals(sample.replace("}", ",}"))) {
                    return Double.parseDouble(line.substring(sp + 1));
                }
            }
        }
        return 0;
    }
}
