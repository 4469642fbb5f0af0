package io.dialout.gateway.metrics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dialout.gateway.it.DialoutClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Media totals and the relay's stage counters, with real calls to the embedded demo's tone endpoint (real SIP and
 * RTP on loopback; no room joins, so what the tone sends toward the room is dropped at the room's send stage).
 */
@QuarkusTest
class MediaMetricsTest {

    private static final String SIP_RECEIVED = "dialout_media_packets_total{direction=\"received\",leg=\"sip\"}";
    private static final String STATS_PASSED =
            "dialout_media_stage_packets_total{direction=\"sipToRoom\",outcome=\"passed\",stage=\"receive-stats\"}";
    private static final String ROOM_SEND_DROPPED =
            "dialout_media_stage_packets_total{direction=\"sipToRoom\",outcome=\"dropped\",stage=\"send-audio\"}";

    @TestHTTPResource("/v1/dialout")
    URI http;

    /** Three calls start and end with no scrape in between; the next scrape still counts all their packets. */
    @Test
    void totalsCountCallsThatNoScrapeSawLive() throws Exception {
        String before = scrape();
        long seen = 0;
        long seenAtSend = 0;
        try (DialoutClient client =
                DialoutClient.connect(URI.create(http.toString().replaceFirst("^http", "ws")))) {
            for (int i = 0; i < 3; i++) {
                String callId = "totals-" + i;
                client.send(DialoutClient.dial(callId, "sip:tone@demo"));
                JsonNode m;
                do {
                    m = client.next();
                } while (!"answered".equals(m.path("state").asText()));
                Map<String, Object> call = awaitSipPackets(callId, 25);
                seen += ((Number) leg(call, "sip").get("packetsReceived")).longValue();
                seenAtSend += assertPipelineIsShown(call);
                client.send(DialoutClient.message("hangup", callId));
                do {
                    m = client.next();
                } while (!"ended".equals(m.path("state").asText()));
            }
        }
        String after = scrape();
        assertThat(value(after, SIP_RECEIVED) - value(before, SIP_RECEIVED))
                .as("SIP packets received by three calls no scrape saw")
                .isGreaterThanOrEqualTo(seen);
        assertThat(value(after, STATS_PASSED) - value(before, STATS_PASSED)).isGreaterThanOrEqualTo(seen);
        // compared with what had reached send-audio when the call was looked at, not with what the SIP leg had
        // received then: a transcoded packet waits for the encoder's next 20 ms tick, and the hangup may come first
        assertThat(value(after, ROOM_SEND_DROPPED) - value(before, ROOM_SEND_DROPPED))
                .as("nothing can go to a room that never connected")
                .isGreaterThanOrEqualTo(seenAtSend);
    }

    /**
     * GET /v1/calls shows each direction's stages, in the order packets meet them, with their counters. Returns the
     * packets that had reached the room's send-audio stage (all of them dropped there).
     */
    @SuppressWarnings("unchecked")
    private static long assertPipelineIsShown(Map<String, Object> call) {
        Map<String, Object> pipeline = (Map<String, Object>) call.get("pipeline");
        assertThat(pipeline).containsOnlyKeys("roomToSip", "sipToRoom");
        List<Map<String, Object>> sipToRoom = (List<Map<String, Object>>) pipeline.get("sipToRoom");
        assertThat(sipToRoom.get(0)).containsEntry("stage", "receive-stats");
        assertThat(sipToRoom).extracting(s -> s.get("stage")).contains("demux", "audio-rewrite", "send-audio");
        Map<String, Object> send = sipToRoom.stream()
                .filter(s -> s.get("stage").equals("send-audio"))
                .findFirst()
                .orElseThrow();
        assertThat(((Number) send.get("in")).longValue()).isPositive();
        assertThat(send.get("dropped")).as("the room is not connected").isEqualTo(send.get("in"));
        assertThat((List<Object>) pipeline.get("roomToSip")).isNotEmpty();
        return ((Number) send.get("in")).longValue();
    }

    /** The call's entry in GET /v1/calls once its SIP leg has received {@code packets} packets. */
    private static Map<String, Object> awaitSipPackets(String callId, long packets) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            JsonPath calls =
                    given().get("/v1/calls").then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> mine = calls.getList("findAll { it.callId == '" + callId + "' }");
            if (!mine.isEmpty() && leg(mine.get(0), "sip") != null) {
                Map<String, Object> call = mine.get(0);
                if (((Number) leg(call, "sip").get("packetsReceived")).longValue() >= packets) {
                    return call;
                }
            }
            assertThat(System.nanoTime())
                    .as("tone packets from the demo: " + mine)
                    .isLessThan(deadline);
            Thread.sleep(50); // polling GET /v1/calls: there is no event for "packets arrived"
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> leg(Map<String, Object> call, String leg) {
        return (Map<String, Object>) call.get(leg);
    }

    private static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The value of one sample in a scrape (0 when absent). */
    private static double value(String scrape, String sample) {
        for (String line : scrape.split("\n")) {
            int sp = line.lastIndexOf(' ');
            if (!line.startsWith("#") && sp > 0) {
                String name = line.substring(0, sp);
                if (name.equals(sample) || name.equals(sample.replace("}", ",}"))) {
                    return Double.parseDouble(line.substring(sp + 1));
                }
            }
        }
        return 0;
    }
}
