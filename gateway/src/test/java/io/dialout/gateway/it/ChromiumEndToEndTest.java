package io.dialout.gateway.it;

import static io.dialout.gateway.it.DialoutClient.message;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dialout.testkit.ChromiumPeer;
import io.dialout.testkit.Sipp;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole product with real peers: headless Chromium is the room (its live offer goes in the {@code dial}, our
 * {@code answer} goes back into it, ICE-lite + DTLS-SRTP on the shared port), sipp is the callee and echoes RTP. The
 * room's 440 Hz tone must come back to the room through the SIP leg, and the client's DTMF (RFC 4733 toward sipp,
 * echoed) must come back as {@code dtmf} messages.
 */
@QuarkusTest
class ChromiumEndToEndTest {

    private static final double TONE_HZ = 440;

    @TestHTTPResource("/v1/dialout")
    URI http;

    @Test
    void aBrowserRoomDialsSippAndHearsItsToneEchoed() throws Exception {
        try (Sipp uas = Sipp.scenarioResource("sipp/api/uas_answer_wait_bye.xml")
                        .rtpEcho()
                        .timeout(Duration.ofSeconds(120))
                        .start();
                ChromiumPeer browser = ChromiumPeer.launch(new ChromiumPeer.Options().audioToneHz(TONE_HZ));
                DialoutClient room = DialoutClient.connect(DialoutClient.ws(http))) {
            room.send(DialoutClient.JSON
                    .createObjectNode()
                    .put("type", "dial")
                    .put("callId", "e2e")
                    .put("to", uas.uri("service"))
                    .put("offer", browser.createOffer()));
            browser.setAnswer(room.next("answer").path("sdp").asText());
            room.nextState("trying");
            room.nextState("ringing");
            room.nextState("answered");
            browser.awaitConnected(Duration.ofSeconds(20));

            browser.awaitAtLeast(browser::inboundAudioPackets, 100, Duration.ofSeconds(20));
            ChromiumPeer.ToneReading tone = browser.measureInboundTone(1500);
            assertThat(tone.frequencyHz()).as("tone heard by the room: " + tone).isBetween(TONE_HZ - 15, TONE_HZ + 15);

            room.send(message("dtmf", "e2e").put("digits", "1#").put("durationMs", 100));
            assertThat(room.next("dtmf").path("digit").asText()).isEqualTo("1");
            assertThat(room.next("dtmf").path("digit").asText()).isEqualTo("#");

            JsonPath calls =
                    given().get("/v1/calls").then().statusCode(200).extract().jsonPath();
            Map<String, Object> call = calls.getMap("find { it.callId == 'e2e' }");
            assertThat(call.get("state")).isEqualTo("answered");
            assertThat(call.get("roomConnected")).isEqualTo(true);
            assertThat(calls.getLong("find { it.callId == 'e2e' }.room.packetsReceived"))
                    .isGreaterThan(50);
            assertThat(calls.getLong("find { it.callId == 'e2e' }.sip.packetsReceived"))
                    .isGreaterThan(50);
            assertThat(calls.getString("find { it.callId == 'e2e' }.sip.audioCodec"))
                    .isEqualTo("PCMU/8000");

            JsonNode ended = room.hangUp("e2e");
            assertThat(ended.path("durationSec").asLong()).isGreaterThanOrEqualTo(1);
            assertThat(uas.awaitExit(Duration.ofSeconds(20))).as(uas.output()).isZero();
        }
    }
}
