package io.dialout.media.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dialout.media.CallMedia;
import io.dialout.media.CallMediaRequest;
import io.dialout.media.CallMediaStats;
import io.dialout.media.sdp.SdpException;
import io.dialout.testkit.Baresip;
import io.dialout.testkit.ChromiumPeer;
import io.dialout.testkit.FreePorts;
import io.dialout.testkit.Sipp;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A meeting with real peers (issue 13's proof): headless Chromium offers three participants (440/660/880 Hz tones,
 * red/green/blue canvas videos, each its own stream and m-lines in one BUNDLE group) and sipp, the SIP callee,
 * echoes audio and video back. What the room hears back is what the SIP side received: each tone is measured in it
 * against the level it was sent at; the echoed video, decoded in the browser, shows the loudest participant, and
 * follows a new loudest one within 2 s with a keyframe. Then re-offers on the same transport: a fourth participant
 * joins and is heard, one leaves and is no longer heard; a bad re-offer is refused and changes nothing.
 */
class MeetingWithChromiumTest {

    private static final double[] TONES = {440, 660, 880};
    private static final String[] COLOURS = {"#ff0000", "#00ff00", "#0000ff"};
    /** Each participant's tone at the same level: a sine of amplitude 0.15, -16.5 dBFS; the three sum to 0.45. */
    private static final double EQUAL_GAIN = 0.15;
    /** The level tolerance of the proof ("within a few dB of its sent level"). */
    private static final double TOLERANCE_DB = 3;

    private static final Duration SWITCH_LIMIT = Duration.ofSeconds(2);
    private static final Pattern VIDEO_RTPMAP = Pattern.compile("a=rtpmap:(\\d+) (VP8|H264)/90000");

    private DefaultMediaEngine engine;
    private Sipp sipp;
    private ChromiumPeer room;
    private final EngineWithChromiumTest.Events events = new EngineWithChromiumTest.Events();
    private final List<String> speakers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile CallMedia current;

    @BeforeEach
    void setUp() throws Exception {
        int rangeStart = FreePorts.udpRange(20);
        engine = new DefaultMediaEngine(EngineWithChromiumTest.loopbackConfig(rangeStart));
    }

    @AfterEach
    void tearDown() {
        if (room != null) {
            room.close();
        }
        if (sipp != null) {
            sipp.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void threeParticipantsAreHeardAndTheLoudestIsSeenAndReoffersAddAndRemoveOne() throws Exception {
        room = ChromiumPeer.launch(new ChromiumPeer.Options().audio(false));
        room.eval(resource("meeting/participants.js"));
        List<String> msids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            msids.add(room.eval("window.__meet.add(" + TONES[i] + ", '" + COLOURS[i] + "', " + EQUAL_GAIN + ")")
                    .asText());
        }
        String offer = room.createOffer();
        assertThat(offer.split("m=audio", -1)).as("three audio m-lines").hasSize(4);
        CallMedia call = engine.createCall(
                new CallMediaRequest("meeting", offer, new CallMediaRequest.SipLegOptions(false, false, true)),
                new SpeakerEvents());
        current = call;
        String answer = call.roomAnswer();
        room.setAnswer(answer);
        room.awaitConnected(Duration.ofSeconds(20));
        events.connected.get(20, TimeUnit.SECONDS);

        String sipOffer = call.sipOffer();
        Matcher m = VIDEO_RTPMAP.matcher(sipOffer.substring(sipOffer.indexOf("m=video")));
        assertThat(m.find()).as(sipOffer).isTrue();
        sipp = Sipp.scenarioResource("sipp/uas-pcmu-video-echo.xml")
                .rtpEcho()
                .set("vpt", m.group(1))
                .set("vcodec", m.group(2))
                .timeout(Duration.ofSeconds(180))
                .start();
        try (SipUacCall sip = new SipUacCall(sipp.localPort())) {
            call.applySipAnswer(sip.invite(sipOffer, Duration.ofSeconds(10)), false);
            assertThat(call.stats().transcoding())
                    .as("a meeting's audio is mixed")
                    .isTrue();
            room.awaitAtLeast(room::inboundAudioPackets, 150, Duration.ofSeconds(20));

            // 1. All three tones at their sent level in what the SIP side received (its echo).
            double sent = 20 * Math.log10(EQUAL_GAIN);
            double[] heard = tones(TONES, 3000);
            System.out.printf(
                    "meeting: sent %.1f dBFS each; echoed 440 %.1f, 660 %.1f, 880 %.1f dBFS%n",
                    sent, heard[0], heard[1], heard[2]);
            for (int i = 0; i < 3; i++) {
                assertThat(heard[i])
                        .as(TONES[i] + " Hz through the mix and back: " + call.stats())
                        .isBetween(sent - TOLERANCE_DB, sent + TOLERANCE_DB);
            }
            CallMediaStats stats = call.stats();
            assertThat(stats.sources())
                    .extracting(CallMediaStats.SourceStats::kind)
                    .containsExactly("audio", "video", "audio", "video", "audio", "video");
            assertThat(stats.sources())
                    .extracting(CallMediaStats.SourceStats::msid)
                    .containsExactly(
                            msids.get(0), msids.get(0), msids.get(1), msids.get(1), msids.get(2), msids.get(2));

            // 2. The phone sees the loudest participant; a new loudest one within 2 s, at a keyframe.
            room.awaitAtLeast(room::framesDecoded, 10, Duration.ofSeconds(20));
            room.eval("window.__meet.loudest(0, 0.5, 0.05)");
            awaitColour(0, Duration.ofSeconds(10));
            for (int next : new int[] {1, 2}) {
                long keyframes = room.statSum("inbound-rtp", "video", "keyFramesDecoded");
                long frames = room.framesDecoded();
                long start = System.nanoTime();
                room.eval("window.__meet.loudest(" + next + ", 0.5, 0.05)");
                awaitColour(next, Duration.ofSeconds(10));
                long ms = (System.nanoTime() - start) / 1_000_000;
                System.out.printf("meeting: the SIP video switched to %s in %d ms%n", COLOURS[next], ms);
                assertThat(Duration.ofMillis(ms))
                        .as("switch to " + COLOURS[next])
                        .isLessThanOrEqualTo(SWITCH_LIMIT);
                assertThat(room.statSum("inbound-rtp", "video", "keyFramesDecoded"))
                        .as("a keyframe decoded at the switch")
                        .isGreaterThan(keyframes);
                room.awaitAtLeast(room::framesDecoded, frames + 20, Duration.ofSeconds(10));
            }
            assertThat(speakers).as("speaker reports (mid/msid)").isNotEmpty();
            assertThat(speakers.get(speakers.size() - 1)).endsWith("/" + msids.get(2));

            // 3. A fourth participant joins by re-offer on the same transport and is heard; the others stay.
            room.eval("window.__meet.loudest(0, " + EQUAL_GAIN + ", " + EQUAL_GAIN + ")");
            room.eval("window.__meet.add(550, '#ffff00', " + EQUAL_GAIN + ")");
            long before = room.inboundAudioPackets();
            String reanswer = reoffer(call);
            assertThat(line(reanswer, "a=ice-ufrag:")).isEqualTo(line(answer, "a=ice-ufrag:"));
            assertThat(line(reanswer, "a=fingerprint:")).isEqualTo(line(answer, "a=fingerprint:"));
            assertThat(line(reanswer, "a=setup:")).isEqualTo(line(answer, "a=setup:"));
            assertThat(call.stats().sources()).hasSize(8);
            room.awaitAtLeast(room::inboundAudioPackets, before + 100, Duration.ofSeconds(10));
            awaitTone(550, sent, Duration.ofSeconds(10));
            double[] four = tones(new double[] {440, 550, 660, 880}, 2000);
            System.out.printf(
                    "meeting: after the re-offer 440 %.1f, 550 %.1f, 660 %.1f, 880 %.1f dBFS%n",
                    four[0], four[1], four[2], four[3]);
            for (double level : four) {
                assertThat(level).isBetween(sent - TOLERANCE_DB, sent + TOLERANCE_DB);
            }

            // 4. The 660 Hz participant leaves: its tone is gone from the mix, the others are not.
            room.eval("window.__meet.remove(1)");
            reoffer(call);
            assertThat(call.stats().sources())
                    .extracting(CallMediaStats.SourceStats::msid)
                    .doesNotContain(msids.get(1));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            double[] after;
            do {
                after = tones(new double[] {440, 550, 660, 880}, 1000);
            } while (after[2] > sent - 30 && System.nanoTime() < deadline);
            System.out.printf(
                    "meeting: after the leave 440 %.1f, 550 %.1f, 660 %.1f, 880 %.1f dBFS%n",
                    after[0], after[1], after[2], after[3]);
            assertThat(after[2]).as("660 Hz gone").isLessThan(sent - 30);
            assertThat(after[0]).isBetween(sent - TOLERANCE_DB, sent + TOLERANCE_DB);
            assertThat(after[3]).isBetween(sent - TOLERANCE_DB, sent + TOLERANCE_DB);

            // 5. Bad re-offers are refused and leave the call as it was.
            String current = room.eval("window.__room.pc.localDescription.sdp").asText();
            String restart = current.replaceAll("a=ice-ufrag:\\S+", "a=ice-ufrag:Zz9Restart");
            assertThatThrownBy(() -> call.answerRoomReoffer(restart))
                    .isInstanceOf(SdpException.class)
                    .hasMessageContaining("ICE");
            assertThatThrownBy(() -> call.answerRoomReoffer("v=0\r\nnot sdp\r\n"))
                    .isInstanceOf(SdpException.class);
            assertThat(call.stats().sources()).hasSize(6);
            long packets = room.inboundAudioPackets();
            room.awaitAtLeast(room::inboundAudioPackets, packets + 50, Duration.ofSeconds(5));
            assertThat(room.states().get("connection")).isEqualTo("connected");
            assertThat(events.failure).isNotDone();
            call.close();
        }
    }

    /**
     * The same three participants to baresip, which decodes what it receives and sends it back (its echo module):
     * each tone measured in baresip's echo at the level it was sent at.
     */
    @Test
    void threeParticipantsAreHeardByBaresip() throws Exception {
        room = ChromiumPeer.launch(new ChromiumPeer.Options().audio(false));
        room.eval(resource("meeting/participants.js"));
        for (int i = 0; i < 3; i++) {
            room.eval("window.__meet.add(" + TONES[i] + ", '" + COLOURS[i] + "', " + EQUAL_GAIN + ")");
        }
        CallMedia call = engine.createCall(
                new CallMediaRequest(
                        "meeting-baresip", room.createOffer(), new CallMediaRequest.SipLegOptions(false, false, false)),
                new SpeakerEvents());
        current = call;
        room.setAnswer(call.roomAnswer());
        room.awaitConnected(Duration.ofSeconds(20));
        try (Baresip callee = Baresip.echoCallee(List.of("g711.so"));
                SipUacCall sip = new SipUacCall(callee.sipPort)) {
            call.applySipAnswer(sip.invite(call.sipOffer(), Duration.ofSeconds(10)), false);
            assertThat(call.stats().sip().audioCodec()).isEqualTo("PCMU/8000");
            room.awaitAtLeast(room::inboundAudioPackets, 150, Duration.ofSeconds(20));
            double sent = 20 * Math.log10(EQUAL_GAIN);
            double[] heard = tones(TONES, 3000);
            System.out.printf(
                    "meeting (baresip echo): sent %.1f dBFS each; echoed 440 %.1f, 660 %.1f, 880 %.1f dBFS%n",
                    sent, heard[0], heard[1], heard[2]);
            for (int i = 0; i < 3; i++) {
                assertThat(heard[i])
                        .as(TONES[i] + " Hz through the mix, baresip and back: " + call.stats() + "\n"
                                + callee.output())
                        .isBetween(sent - TOLERANCE_DB, sent + TOLERANCE_DB);
            }
            call.close();
        }
    }

    /** The room's next offer answered by the call and applied in the browser. */
    private String reoffer(CallMedia call) throws SdpException {
        String next = room.eval("window.__meet.offer()").asText();
        String answer = call.answerRoomReoffer(next);
        room.setAnswer(answer);
        assertThat(room.states().get("signaling")).isEqualTo("stable");
        return answer;
    }

    private double[] tones(double[] freqs, int durationMs) {
        StringBuilder list = new StringBuilder();
        for (double f : freqs) {
            list.append(list.isEmpty() ? "" : ",").append(f);
        }
        JsonNode n = room.eval("window.__meet.tones({freqs: [" + list + "], durationMs: " + durationMs + "})");
        double[] out = new double[freqs.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = n.get(i).asDouble();
        }
        return out;
    }

    private void awaitTone(double hz, double level, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        double heard;
        do {
            heard = tones(new double[] {hz}, 500)[0];
        } while (heard < level - TOLERANCE_DB && System.nanoTime() < end);
        assertThat(heard).as(hz + " Hz after the re-offer").isGreaterThanOrEqualTo(level - TOLERANCE_DB);
    }

    /** Waits until the decoded video's centre is mostly the participant's primary colour. */
    private void awaitColour(int participant, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        JsonNode c = null;
        while (System.nanoTime() < end) {
            c = room.eval("window.__meet.colour()");
            if (c != null && c.isArray() && isColour(c, participant)) {
                return;
            }
            pause();
        }
        CallMedia call = current;
        throw new AssertionError("the echoed video did not turn " + COLOURS[participant] + " within " + timeout
                + " (last " + c + "); speakers " + speakers + "; " + (call == null ? "" : call.stats()) + "\n"
                + room.diagnostics());
    }

    private static boolean isColour(JsonNode rgb, int channel) {
        for (int k = 0; k < 3; k++) {
            int v = rgb.get(k).asInt();
            if (k == channel ? v < 160 : v > 90) {
                return false;
            }
        }
        return true;
    }

    private static void pause() {
        try {
            Thread.sleep(50); // polling the decoded picture: there is no event for "a frame of this colour"
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String line(String sdp, String prefix) {
        return sdp.lines().filter(l -> l.startsWith(prefix)).findFirst().orElse(null);
    }

    private static String resource(String name) {
        try (InputStream in = MeetingWithChromiumTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records the speaker reports as "mid/msid". */
    private final class SpeakerEvents implements io.dialout.media.MediaListener {
        @Override
        public void roomConnected() {
            events.roomConnected();
        }

        @Override
        public void mediaFailure(String reason) {
            events.mediaFailure(reason);
        }

        @Override
        public void dtmfFromSip(char digit) {}

        @Override
        public void dtmfFromRoom(char digit, boolean forwarded) {}

        @Override
        public void speaker(String mid, String msid) {
            speakers.add(mid + "/" + msid);
        }
    }
}
