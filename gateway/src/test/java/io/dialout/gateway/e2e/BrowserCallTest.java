package io.dialout.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dialout.gateway.it.DialoutClient;
import io.dialout.testkit.ChromiumPeer;
import io.dialout.testkit.Sipp;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URI;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The whole call as a user sees it: headless chromium as the room (a WebAudio tone as its microphone, the fake camera),
 * the real gateway, and sipp as the SIP callee echoing RTP. Media is proven by measuring: the room must hear its own
 * tone back at the right frequency (it went room → gateway → SIP → echo → gateway → room), and decode its own video.
 */
@QuarkusTest
class BrowserCallTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT = Duration.ofSeconds(30);
    private static final Duration SIPP_EXIT = Duration.ofSeconds(20);

    @TestHTTPResource("/v1/dialout")
    URI http;

    private URI ws() {
        return URI.create(http.toString().replaceFirst("^http", "ws"));
    }

    private static ObjectNode dial(String callId, String to, String offer) {
        return JSON.createObjectNode()
                .put("type", "dial")
                .put("callId", callId)
                .put("to", to)
                .put("offer", offer);
    }

    /** The room's offer with {@code codec} moved to the front of its audio m-line, so the gateway answers with it. */
    static String prefer(String offer, String codec) {
        Matcher pt = Pattern.compile("a=rtpmap:(\\d+) " + codec + "/").matcher(offer);
        assertThat(pt.find()).as("the browser offers " + codec).isTrue();
        Matcher m = Pattern.compile("(m=audio \\d+ [A-Z/]+)((?: \\d+)+)").matcher(offer);
        assertThat(m.find()).isTrue();
        String formats = (" " + m.group(2).trim() + " ")
                .replace(" " + pt.group(1) + " ", " ")
                .trim();
        return offer.substring(0, m.start()) + m.group(1) + " " + pt.group(1) + " " + formats
                + offer.substring(m.end());
    }

    private void answeredCall(DialoutClient client, ChromiumPeer room, String callId) throws Exception {
        JsonNode answer = client.next("answer");
        room.setAnswer(answer.path("sdp").asText());
        client.nextState("trying");
        client.nextState("ringing");
        client.nextState("answered");
        room.awaitConnected(CONNECT);
    }

    private static void hangUp(DialoutClient client, String callId) throws Exception {
        client.send(JSON.createObjectNode().put("type", "hangup").put("callId", callId));
        JsonNode ended;
        do {
            ended = client.next();
        } while (!"ended".equals(ended.path("state").asText()));
        assertThat(ended.path("cause").asText()).isEqualTo("local-hangup");
    }

    /** Both legs PCMU: the gateway passes packets through; the room hears its 440 Hz tone back. */
    @Test
    void passThroughAudioBothWays() throws Exception {
        try (Sipp callee = Sipp.scenarioResource("sipp/e2e/uas-echo-pcmu.xml")
                        .rtpEcho()
                        .start();
                ChromiumPeer room = ChromiumPeer.launch(new ChromiumPeer.Options().audioToneHz(440));
                DialoutClient client = DialoutClient.connect(ws())) {
            client.send(dial("pt", callee.uri("echo"), prefer(room.createOffer(), "PCMU")));
            answeredCall(client, room, "pt");
            room.awaitAtLeast(room::inboundAudioPackets, 100, CONNECT);
            ChromiumPeer.ToneReading heard = room.measureInboundTone(1500);
            assertThat(heard.frequencyHz())
                    .as("tone heard by the room: " + heard)
                    .isCloseTo(440, within(10.0));
            assertThat(heard.levelDbfs()).as(heard.toString()).isGreaterThan(-40);
            JsonNode call = callView("pt");
            assertThat(call.path("transcoding").asBoolean()).isFalse();
            assertThat(call.path("room").path("audioCodec").asText()).startsWith("PCMU");
            assertThat(call.path("sip").path("audioCodec").asText()).startsWith("PCMU");
            assertThat(call.path("room").path("packetsReceived").asLong()).isGreaterThan(50);
            assertThat(call.path("room").path("packetsSent").asLong()).isGreaterThan(50);
            assertThat(call.path("sip").path("packetsReceived").asLong()).isGreaterThan(50);
            assertThat(call.path("sip").path("packetsSent").asLong()).isGreaterThan(50);
            String metrics = RestAssured.given()
                    .baseUri(base())
                    .get("/q/metrics")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            assertThat(metric(metrics, "dialout_media_packets_total{direction=\"received\",leg=\"room\"}"))
                    .isGreaterThan(50);
            assertThat(metric(metrics, "dialout_media_packets_total{direction=\"sent\",leg=\"sip\"}"))
                    .isGreaterThan(50);
            assertThat(metric(metrics, "dialout_media_rooms_connected")).isGreaterThanOrEqualTo(1);
            // every forwarded packet's time inside the gateway is counted; on a quiet loopback it is far under 20 ms
            double forwarded = metric(metrics, "dialout_media_relay_delay_seconds_count");
            assertThat(forwarded).isGreaterThan(100);
            assertThat(metric(metrics, "dialout_media_relay_delay_seconds_sum") / forwarded)
                    .isBetween(0.0, 0.02);
            assertThat(metric(metrics, "dialout_media_relay_delayed_total{over=\"0.02\"}"))
                    .isLessThan(forwarded);
            // every dialout_* series the Grafana dashboard queries is in this live scrape (names, labels' values)
            java.nio.file.Path root = java.nio.file.Path.of("").toAbsolutePath();
            while (!java.nio.file.Files.isDirectory(root.resolve("k8s"))) {
                root = root.getParent();
            }
            JsonNode dash = JSON.readTree(
                    root.resolve("k8s/grafana/dialout-dashboard.json").toFile());
            for (JsonNode panel : dash.path("panels")) {
                for (JsonNode t : panel.path("targets")) {
                    Matcher m = Pattern.compile("\\b(dialout_[a-z_]+)(\\{[^}]*\\})?")
                            .matcher(t.path("expr").asText());
                    while (m.find()) {
                        String name = m.group(1);
                        assertThat(metrics)
                                .as(panel.path("title").asText() + ": " + name)
                                .containsPattern("(?m)^" + name + "[ {]");
                        Matcher direction =
                                Pattern.compile("direction=\"([a-z]+)\"").matcher(m.group(2) == null ? "" : m.group(2));
                        if (direction.find()) {
                            assertThat(metrics)
                                    .as(panel.path("title").asText())
                                    .contains("direction=\"" + direction.group(1) + "\"");
                        }
                    }
                }
            }
            hangUp(client, "pt");
            assertThat(callee.awaitExit(SIPP_EXIT)).as(callee.output()).isZero();
        }
    }

    /** Opus toward the room, PCMU toward SIP: transcoded both ways, the tone keeps its frequency. */
    @Test
    void opusToPcmuTranscodedBothWays() throws Exception {
        transcoded("sipp/e2e/uas-echo-pcmu.xml", "PCMU", 700);
    }

    /** Opus toward the room, G.722 toward SIP (48 kHz ↔ 16 kHz resampling). */
    @Test
    void opusToG722TranscodedBothWays() throws Exception {
        transcoded("sipp/e2e/uas-echo-g722.xml", "G722", 1000);
    }

    private void transcoded(String scenario, String sipCodec, double toneHz) throws Exception {
        try (Sipp callee = Sipp.scenarioResource(scenario).rtpEcho().start();
                ChromiumPeer room = ChromiumPeer.launch(new ChromiumPeer.Options().audioToneHz(toneHz));
                DialoutClient client = DialoutClient.connect(ws())) {
            client.send(dial("tc", callee.uri("echo"), room.createOffer()));
            answeredCall(client, room, "tc");
            room.awaitAtLeast(room::inboundAudioPackets, 100, CONNECT);
            ChromiumPeer.ToneReading heard = room.measureInboundTone(1500);
            assertThat(heard.frequencyHz())
                    .as("tone heard by the room: " + heard)
                    .isCloseTo(toneHz, within(10.0));
            assertThat(heard.levelDbfs()).as(heard.toString()).isGreaterThan(-40);
            JsonNode call = callView("tc");
            assertThat(call.path("transcoding").asBoolean()).isTrue();
            assertThat(call.path("room").path("audioCodec").asText()).startsWith("opus");
            assertThat(call.path("sip").path("audioCodec").asText()).startsWith(sipCodec);
            hangUp(client, "tc");
            assertThat(callee.awaitExit(SIPP_EXIT)).as(callee.output()).isZero();
        }
    }

    @Test
    void vp8VideoBothWays() throws Exception {
        video("sipp/e2e/uas-echo-vp8.xml", "VP8");
    }

    @Test
    void h264VideoBothWays() throws Exception {
        video("sipp/e2e/uas-echo-h264.xml", "H264");
    }

    /** The room's camera goes to SIP and comes back: the room decodes frames of its own video. */
    private void video(String scenario, String codec) throws Exception {
        try (Sipp callee = Sipp.scenarioResource(scenario).rtpEcho().start();
                ChromiumPeer room = ChromiumPeer.launch(
                        new ChromiumPeer.Options().audioToneHz(440).video(true));
                DialoutClient client = DialoutClient.connect(ws())) {
            String offer = room.createOffer();
            client.send(dial("v", callee.uri("echo"), preferVideo(offer, codec)));
            answeredCall(client, room, "v");
            long frames = room.awaitAtLeast(room::framesDecoded, 30, CONNECT);
            assertThat(frames)
                    .as(codec + " frames decoded by the room; stats " + room.stats())
                    .isGreaterThanOrEqualTo(30);
            assertThat(callView("v").path("room").path("videoCodec").asText()).startsWith(codec);
            hangUp(client, "v");
            assertThat(callee.awaitExit(SIPP_EXIT)).as(callee.output()).isZero();
        }
    }

    /** The offer with {@code codec}'s payload types first on the video m-line (the gateway takes the room's order). */
    static String preferVideo(String offer, String codec) {
        Matcher pt = Pattern.compile("a=rtpmap:(\\d+) " + codec + "/90000").matcher(offer);
        StringBuilder first = new StringBuilder();
        while (pt.find()) {
            if (codec.equals("H264")) {
                Matcher f = Pattern.compile("a=fmtp:" + pt.group(1) + " [^\\r\\n]*packetization-mode=1")
                        .matcher(offer);
                if (!f.find()) {
                    continue;
                }
            }
            first.append(pt.group(1)).append(' ');
        }
        assertThat(first).as("the browser offers " + codec).isNotEmpty();
        Matcher m = Pattern.compile("(m=video \\d+ [A-Z/]+)((?: \\d+)+)").matcher(offer);
        assertThat(m.find()).isTrue();
        String rest = " " + m.group(2).trim() + " ";
        for (String p : first.toString().trim().split(" ")) {
            rest = rest.replace(" " + p + " ", " ");
        }
        return offer.substring(0, m.start()) + m.group(1) + " "
                + first.toString().trim() + " " + rest.trim() + offer.substring(m.end());
    }

    /** A 183 with SDP bridges the callee's media before the answer: the room hears its echo while still ringing. */
    @Test
    void earlyMediaReachesTheRoomBeforeTheAnswer() throws Exception {
        try (Sipp callee = Sipp.scenarioResource("sipp/e2e/uas-early-media.xml")
                        .rtpEcho()
                        .start();
                ChromiumPeer room = ChromiumPeer.launch(new ChromiumPeer.Options().audioToneHz(440));
                DialoutClient client = DialoutClient.connect(ws())) {
            client.send(dial("em", callee.uri("echo"), prefer(room.createOffer(), "PCMU")));
            room.setAnswer(client.next("answer").path("sdp").asText());
            client.nextState("trying");
            JsonNode early = client.nextState("early-media");
            assertThat(early.path("sipStatus").asInt()).isEqualTo(183);
            room.awaitConnected(CONNECT);
            long before = room.awaitAtLeast(room::inboundAudioPackets, 25, Duration.ofSeconds(10));
            assertThat(before).as("packets the room received before the 200 OK").isGreaterThanOrEqualTo(25);
            client.nextState("answered");
            hangUp(client, "em");
            assertThat(callee.awaitExit(SIPP_EXIT)).as(callee.output()).isZero();
        }
    }

    /** Closing the room's WebSocket hangs its calls up: the callee gets a BYE within 2 s. */
    @Test
    void controllerGoneSendsByeWithinTwoSeconds() throws Exception {
        try (Sipp callee = Sipp.scenarioResource("sipp/e2e/uas-echo-pcmu.xml")
                        .rtpEcho()
                        .start();
                ChromiumPeer room = ChromiumPeer.launch(new ChromiumPeer.Options().audioToneHz(440))) {
            DialoutClient client = DialoutClient.connect(ws());
            client.send(dial("cg", callee.uri("echo"), prefer(room.createOffer(), "PCMU")));
            answeredCall(client, room, "cg");
            long closed = System.nanoTime();
            client.close();
            assertThat(callee.awaitExit(Duration.ofSeconds(10)))
                    .as(callee.output())
                    .isZero();
            double seconds = (System.nanoTime() - closed) / 1e9;
            assertThat(seconds).as("BYE after the WebSocket closed").isLessThan(2.5);
            assertThat(callee.count("^BYE sip:")).isEqualTo(1);
        }
    }

    private String base() {
        return http.toString().replaceFirst("/v1/dialout$", "");
    }

    /** The value of one Prometheus sample line, by its exact name and labels. */
    static double metric(String exposition, String series) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        throw new AssertionError("no " + series + " in /q/metrics");
    }

    private JsonNode callView(String callId) throws Exception {
        String body = RestAssured.given()
                .baseUri(base())
                .get("/v1/calls")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        for (JsonNode c : JSON.readTree(body)) {
            if (callId.equals(c.path("callId").asText())) {
                return c;
            }
        }
        throw new AssertionError("call " + callId + " not in GET /v1/calls: " + body);
    }
}
