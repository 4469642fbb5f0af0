package io.dialout.gateway.it;

import static io.dialout.gateway.it.DialoutClient.dial;
import static io.dialout.gateway.it.DialoutClient.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dialout.testkit.Sipp;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The client contract end to end: a WebSocket client dials through the real gateway (JAIN-SIP user agent, media
 * engine) to sipp, and each test asserts the exact sequence of messages the client got.
 */
@QuarkusTest
class DialoutSippTest {

    private static final Duration SIPP_EXIT = Duration.ofSeconds(20);

    @TestHTTPResource("/v1/dialout")
    URI http;

    /** A room that dialled {@code uas} as call c1 and saw it ring. */
    DialoutClient ringing(Sipp uas) throws Exception {
        DialoutClient room = room();
        try {
            room.dialUntilRinging("c1", uas.uri("service"));
            return room;
        } catch (Throwable t) {
            room.close();
            throw t;
        }
    }

    /** A room that dialled {@code uas} as call c1 and saw it answered. */
    DialoutClient answered(Sipp uas) throws Exception {
        DialoutClient room = ringing(uas);
        try {
            room.nextState("answered");
            return room;
        } catch (Throwable t) {
            room.close();
            throw t;
        }
    }

    /** A room connected to the gateway's /v1/dialout. */
    DialoutClient room() throws Exception {
        return DialoutClient.connect(DialoutClient.ws(http));
    }

    /** sipp as the callee, playing src/test/resources/sipp/api/{@code scenario}.xml. */
    private static Sipp callee(String scenario) {
        return Sipp.scenarioResource("sipp/api/" + scenario + ".xml").start();
    }

    /** sipp ran its scenario to the end: every message it expected came. */
    private static void assertPassed(Sipp uas) {
        assertThat(uas.awaitExit(SIPP_EXIT)).as(uas.output()).isZero();
    }

    /** sipp ran its scenario to the end and received {@code method} exactly {@code times} times. */
    private static void assertPassed(Sipp uas, String method, int times) {
        assertPassed(uas);
        assertThat(uas.count("^" + method + " sip:")).as(method + " requests").isEqualTo(times);
    }

    @Test
    void answeredThenTheCalleeHangsUp() throws Exception {
        try (Sipp uas = callee("uas_answer_then_bye");
                DialoutClient room = room()) {
            room.send(dial("c1", uas.uri("service")));
            assertThat(room.sequenceUntilEnded("c1"))
                    .containsExactly("answer", "state:trying", "state:ringing", "state:answered", "state:ended");
            assertThat(room.seen().get(0).path("sdp").asText())
                    .startsWith("v=0\r\n")
                    .contains("a=ice-lite");
            assertThat(room.seen().get(1).has("sipStatus")).isFalse();
            assertThat(room.seen().get(2).path("sipStatus").asInt()).isEqualTo(180);
            assertThat(room.seen().get(3).path("sipStatus").asInt()).isEqualTo(200);
            JsonNode ended = room.last();
            assertThat(ended.path("cause").asText()).isEqualTo("remote-hangup");
            assertThat(ended.path("by").asText()).isEqualTo("remote");
            assertThat(ended.path("durationSec").isIntegralNumber()).isTrue();
            assertPassed(uas);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "486, Busy Here,               busy",
        "600, Busy Everywhere,         busy",
        "603, Decline,                 declined",
        "404, Not Found,               not-found",
        "604, Does Not Exist Anywhere, not-found",
        "480, Temporarily Unavailable, no-answer",
        "408, Request Timeout,         no-answer",
        "503, Service Unavailable,     rejected"
    })
    void finalFailuresEndTheCallWithTheirCause(int status, String reason, String cause) throws Exception {
        try (Sipp uas = callee("uas_reject_" + status);
                DialoutClient room = room()) {
            room.send(dial("c-" + status, uas.uri("service")));
            assertThat(room.sequenceUntilEnded("c-" + status))
                    .containsExactly("answer", "state:trying", "state:ringing", "state:ended");
            JsonNode ended = room.last();
            assertThat(ended.path("cause").asText()).isEqualTo(cause);
            assertThat(ended.path("sipStatus").asInt()).isEqualTo(status);
            assertThat(ended.path("reason").asText()).isEqualTo(reason);
            assertThat(ended.path("by").asText()).isEqualTo("remote");
            assertThat(ended.path("durationSec").asLong()).isZero();
            assertPassed(uas);
        }
    }

    @Test
    void ringTimeoutCancelsTheInvite() throws Exception {
        try (Sipp uas = callee("uas_ring_until_cancel");
                DialoutClient room = room()) {
            room.send(dial("c1", uas.uri("service")).put("ringTimeoutSec", 1));
            assertThat(room.sequenceUntilEnded("c1"))
                    .containsExactly("answer", "state:trying", "state:ringing", "state:ended");
            assertThat(room.last().path("cause").asText()).isEqualTo("no-answer");
            assertThat(room.last().path("by").asText()).isEqualTo("local");
            assertPassed(uas, "CANCEL", 1);
        }
    }

    /** A local hangup ends the INVITE with CANCEL while it rings (RFC 3261 section 9.1), the dialog with BYE after. */
    @ParameterizedTest
    @CsvSource({"ringing, uas_ring_until_cancel, CANCEL, BYE", "answered, uas_answer_wait_bye, BYE, CANCEL"})
    void localHangupSendsCancelWhileRingingAndByeOnceAnswered(String when, String scenario, String sent, String notSent)
            throws Exception {
        try (Sipp uas = callee(scenario);
                DialoutClient room = when.equals("ringing") ? ringing(uas) : answered(uas)) {
            JsonNode ended = room.hangUp("c1");
            assertThat(ended.path("by").asText()).isEqualTo("local");
            assertPassed(uas, sent, 1);
            assertThat(uas.count("^" + notSent + " sip:")).isZero();
        }
    }

    @Test
    void maxDurationEndsTheCallWithBye() throws Exception {
        try (Sipp uas = callee("uas_answer_wait_bye");
                DialoutClient room = room()) {
            room.send(dial("c1", uas.uri("service")).put("maxDurationSec", 1));
            assertThat(room.sequenceUntilEnded("c1"))
                    .containsExactly("answer", "state:trying", "state:ringing", "state:answered", "state:ended");
            assertThat(room.last().path("cause").asText()).isEqualTo("max-duration");
            assertThat(room.last().path("by").asText()).isEqualTo("local");
            assertThat(room.last().path("durationSec").asLong()).isEqualTo(1);
            assertPassed(uas, "BYE", 1);
        }
    }

    @Test
    void unreachableCalleeEndsWithUnreachable() throws Exception {
        // Nothing listens on this port: the ICMP probe (or timer B) ends the INVITE as a transport failure.
        int dead = io.dialout.testkit.FreePorts.udp();
        try (DialoutClient room = room()) {
            room.send(dial("c1", "sip:nobody@127.0.0.1:" + dead));
            room.next("answer");
            room.nextState("trying");
            // Timer B is 64*T1 = 32 s with the default T1; the ICMP probe usually ends it after about 1 s.
            JsonNode ended = room.next(Duration.ofSeconds(45));
            assertThat(ended.path("state").asText()).isEqualTo("ended");
            assertThat(ended.path("cause").asText()).isEqualTo("unreachable");
            assertThat(ended.path("by").asText()).isEqualTo("local");
        }
    }

    @Test
    void aNumberWithoutARouteEndsWithPolicy() throws Exception {
        try (DialoutClient room = room()) {
            room.send(dial("c1", "+15551234567"));
            assertThat(room.sequenceUntilEnded("c1")).containsExactly("state:ended");
            assertThat(room.last().path("cause").asText()).isEqualTo("policy");
            assertThat(room.last().path("by").asText()).isEqualTo("local");
        }
    }

    @Test
    void aDeniedDestinationEndsWithPolicyAndSippReceivesNothing() throws Exception {
        // application.properties (test profile): gateway.dialplan.deny=sip:blocked@.*
        try (Sipp uas = callee("uas_answer_wait_bye");
                DialoutClient room = room()) {
            room.send(dial("c1", uas.uri("blocked")));
            assertThat(room.sequenceUntilEnded("c1")).containsExactly("state:ended");
            assertThat(room.last().path("cause").asText()).isEqualTo("policy");
            assertThat(room.last().path("reason").asText()).contains("denied");
            // The refusal is decided before any INVITE could be built: sipp has seen nothing at all.
            assertThat(uas.messages()).doesNotContain("INVITE");
            assertThat(uas.isRunning()).isTrue();
        }
    }

    @Test
    void aDestinationTheDialPlanCannotParseIsABadRequest() throws Exception {
        try (DialoutClient room = room()) {
            room.send(dial("c1", "sip:alice:secret@127.0.0.1"));
            JsonNode e = room.nextError("bad-request");
            assertThat(e.path("callId").asText()).isEqualTo("c1");
            assertThat(e.path("message").asText()).contains("password");
        }
    }

    @Test
    void trickledCandidatesAreAccepted() throws Exception {
        try (Sipp uas = callee("uas_ring_until_cancel");
                DialoutClient room = room()) {
            room.send(dial("c1", uas.uri("service")));
            room.send(message("candidate", "c1")
                    .put("candidate", "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host generation 0")
                    .put("sdpMid", "0"));
            room.send(message("candidate", "c1").putNull("candidate"));
            room.next("answer");
            room.nextState("trying");
            room.nextState("ringing");
            room.send(message("candidate", "c1").put("candidate", "candidate:garbage"));
            JsonNode bad = room.nextError("bad-request");
            assertThat(bad.path("message").asText()).startsWith("bad candidate: ");
            room.hangUp("c1");
            assertPassed(uas);
        }
    }

    @Test
    void earlyMediaThenAnswer() throws Exception {
        try (Sipp uas = callee("uas_early_media");
                DialoutClient room = room()) {
            room.send(dial("c1", uas.uri("service")));
            room.next("answer");
            room.nextState("trying");
            assertThat(room.nextState("early-media").path("sipStatus").asInt()).isEqualTo(183);
            room.nextState("answered");
            room.hangUp("c1");
            assertPassed(uas);
        }
    }

    @Test
    void controllerGoneHangsUpWithinTwoSeconds() throws Exception {
        try (Sipp uas = callee("uas_answer_wait_bye");
                DialoutClient room = answered(uas)) {
            long closedAt = System.nanoTime();
            room.closeSocket();
            assertPassed(uas);
            assertThat(Duration.ofNanos(System.nanoTime() - closedAt)).isLessThan(Duration.ofSeconds(2));
            assertThat(uas.count("^BYE sip:")).isEqualTo(1);
        }
    }

    @Test
    void controllerGoneWhileRingingCancels() throws Exception {
        try (Sipp uas = callee("uas_ring_until_cancel");
                DialoutClient room = ringing(uas)) {
            room.closeSocket();
            assertPassed(uas, "CANCEL", 1);
        }
    }

    @Test
    void duplicateAndUnknownCalls() throws Exception {
        try (Sipp uas = callee("uas_ring_until_cancel");
                DialoutClient room = ringing(uas)) {
            room.send(dial("c1", uas.uri("service")));
            JsonNode dup = room.nextError("duplicate-call");
            assertThat(dup.path("callId").asText()).isEqualTo("c1");
            room.send(message("hangup", "c2"));
            JsonNode unknown = room.nextError("unknown-call");
            assertThat(unknown.path("callId").asText()).isEqualTo("c2");
            room.send(message("hold", "c1"));
            JsonNode notAnswered = room.nextError("bad-request");
            assertThat(notAnswered.path("message").asText()).contains("hold needs an answered call");
            room.hangUp("c1");
            room.send(message("hangup", "c1"));
            room.nextError("unknown-call");
            assertPassed(uas);
        }
    }
}
