package io.dialout.gateway.it;

import static io.dialout.gateway.it.DialoutClient.dial;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dialout.testkit.FreePorts;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every validation rule of API.md over the real WebSocket: each bad message gets an {@code error} with the expected
 * code and a message naming the problem, and the connection stays up for the next one.
 */
@QuarkusTest
class DialoutValidationTest {

    @TestHTTPResource("/v1/dialout")
    URI http;

    URI ws() {
        return DialoutClient.ws(http);
    }

    /** A destination nothing listens on: these dials must be refused before any INVITE. */
    private static final String NOWHERE = "sip:nobody@127.0.0.1:" + FreePorts.udp();

    record Case(String text, String callId, String code, String fragment) {}

    @Test
    void everyRuleAnswersWithAnErrorAndKeepsTheConnection() throws Exception {
        String offer = DialoutClient.offer();
        List<Case> cases = List.of(
                new Case("{not json", null, "bad-request", "malformed JSON"),
                new Case("[]", null, "bad-request", "must be a JSON object"),
                new Case("{\"callId\":\"c1\"}", "c1", "bad-request", "missing 'type'"),
                new Case("{\"type\":\"teleport\",\"callId\":\"c1\"}", "c1", "bad-request", "unknown type 'teleport'"),
                new Case("{\"type\":\"hangup\"}", null, "bad-request", "missing 'callId'"),
                new Case("{\"type\":\"hangup\",\"callId\":\"c 1\"}", null, "bad-request", "'callId' must be 1-64"),
                new Case(
                        "{\"type\":\"hangup\",\"callId\":\"" + "x".repeat(65) + "\"}",
                        null,
                        "bad-request",
                        "'callId' must be 1-64"),
                new Case(dial("c1", "not-a-uri").toString(), "c1", "bad-request", "'to' must be a sip: or sips: URI"),
                new Case(dial("c1", "http://example.com").toString(), "c1", "bad-request", "'to' must be"),
                new Case(dial("c1", NOWHERE).without("offer").toString(), "c1", "bad-request", "missing 'offer'"),
                new Case(
                        dial("c1", NOWHERE).put("ringTimeoutSec", 0).toString(),
                        "c1",
                        "bad-request",
                        "'ringTimeoutSec' must be an integer from 1 to 300"),
                new Case(
                        dial("c1", NOWHERE).put("maxDurationSec", 86401).toString(),
                        "c1",
                        "bad-request",
                        "'maxDurationSec' must be an integer from 1 to 86400"),
                new Case(withHeader(offer, "Via", "x"), "c1", "bad-request", "only X- headers"),
                new Case(withHeader(offer, "X-Evil", "a\r\nVia: x"), "c1", "bad-request", "without CR, LF"),
                new Case(withHeader(offer, "X-A B", "x"), "c1", "bad-request", "is not a token"),
                new Case(
                        "{\"type\":\"dtmf\",\"callId\":\"c1\",\"digits\":\"12E\"}",
                        "c1",
                        "bad-request",
                        "'digits' must be"),
                new Case(
                        "{\"type\":\"dtmf\",\"callId\":\"c1\",\"digits\":\"1\",\"durationMs\":20}",
                        "c1",
                        "bad-request",
                        "'durationMs' must be an integer from 40 to 2000"),
                new Case("{\"type\":\"dtmf\",\"callId\":\"c9\",\"digits\":\"1\"}", "c9", "unknown-call", "c9"),
                new Case("{\"type\":\"hangup\",\"callId\":\"c9\"}", "c9", "unknown-call", "c9"),
                new Case("{\"type\":\"hold\",\"callId\":\"c9\"}", "c9", "unknown-call", "c9"),
                new Case("{\"type\":\"candidate\",\"callId\":\"c9\",\"candidate\":null}", "c9", "unknown-call", "c9"),
                new Case(
                        "{\"type\":\"dial\",\"callId\":\"c1\",\"to\":\"" + NOWHERE + "\",\"offer\":\""
                                + "v".repeat(70000) + "\"}",
                        null,
                        "bad-request",
                        "exceeds the limit of 65536"));
        try (DialoutClient room = DialoutClient.connect(ws())) {
            for (Case c : cases) {
                room.sendText(c.text());
                JsonNode e = room.next("error");
                assertThat(e.path("code").asText()).as(c.text()).isEqualTo(c.code());
                assertThat(e.path("message").asText()).as(c.text()).contains(c.fragment());
                if (c.callId() == null) {
                    assertThat(e.has("callId")).as(e.toString()).isFalse();
                } else {
                    assertThat(e.path("callId").asText()).isEqualTo(c.callId());
                }
            }
            assertThat(room.isOpen()).isTrue();
        }
    }

    @Test
    void anOfferThatIsNotWebRtcIsABadRequest() throws Exception {
        try (DialoutClient room = DialoutClient.connect(ws())) {
            room.send(dial("c1", NOWHERE)
                    .put(
                            "offer",
                            "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
                                    + "m=audio 9 RTP/AVP 0\r\nc=IN IP4 127.0.0.1\r\n"));
            JsonNode e = room.nextError("bad-request");
            assertThat(e.path("callId").asText()).isEqualTo("c1");
            assertThat(e.path("message").asText()).startsWith("bad offer: ");
            // The callId is free again: the dial was rejected as a whole.
            room.send(dial("c1", "sip:x@host.invalid").put("offer", "garbage"));
            assertThat(room.next("error").path("message").asText()).startsWith("bad offer: ");
        }
    }

    @Test
    void aFrameBeyondTheTransportLimitClosesTheConnection() throws Exception {
        try (DialoutClient room = DialoutClient.connect(ws())) {
            room.sendText("{\"type\":\"dial\",\"pad\":\"" + "x".repeat(1_100_000) + "\"}");
            JsonNode e = room.nextError("bad-request");
            assertThat(e.path("message").asText()).startsWith("message too big");
            assertThat(room.awaitClose()).isEqualTo(1009);
        }
    }

    private static String withHeader(String offer, String name, String value) {
        var d = dial("c1", NOWHERE);
        d.putObject("headers").put(name, value);
        return d.toString();
    }
}
