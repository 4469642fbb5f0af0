package io.dialout.gateway.it;

import static io.dialout.gateway.it.AnsweredOnHoldTest.awaitNoCalls;
import static io.dialout.gateway.it.DialoutClient.dial;
import static io.dialout.gateway.it.DialoutClient.message;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.media.codec.G711;
import io.dialout.testkit.ChromiumPeer;
import io.dialout.testkit.FreePorts;
import io.dialout.testkit.Sipp;
import io.dialout.testkit.Tone;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A far-end re-INVITE without SDP (a delayed offer: an SBC re-anchoring media, a PBX transfer). RFC 3261 section 14.2:
 * our offer goes in the 200 and the far end's answer comes in the ACK; RFC 3264 section 8: the answer applies at
 * once. The far end's two RTP ports are the test's own sockets, so the test sees where the gateway sends and what.
 */
@QuarkusTest
class DelayedOfferTest {

    private static final double TONE_HZ = 440;
    private static final int PCMU = 0;
    private static final int PCMA = 8;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TestHTTPResource("/v1/dialout")
    URI http;

    @Test
    void theAnswerInTheAckMovesTheMediaToItsPortAndCodec() throws Exception {
        int oldPort = FreePorts.udpPair();
        int newPort = FreePorts.udpPair();
        try (RtpSocket oldSocket = new RtpSocket(oldPort, PCMU);
                RtpSocket newSocket = new RtpSocket(newPort, PCMA);
                Sipp uas = Sipp.scenarioResource("sipp/api/uas_delayed_offer_move.xml")
                        .set("oldport", String.valueOf(oldPort))
                        .set("newport", String.valueOf(newPort))
                        .timeout(Duration.ofSeconds(90))
                        .start();
                ChromiumPeer browser = ChromiumPeer.launch(new ChromiumPeer.Options().audioToneHz(TONE_HZ));
                DialoutClient room = DialoutClient.connect(DialoutClient.ws(http))) {
            room.send(DialoutClient.JSON
                    .createObjectNode()
                    .put("type", "dial")
                    .put("callId", "moved")
                    .put("to", uas.uri("service"))
                    .put("offer", browser.createOffer()));
            browser.setAnswer(room.next("answer").path("sdp").asText());
            room.awaitAnswered();
            browser.awaitConnected(WAIT);
            // the room's tone reaches the port of the first answer, as PCMU
            RtpSocket.awaitAtLeast(oldSocket::kept, 50, WAIT, "PCMU at the first answer's port");

            // the cue: sipp sends its re-INVITE without SDP once it has our INFO
            room.send(message("dtmf", "moved").put("digits", "5").put("durationMs", 100));
            RtpSocket.awaitAtLeast(newSocket::packets, 1, WAIT, "RTP at the port of the ACK's answer");
            long oldAtSwitch = oldSocket.packets();
            RtpSocket.awaitAtLeast(newSocket::kept, 150, WAIT, "PCMA at the port of the ACK's answer");
            // a packet or two may have been in flight at the switch; after it nothing more goes to the old port
            assertThat(oldSocket.packets() - oldAtSwitch)
                    .as("packets to the old port after the switch")
                    .isLessThan(3);
            assertThat(newSocket.packets()).as("only PCMA at the new port").isEqualTo(newSocket.kept());

            byte[] alaw = newSocket.keptPayloads();
            short[] pcm = new short[alaw.length];
            G711.decodeAlaw(alaw, 0, alaw.length, pcm, 0);
            // skip the first half second (the switch, the transcoder's start) and read the tone
            int from = Math.min(4000, pcm.length / 2);
            double heard = Tone.dominantFrequency(java.util.Arrays.copyOfRange(pcm, from, pcm.length), 8000, 100, 3000);
            assertThat(heard).as("the room's tone at the new port").isBetween(TONE_HZ - 15, TONE_HZ + 15);
            assertThat(given().get("/v1/calls")
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath()
                            .getString("find { it.callId == 'moved' }.sip.audioCodec"))
                    .isEqualTo("PCMA/8000");

            room.hangUp("moved");
            assertThat(uas.awaitExit(WAIT)).as(uas.output() + uas.messages()).isZero();
            awaitNoCalls();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"uas_delayed_offer_no_answer.xml", "uas_delayed_offer_bad_answer.xml"})
    void anAckWithoutAUsableAnswerEndsTheCallWithAReason(String scenario) throws Exception {
        try (Sipp uas = Sipp.scenarioResource("sipp/api/" + scenario)
                        .set("oldport", String.valueOf(FreePorts.udpPair()))
                        .timeout(Duration.ofSeconds(60))
                        .start();
                DialoutClient room = DialoutClient.connect(DialoutClient.ws(http))) {
            room.send(dial("c1", uas.uri("service")));
            // sipp ends once the gateway's BYE is answered
            assertThat(uas.awaitExit(Duration.ofSeconds(40)))
                    .as(uas.output() + uas.messages())
                    .isZero();
            assertThat(room.sequenceUntilEnded("c1"))
                    .containsExactly("answer", "state:trying", "state:ringing", "state:answered", "state:ended");
            assertThat(room.last().path("cause").asText()).isEqualTo("media-failure");
            assertThat(room.last().path("reason").asText()).contains("delayed offer");
            assertThat(uas.count("^BYE sip:")).isEqualTo(1);
            // RFC 3326: the BYE says why the gateway ended the call
            assertThat(uas.messages()).contains("Reason: Q.850;cause=41;text=\"media failure\"");
            awaitNoCalls();
        }
    }
}
