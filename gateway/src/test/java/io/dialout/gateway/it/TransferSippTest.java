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
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Call transfer (RFC 3515, 3891, 4488) end to end, with sipp as a PBX: the callee's REFER moves the SIP leg to another
 * sipp under the same room call (the room's media keeps flowing, now through the new leg), a denied target gets 403,
 * an attended transfer's Replaces reaches the target, and the room's {@code transfer} makes the gateway send REFER.
 * What sipp must see on the wire is checked by its scenarios (regular expressions that fail the scenario).
 */
@QuarkusTest
class TransferSippTest {

    private static final Duration SIPP_EXIT = Duration.ofSeconds(30);
    private static final double TONE_HZ = 440;
    private static final Pattern CALL_ID = Pattern.compile("(?m)^Call-ID: *(\\S+)");

    @TestHTTPResource("/v1/dialout")
    URI http;

    private DialoutClient room() throws Exception {
        return DialoutClient.connect(DialoutClient.ws(http));
    }

    private static void assertPassed(Sipp sipp) {
        assertThat(sipp.awaitExit(SIPP_EXIT)).as(sipp.output()).isZero();
    }

    /** The Call-ID of the first INVITE the sipp received. */
    private static String callIdSeenBy(Sipp sipp) {
        Matcher m = CALL_ID.matcher(sipp.messages());
        assertThat(m.find()).as("a Call-ID in " + sipp.messages()).isTrue();
        return m.group(1);
    }

    /** The one call of GET /v1/calls. */
    private static JsonPath onlyCall() {
        JsonPath calls =
                given().get("/v1/calls").then().statusCode(200).extract().jsonPath();
        assertThat(calls.getList("$")).hasSize(1);
        return calls;
    }

    /** Waits (under a deadline) until the only call's SIP leg has received this many packets (from the new leg). */
    private static void awaitSipPacketsReceived(long atLeast) throws InterruptedException {
        // 50 packets are 1 s of audio; the deadline is generous for a loaded machine (seen: 24 packets in 10 s)
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            String body =
                    given().get("/v1/calls").then().statusCode(200).extract().asString();
            JsonPath calls = new JsonPath(body);
            if (calls.getList("$").size() == 1 && calls.getLong("[0].sip.packetsReceived") >= atLeast) {
                return;
            }
            assertThat(System.nanoTime()).as("SIP packets received: " + body).isLessThan(deadline);
            Thread.sleep(100); // a deadline-bounded poll of GET /v1/calls: packet counts have no event
        }
    }

    /** Waits (under a deadline) until the sipp's trace shows {@code text}: there is no event for "sipp got it". */
    private static void awaitOnWire(Sipp sipp, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!sipp.messages().contains(text)) {
            assertThat(System.nanoTime())
                    .as("'" + text + "' on the wire: " + sipp.messages())
                    .isLessThan(deadline);
            Thread.sleep(50); // a deadline-bounded poll of sipp's message log
        }
    }

    /**
     * (a) Blind transfer: the PBX (sipp A) answers and REFERs the call to sipp B. B answers with another codec (PCMA)
     * and echoes RTP: the browser room's tone comes back through B, A got NOTIFY 100 and 200 then the gateway's BYE,
     * the room got {@code transferred} with the target, and GET /v1/calls shows the one call on B's dialog.
     */
    @Test
    void aBlindTransferMovesTheSipLegAndTheRoomsMediaFollows() throws Exception {
        try (Sipp target = Sipp.scenarioResource("sipp/api/uas_transfer_target.xml")
                        .rtpEcho()
                        .timeout(Duration.ofSeconds(120))
                        .start();
                Sipp pbx = Sipp.scenarioResource("sipp/api/uas_refer_blind.xml")
                        .set("target", target.uri("target"))
                        .timeout(Duration.ofSeconds(120))
                        .start();
                ChromiumPeer browser = ChromiumPeer.launch(new ChromiumPeer.Options().audioToneHz(TONE_HZ));
                DialoutClient room = room()) {
            AnsweredOnHoldTest.awaitNoCalls();
            room.send(DialoutClient.JSON
                    .createObjectNode()
                    .put("type", "dial")
                    .put("callId", "t1")
                    .put("to", pbx.uri("service"))
                    .put("offer", browser.createOffer()));
            browser.setAnswer(room.next("answer").path("sdp").asText());
            room.awaitAnswered();
            browser.awaitConnected(Duration.ofSeconds(20));

            JsonNode transferred = room.nextState("transferred");
            assertThat(transferred.path("transferredTo").asText()).isEqualTo(target.uri("target"));
            assertThat(transferred.path("by").asText()).isEqualTo("remote");
            assertThat(transferred.path("sipStatus").asInt()).isEqualTo(200);
            assertPassed(pbx); // REFER 202, NOTIFY 100 and 200 (sipfrag, checked by the scenario), then our BYE
            assertThat(pbx.count("^NOTIFY sip:")).isEqualTo(2);
            assertThat(pbx.count("^BYE sip:")).isEqualTo(1);

            // The room's tone reaches B (which echoes it) and comes back: the media follows the new leg.
            awaitSipPacketsReceived(50);
            long before = browser.inboundAudioPackets();
            browser.awaitAtLeast(browser::inboundAudioPackets, before + 100, Duration.ofSeconds(20));
            ChromiumPeer.ToneReading tone = browser.measureInboundTone(1500);
            assertThat(tone.frequencyHz()).as("tone through B: " + tone).isBetween(TONE_HZ - 15, TONE_HZ + 15);

            JsonPath call = onlyCall();
            assertThat(call.getString("[0].callId")).isEqualTo("t1");
            assertThat(call.getString("[0].state")).isEqualTo("answered");
            assertThat(call.getString("[0].sipCallId")).isEqualTo(callIdSeenBy(target));
            assertThat(call.getString("[0].sip.audioCodec")).isEqualTo("PCMA/8000");
            assertThat(call.getLong("[0].sip.packetsReceived")).isGreaterThan(50);

            room.hangUp("t1");
            assertPassed(target);
            AnsweredOnHoldTest.awaitNoCalls();
        }
    }

    /** (b) A Refer-To the dial plan denies (gateway.dialplan.deny: sip:blocked@...) gets 403; the call is unchanged. */
    @Test
    void aReferToADeniedTargetIsRefusedAndTheCallGoesOn() throws Exception {
        try (Sipp pbx = Sipp.scenarioResource("sipp/api/uas_refer_denied.xml")
                        .set("target", "sip:blocked@127.0.0.1:5999")
                        .start();
                DialoutClient room = room()) {
            AnsweredOnHoldTest.awaitNoCalls(); // also loads REST Assured before the call is up
            room.dialUntilAnswered("t2", pbx.uri("service"));
            String sipCallId = callIdSeenBy(pbx);
            awaitOnWire(pbx, "SIP/2.0 403 Forbidden");
            JsonPath call = onlyCall();
            assertThat(call.getString("[0].state")).isEqualTo("answered");
            assertThat(call.getString("[0].sipCallId")).isEqualTo(sipCallId);
            room.hangUp("t2");
            assertThat(room.seen().stream().map(n -> n.path("state").asText()))
                    .containsExactly("", "trying", "ringing", "answered", "ended");
            assertPassed(pbx);
            assertThat(pbx.count("^NOTIFY sip:")).isZero();
            AnsweredOnHoldTest.awaitNoCalls();
        }
    }

    /**
     * (c) Attended transfer: the Refer-To embeds {@code ?Replaces=} (escaped); the target's INVITE carries it as a
     * Replaces header (RFC 3891 section 3), checked by the target's scenario.
     */
    @Test
    void anAttendedTransferCarriesReplacesToTheTarget() throws Exception {
        try (Sipp target = Sipp.scenarioResource("sipp/api/uas_transfer_target_replaces.xml")
                        .start();
                Sipp pbx = Sipp.scenarioResource("sipp/api/uas_refer_blind.xml")
                        .set(
                                "target",
                                target.uri("target")
                                        + "?Replaces=consult-1%40127.0.0.1%3Bto-tag%3Dt-target%3Bfrom-tag%3Df-pbx")
                        .start();
                DialoutClient room = room()) {
            AnsweredOnHoldTest.awaitNoCalls(); // also loads REST Assured before the call is up
            room.dialUntilAnswered("t3", pbx.uri("service"));
            JsonNode transferred = room.nextState("transferred");
            assertThat(transferred.path("transferredTo").asText()).isEqualTo(target.uri("target"));
            assertPassed(pbx);
            assertThat(onlyCall().getString("[0].sipCallId")).isEqualTo(callIdSeenBy(target));
            room.hangUp("t3");
            assertPassed(target);
            AnsweredOnHoldTest.awaitNoCalls();
        }
    }

    /** RFC 4488: with {@code Refer-Sub: false} the 202 says so and no NOTIFY is sent; the transfer still happens. */
    @Test
    void referSubFalseIsHonoured() throws Exception {
        try (Sipp target = Sipp.scenarioResource("sipp/api/uas_transfer_target.xml")
                        .start();
                Sipp pbx = Sipp.scenarioResource("sipp/api/uas_refer_nosub.xml")
                        .set("target", target.uri("target"))
                        .start();
                DialoutClient room = room()) {
            AnsweredOnHoldTest.awaitNoCalls(); // also loads REST Assured before the call is up
            room.dialUntilAnswered("t5", pbx.uri("service"));
            assertThat(room.nextState("transferred").path("transferredTo").asText())
                    .isEqualTo(target.uri("target"));
            assertPassed(pbx);
            assertThat(pbx.count("^NOTIFY sip:")).isZero();
            room.hangUp("t5");
            assertPassed(target);
            AnsweredOnHoldTest.awaitNoCalls();
        }
    }

    /**
     * (d) The room's {@code transfer}: bad input is refused with {@code error} and the call is unchanged; a good one
     * makes the gateway REFER the callee (checked by the scenario), the room hears the REFER's progress, then
     * {@code transferred}, and {@code ended} when the transferee hangs up (RFC 5589 section 6).
     */
    @Test
    void theRoomTransfersTheCalleeByRefer() throws Exception {
        try (Sipp pbx = Sipp.scenarioResource("sipp/api/uas_refer_recipient.xml")
                        .start();
                DialoutClient room = room()) {
            AnsweredOnHoldTest.awaitNoCalls(); // also loads REST Assured before the call is up
            room.dialUntilAnswered("t4", pbx.uri("service"));
            room.send(message("transfer", "t4").put("target", "sip:blocked@127.0.0.1:5999"));
            assertThat(room.nextError("bad-request").path("message").asText()).contains("refused");
            room.send(message("transfer", "t4").put("target", "not a uri"));
            room.nextError("bad-request");
            room.send(message("transfer", "t4"));
            room.nextError("bad-request");
            room.send(message("transfer", "t4").put("replacesCallId", "nope"));
            room.nextError("unknown-call");
            assertThat(onlyCall().getString("[0].state")).isEqualTo("answered");

            room.send(message("transfer", "t4").put("target", "sip:elsewhere@127.0.0.1:5999"));
            List<String> seq = room.sequenceUntilEnded("t4");
            assertThat(seq).containsExactly("transfer", "transfer", "transfer", "state:transferred", "state:ended");
            List<JsonNode> seen = room.seen();
            JsonNode accepted = seen.get(seen.size() - 5);
            assertThat(accepted.path("sipStatus").asInt()).isEqualTo(202);
            assertThat(accepted.path("by").asText()).isEqualTo("local");
            assertThat(accepted.path("final").asBoolean()).isFalse();
            assertThat(seen.get(seen.size() - 4).path("sipStatus").asInt()).isEqualTo(100);
            JsonNode done = seen.get(seen.size() - 3);
            assertThat(done.path("sipStatus").asInt()).isEqualTo(200);
            assertThat(done.path("final").asBoolean()).isTrue();
            assertThat(done.path("target").asText()).isEqualTo("sip:elsewhere@127.0.0.1:5999");
            assertThat(seen.get(seen.size() - 2).path("transferredTo").asText())
                    .isEqualTo("sip:elsewhere@127.0.0.1:5999");
            assertThat(room.last().path("cause").asText()).isEqualTo("remote-hangup");
            assertPassed(pbx);
            assertThat(pbx.count("^REFER sip:")).isEqualTo(1);
            AnsweredOnHoldTest.awaitNoCalls();
        }
    }
}
