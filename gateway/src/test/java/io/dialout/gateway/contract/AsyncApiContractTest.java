package io.dialout.gateway.contract;

import static io.dialout.gateway.it.DialoutClient.dial;
import static io.dialout.gateway.it.DialoutClient.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dialout.gateway.it.DialoutClient;
import io.dialout.testkit.Sipp;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * docs/asyncapi.yaml against the gateway itself: every message the gateway sent during real calls (the demo
 * endpoint and sipp callees: busy, early media, DTMF by SIP INFO, hold/resume, a ring timeout, a policy refusal,
 * refused messages) conforms to the document's {@code ServerMessage} schema, every message sent to it to
 * {@code ClientMessage}, and together they cover every message type and state of the contract.
 */
@QuarkusTest
class AsyncApiContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AsyncApiSchemas SCHEMAS = AsyncApiSchemas.load();

    @TestHTTPResource("/v1/dialout")
    URI http;

    private final List<JsonNode> sent = new ArrayList<>();

    private void send(DialoutClient room, ObjectNode m) {
        sent.add(m);
        room.send(m);
    }

    /** The next error; the states that come before it are kept in the room's record like every message. */
    private static JsonNode nextError(DialoutClient room) throws InterruptedException {
        JsonNode n;
        do {
            n = room.next();
        } while (!n.path("type").asText().equals("error"));
        return n;
    }

    @Test
    void theDocumentIsAsyncApi3WithTheContractsChannelAndOperations() {
        JsonNode doc = SCHEMAS.document();
        assertThat(doc.path("asyncapi").asText()).isEqualTo("3.0.0");
        assertThat(doc.path("channels").path("dialout").path("address").asText())
                .isEqualTo("/v1/dialout");
        Set<String> messages = new TreeSet<>();
        doc.path("channels").path("dialout").path("messages").fieldNames().forEachRemaining(messages::add);
        assertThat(messages)
                .containsExactlyInAnyOrder(
                        "dial",
                        "candidate",
                        "hangup",
                        "dtmfSend",
                        "hold",
                        "resume",
                        "offer",
                        "answer",
                        "state",
                        "dtmfReceived",
                        "error",
                        "transfer",
                        "transferProgress",
                        "speaker");
        doc.path("operations")
                .forEach(op -> assertThat(op.path("action").asText()).isIn("send", "receive"));
    }

    @Test
    void theValidatorRefusesWhatTheContractDoesNotAllow() throws Exception {
        assertThat(SCHEMAS.problems(
                        "ServerMessage",
                        JSON.readTree("{\"type\":\"state\",\"callId\":\"c1\",\"state\":\"answered\"}")))
                .isEmpty();
        for (String bad : List.of(
                "{\"type\":\"state\",\"callId\":\"c1\",\"state\":\"connected\"}",
                "{\"type\":\"state\",\"callId\":\"c1\",\"state\":\"ended\",\"cause\":\"busy\"}",
                "{\"type\":\"state\",\"callId\":\"c1\",\"state\":\"ended\",\"cause\":\"gone\",\"by\":\"remote\",\"durationSec\":0}",
                "{\"type\":\"answer\",\"callId\":\"c1\",\"sdp\":\"v=0\\r\\n\",\"extra\":1}",
                "{\"type\":\"error\",\"code\":\"nope\",\"message\":\"x\"}",
                "{\"type\":\"dtmf\",\"callId\":\"c1\",\"digit\":\"55\"}",
                "{\"type\":\"stats\",\"callId\":\"c1\"}",
                "{\"type\":\"state\",\"callId\":\"c1\",\"state\":\"transferred\",\"by\":\"remote\"}",
                "{\"type\":\"transfer\",\"callId\":\"c1\",\"by\":\"local\",\"target\":\"sip:a@b\"}")) {
            assertThat(SCHEMAS.problems("ServerMessage", JSON.readTree(bad)))
                    .as(bad)
                    .isNotEmpty();
        }
        assertThat(SCHEMAS.problems(
                        "ServerMessage",
                        JSON.readTree("{\"type\":\"speaker\",\"callId\":\"c1\",\"mid\":\"3\",\"msid\":\"b\"}")))
                .as("the speaker message (an addition)")
                .isEmpty();
        assertThat(SCHEMAS.problems(
                        "ServerMessage", JSON.readTree("{\"type\":\"speaker\",\"callId\":\"c1\",\"mid\":\"3\"}")))
                .as("speaker without msid")
                .isNotEmpty();
        assertThat(SCHEMAS.problems(
                        "ClientMessage", JSON.readTree("{\"type\":\"dial\",\"callId\":\"c1\",\"to\":\"x\"}")))
                .as("dial without an offer")
                .isNotEmpty();
        assertThat(SCHEMAS.problems(
                        "ClientMessage",
                        JSON.readTree("{\"type\":\"transfer\",\"callId\":\"c1\",\"target\":\"sip:a@b\","
                                + "\"replacesCallId\":\"c2\"}")))
                .as("transfer with both a target and a call to replace")
                .isNotEmpty();
    }

    @Test
    void everyMessageOfRealCallsConformsToTheDocument() throws Exception {
        URI ws = URI.create(http.toString().replaceFirst("^http", "ws"));
        try (DialoutClient room = DialoutClient.connect(ws)) {
            send(room, dial("busy-1", "sip:busy@demo"));
            room.sequenceUntilEnded("busy-1");

            send(room, dial("policy-1", "sip:blocked@example.com"));
            room.sequenceUntilEnded("policy-1");

            // A ring timeout, with a duplicate dial and refused messages while it rings (state messages in between are
            // recorded too).
            send(room, dial("ring-1", "sip:noanswer@demo").put("ringTimeoutSec", 3));
            room.next("answer");
            room.nextState("trying");
            send(room, dial("ring-1", "sip:noanswer@demo"));
            assertThat(nextError(room).path("code").asText()).isEqualTo("duplicate-call");
            send(room, message("hold", "ring-1"));
            assertThat(nextError(room).path("code").asText()).isEqualTo("bad-request");
            send(room, message("hangup", "nobody"));
            assertThat(nextError(room).path("code").asText()).isEqualTo("unknown-call");
            room.sendText("not json");
            assertThat(nextError(room).has("callId")).isFalse();
            send(
                    room,
                    message("candidate", "ring-1")
                            .put("candidate", "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host")
                            .put("sdpMid", "0"));
            send(room, message("candidate", "ring-1").putNull("candidate"));
            while (!room.next().path("state").asText().equals("ended")) {
                // ringing, then ended (no-answer)
            }

            // Hold and resume on the demo echo.
            send(
                    room,
                    dial("echo-1", "sip:echo@demo")
                            .set("from", JSON.createObjectNode().put("displayName", "Contract")));
            room.next("answer");
            room.nextState("trying");
            while (!room.next().path("state").asText().equals("answered")) {
                // ringing
            }
            // A re-offer (an addition): the same offer again is answered on the same transport; a bad one refused.
            send(room, message("offer", "echo-1").put("sdp", DialoutClient.offer()));
            room.next("answer");
            send(room, message("offer", "echo-1").put("sdp", "v=0\r\nnot an offer\r\n"));
            assertThat(nextError(room).path("message").asText()).startsWith("offer refused");
            send(room, message("hold", "echo-1"));
            room.nextState("held");
            send(room, message("resume", "echo-1"));
            room.nextState("resumed");
            send(room, message("hangup", "echo-1"));
            room.nextState("ended");

            // Early media (183 with SDP), then answered.
            try (Sipp uas =
                    Sipp.scenarioResource("sipp/api/uas_early_media.xml").start()) {
                send(room, dial("early-1", uas.uri("service")));
                room.next("answer");
                room.nextState("trying");
                room.nextState("early-media");
                room.nextState("answered");
                send(room, message("hangup", "early-1"));
                room.nextState("ended");
                assertThat(uas.awaitExit(Duration.ofSeconds(20)))
                        .as(uas.output())
                        .isZero();
            }

            // DTMF both ways by SIP INFO.
            try (Sipp uas = Sipp.scenarioResource("sipp/uas_info_dtmf.xml").start()) {
                send(room, dial("dtmf-1", uas.uri("service")));
                room.next("answer");
                room.nextState("trying");
                room.nextState("ringing");
                room.nextState("answered");
                room.next("dtmf");
                room.next("dtmf");
                send(room, message("dtmf", "dtmf-1").put("digits", "3").put("durationMs", 120));
                send(room, message("hangup", "dtmf-1"));
                room.nextState("ended");
                assertThat(uas.awaitExit(Duration.ofSeconds(20)))
                        .as(uas.output())
                        .isZero();
            }

            // Transfer both ways (additions): the callee's REFER moves the call to another sipp, then the room's
            // transfer makes the gateway send REFER.
            try (Sipp target = Sipp.scenarioResource("sipp/api/uas_transfer_target.xml")
                            .start();
                    Sipp pbx = Sipp.scenarioResource("sipp/api/uas_refer_blind.xml")
                            .set("target", target.uri("target"))
                            .start()) {
                send(room, dial("xfer-1", pbx.uri("service")));
                room.next("answer");
                room.nextState("trying");
                room.nextState("ringing");
                room.nextState("answered");
                room.nextState("transferred");
                send(room, message("hangup", "xfer-1"));
                room.nextState("ended");
                assertThat(pbx.awaitExit(Duration.ofSeconds(20)))
                        .as(pbx.output())
                        .isZero();
                assertThat(target.awaitExit(Duration.ofSeconds(20)))
                        .as(target.output())
                        .isZero();
            }
            try (Sipp uas =
                    Sipp.scenarioResource("sipp/api/uas_refer_recipient.xml").start()) {
                send(room, dial("xfer-2", uas.uri("service")));
                room.next("answer");
                room.nextState("trying");
                room.nextState("ringing");
                room.nextState("answered");
                send(room, message("transfer", "xfer-2").put("target", "sip:elsewhere@127.0.0.1:5999"));
                room.sequenceUntilEnded("xfer-2");
                assertThat(uas.awaitExit(Duration.ofSeconds(20)))
                        .as(uas.output())
                        .isZero();
            }

            Set<String> covered = new TreeSet<>();
            for (JsonNode m : room.seen()) {
                assertThat(SCHEMAS.problems("ServerMessage", m))
                        .as("gateway sent " + m)
                        .isEmpty();
                String type = m.path("type").asText();
                covered.add(type.equals("state") ? "state:" + m.path("state").asText() : type);
                if (type.equals("error")) {
                    covered.add("error:" + m.path("code").asText());
                }
                if (type.equals("state") && m.path("state").asText().equals("ended")) {
                    covered.add("cause:" + m.path("cause").asText());
                }
            }
            assertThat(covered)
                    .contains(
                            "answer",
                            "dtmf",
                            "error",
                            "state:trying",
                            "state:ringing",
                            "state:early-media",
                            "state:answered",
                            "state:held",
                            "state:resumed",
                            "state:ended",
                            "state:transferred",
                            "transfer",
                            "error:bad-request",
                            "error:unknown-call",
                            "error:duplicate-call",
                            "cause:busy",
                            "cause:policy",
                            "cause:no-answer",
                            "cause:local-hangup");
            for (JsonNode m : sent) {
                assertThat(SCHEMAS.problems("ClientMessage", m))
                        .as("room sent " + m)
                        .isEmpty();
            }
            Set<String> sentTypes = new TreeSet<>();
            sent.forEach(m -> sentTypes.add(m.path("type").asText()));
            assertThat(sentTypes)
                    .containsExactlyInAnyOrder(
                            "dial", "candidate", "hangup", "dtmf", "hold", "resume", "transfer", "offer");
        }
    }
}
