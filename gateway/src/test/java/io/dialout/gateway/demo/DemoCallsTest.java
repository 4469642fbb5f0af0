package io.dialout.gateway.demo;

import static io.dialout.gateway.demo.CallMessages.dial;
import static io.dialout.gateway.demo.CallMessages.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dialout.gateway.it.DialoutClient;
import io.dialout.testkit.ChromiumPeer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Calls from a real browser room (headless Chromium) through the gateway to the embedded demo SIP endpoint
 * ({@code %test.gateway.demo.enabled=true}): real SIP and RTP on loopback between the gateway and the demo,
 * ICE-lite + DTLS-SRTP between the gateway and the browser. Each result is measured in the browser (getStats(), the
 * tone it hears) or on the WebSocket.
 */
@QuarkusTest
class DemoCallsTest {

    static final Duration CONNECT = Duration.ofSeconds(30);
    static final Duration MEDIA = Duration.ofSeconds(30);
    /** An FFT bin of the browser's analyser is 48000/8192 = 5.9 Hz; codecs and resampling add little. */
    static final double TONE_TOLERANCE_HZ = 15;

    @TestHTTPResource("/v1/dialout")
    URI http;

    @ConfigProperty(name = "gateway.demo.tone-hz")
    double demoToneHz;

    DialoutClient connect() throws Exception {
        return DialoutClient.connect(URI.create(http.toString().replaceFirst("^http", "ws")));
    }

    /** Dials {@code to} with the browser's offer and waits for the call to be answered and the browser connected. */
    static void dialAndConnect(CallMessages room, ChromiumPeer browser, String callId, String to) throws Exception {
        room.send(dial(callId, to, browser.createOffer()));
        browser.setAnswer(room.awaitType(callId, "answer").path("sdp").asText());
        room.awaitState(callId, "trying");
        room.awaitState(callId, "ringing");
        room.awaitState(callId, "answered");
        browser.awaitConnected(CONNECT);
    }

    static void hangUp(CallMessages room, String callId) throws InterruptedException {
        room.send(message("hangup", callId));
        JsonNode ended = room.awaitState(callId, "ended");
        assertThat(ended.path("cause").asText()).isEqualTo("local-hangup");
    }

    @Test
    void echoReturnsTheRoomsOwnToneAndVideo() throws Exception {
        double roomTone = 660;
        try (ChromiumPeer browser = ChromiumPeer.launch(
                        new ChromiumPeer.Options().audioToneHz(roomTone).video(true));
                DialoutClient client = connect()) {
            CallMessages room = new CallMessages(client);
            dialAndConnect(room, browser, "echo-1", "sip:echo@demo");

            assertThat(browser.awaitAtLeast(browser::inboundAudioPackets, 100, MEDIA))
                    .isGreaterThanOrEqualTo(100);
            ChromiumPeer.ToneReading heard = browser.measureInboundTone(1500);
            assertThat(heard.frequencyHz())
                    .as("the room hears itself: " + heard)
                    .isBetween(roomTone - TONE_TOLERANCE_HZ, roomTone + TONE_TOLERANCE_HZ);
            assertThat(heard.levelDbfs()).as("level " + heard).isGreaterThan(-40);
            assertThat(browser.awaitAtLeast(browser::framesDecoded, 30, MEDIA))
                    .as("video frames decoded by the room (its own camera, echoed)")
                    .isGreaterThanOrEqualTo(30);
            System.out.printf(
                    "demo echo: room sends %.0f Hz, hears %.1f Hz at %.1f dBFS; %d video frames decoded%n",
                    roomTone, heard.frequencyHz(), heard.levelDbfs(), browser.framesDecoded());
            hangUp(room, "echo-1");
        }
    }

    @Test
    void toneUserPlaysItsConfiguredTone() throws Exception {
        // The room offers video too: the demo refuses it (port 0) and answers the audio.
        double roomTone = 300; // different from the demo's, so an echo would be noticed
        try (ChromiumPeer browser = ChromiumPeer.launch(
                        new ChromiumPeer.Options().audioToneHz(roomTone).video(true));
                DialoutClient client = connect()) {
            CallMessages room = new CallMessages(client);
            dialAndConnect(room, browser, "tone-1", "sip:tone@demo");

            browser.awaitAtLeast(browser::inboundAudioPackets, 100, MEDIA);
            ChromiumPeer.ToneReading heard = browser.measureInboundTone(1500);
            assertThat(heard.frequencyHz())
                    .as("the room hears the demo's tone: " + heard)
                    .isBetween(demoToneHz - TONE_TOLERANCE_HZ, demoToneHz + TONE_TOLERANCE_HZ);
            assertThat(heard.levelDbfs()).as("level " + heard).isGreaterThan(-30);
            System.out.printf(
                    "demo tone: configured %.0f Hz, room hears %.1f Hz at %.1f dBFS (room sends %.0f Hz)%n",
                    demoToneHz, heard.frequencyHz(), heard.levelDbfs(), roomTone);
            hangUp(room, "tone-1");
        }
    }

    @Test
    void ivrReturnsTheDigitsOfTheDtmfMessageAndOfTheBrowsersDtmfSender() throws Exception {
        try (ChromiumPeer browser = ChromiumPeer.launch(new ChromiumPeer.Options().audioToneHz(440));
                DialoutClient client = connect()) {
            CallMessages room = new CallMessages(client);
            dialAndConnect(room, browser, "ivr-1", "sip:ivr@demo");

            room.send(message("dtmf", "ivr-1").put("digits", "12#").put("durationMs", 100));
            for (String digit : new String[] {"1", "2", "#"}) {
                assertThat(room.awaitType("ivr-1", "dtmf").path("digit").asText())
                        .isEqualTo(digit);
            }
            // RTCDTMFSender: RFC 4733 events from the browser, relayed toward SIP by the gateway.
            browser.sendDtmf("47*", 100);
            for (String digit : new String[] {"4", "7", "*"}) {
                assertThat(room.awaitType("ivr-1", "dtmf").path("digit").asText())
                        .isEqualTo(digit);
            }
            hangUp(room, "ivr-1");
            assertThat(room.summary())
                    .as("each digit reported once")
                    .filteredOn(s -> s.contains("dtmf:"))
                    .hasSize(6);
        }
    }

    @Test
    void severalAnsweredCallsAtOnceOnOneConnection() throws Exception {
        try (DialoutClient client = connect()) {
            CallMessages room = new CallMessages(client);
            for (String user : new String[] {"echo", "tone", "ivr"}) {
                room.send(dial("many-" + user, "sip:" + user + "@demo", DialoutClient.offer()));
                room.awaitState("many-" + user, "answered");
            }
            for (String user : new String[] {"echo", "tone", "ivr"}) {
                room.send(message("hangup", "many-" + user));
                assertThat(room.awaitState("many-" + user, "ended")
                                .path("cause")
                                .asText())
                        .isEqualTo("local-hangup");
            }
        }
    }

    @Test
    void busyDeclineAndUnknownUsersEndWithTheirCause() throws Exception {
        try (DialoutClient client = connect()) {
            CallMessages room = new CallMessages(client);
            room.send(dial("busy-1", "sip:busy@demo", DialoutClient.offer()));
            room.send(dial("decline-1", "sip:decline@demo.invalid", DialoutClient.offer()));
            room.send(dial("nobody-1", "sip:nobody@demo", DialoutClient.offer()));

            JsonNode busy = room.awaitState("busy-1", "ended");
            assertThat(busy.path("cause").asText()).isEqualTo("busy");
            assertThat(busy.path("sipStatus").asInt()).isEqualTo(486);
            assertThat(busy.path("by").asText()).isEqualTo("remote");
            JsonNode declined = room.awaitState("decline-1", "ended");
            assertThat(declined.path("cause").asText()).isEqualTo("declined");
            assertThat(declined.path("sipStatus").asInt()).isEqualTo(603);
            JsonNode nobody = room.awaitState("nobody-1", "ended");
            assertThat(nobody.path("cause").asText()).isEqualTo("not-found");
            assertThat(nobody.path("sipStatus").asInt()).isEqualTo(404);
            assertThat(room.summary())
                    .as("each call answered by the gateway, then tried")
                    .contains("busy-1 answer", "busy-1 state:trying", "decline-1 state:trying");
        }
    }

    @Test
    void noanswerEndsAtTheRingTimeout() throws Exception {
        try (DialoutClient client = connect()) {
            CallMessages room = new CallMessages(client);
            long start = System.nanoTime();
            room.send(dial("ring-1", "sip:noanswer@demo", DialoutClient.offer()).put("ringTimeoutSec", 2));
            room.awaitState("ring-1", "ringing");
            JsonNode ended = room.awaitState("ring-1", "ended");
            double elapsed = (System.nanoTime() - start) / 1e9;
            assertThat(ended.path("cause").asText()).isEqualTo("no-answer");
            assertThat(elapsed).as("ended after the 2 s ring timeout").isBetween(1.9, 15.0);
        }
    }
}
