package io.dialout.media.negotiation.room;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dialout.media.sdp.SessionDescription;
import io.dialout.testkit.ChromiumPeer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The real browser judges our answers: live Chromium offers (audio + video, optionally an extra audio transceiver
 * and a data channel) are answered by {@link RoomNegotiator} and applied with setRemoteDescription; the codecs
 * Chromium then sends with must be the ones the negotiation reports, with the room's payload types. ICE and DTLS
 * over these answers are covered by the webrtc package's RoomEndpointChromiumTest.
 */
class RoomAnswerChromiumTest {
    private static ChromiumPeer browser;

    @BeforeAll
    static void launch() {
        browser = ChromiumPeer.launch(new ChromiumPeer.Options().video(true));
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
    }

    @ParameterizedTest(name = "g711Only={0} video={1} fec={2} extra={3}")
    @CsvSource({
        "false, true, true, false",
        "true, true, true, false",
        "false, false, true, false",
        "false, true, false, true",
        "true, false, true, true",
    })
    void chromiumAcceptsTheAnswer(boolean g711Only, boolean video, boolean fec, boolean extra) throws Exception {
        String offer = browser.eval("(async () => {"
                        + "const s = await navigator.mediaDevices.getUserMedia({audio: true, video: true});"
                        + "const pc = new RTCPeerConnection();"
                        + "s.getTracks().forEach(t => pc.addTrack(t, s));"
                        + (extra ? "pc.addTransceiver('audio'); pc.createDataChannel('chat');" : "")
                        + "await pc.setLocalDescription(await pc.createOffer());"
                        + "window.__sdpTest = {pc, s};"
                        + "return pc.localDescription.sdp; })()")
                .asText();
        RoomNegotiation n = RoomNegotiator.answer(
                SessionDescription.parse(offer), RoomNegotiatorTest.LOCAL, new CodecPolicy(g711Only, video, fec));
        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(n.answerSdp());
        JsonNode result = browser.eval("(async () => {"
                + "const {pc, s} = window.__sdpTest;"
                + "try { await pc.setRemoteDescription({type: 'answer', sdp: " + json + "}); }"
                + "catch (e) { return {error: e.message}; }"
                + "const out = pc.getTransceivers().filter(t => !t.stopped && t.currentDirection !== 'inactive')"
                + "  .map(t => ({mid: t.mid, dir: t.currentDirection,"
                + "    codecs: t.sender.getParameters().codecs.map(c => c.mimeType + '/' + c.payloadType)}));"
                + "pc.close(); s.getTracks().forEach(t => t.stop());"
                + "return {transceivers: out}; })()");
        assertThat(result.path("error").asText())
                .as("setRemoteDescription error")
                .isEmpty();
        JsonNode t = result.path("transceivers");
        List<String> audioCodecs = codecs(t, n.audioMid());
        assertThat(audioCodecs)
                .first()
                .isEqualTo("audio/" + n.audio().name() + "/" + n.audio().payloadType());
        if (n.roomTelephoneEventPt() >= 0) {
            assertThat(audioCodecs).contains("audio/telephone-event/" + n.roomTelephoneEventPt());
        }
        assertThat(n.audio().name()).isEqualTo(g711Only ? "PCMU" : "opus"); // Chromium lists PCMU before PCMA
        if (video) {
            assertThat(codecs(t, n.videoMid()))
                    .containsExactly(
                            "video/" + n.video().name() + "/" + n.video().payloadType());
        } else {
            assertThat(n.video()).isNull();
        }
        // The data channel stays rejected; the extra audio transceiver is a further participant's m-line, received
        // only (issue 13: a meeting's m-lines in one BUNDLE group), so Chromium sends on it and receives nothing.
        assertThat(t.size()).isEqualTo((video ? 2 : 1) + (extra ? 1 : 0));
        if (extra) {
            List<String> dirs = new java.util.ArrayList<>();
            t.forEach(x -> dirs.add(x.path("dir").asText()));
            assertThat(dirs).containsOnlyOnce("sendonly");
        }
    }

    private static List<String> codecs(JsonNode transceivers, String mid) {
        for (JsonNode t : transceivers) {
            if (t.path("mid").asText().equals(mid)) {
                assertThat(t.path("dir").asText()).isEqualTo("sendrecv");
                List<String> out = new java.util.ArrayList<>();
                t.path("codecs").forEach(c -> out.add(c.asText()));
                return out;
            }
        }
        throw new AssertionError("no active transceiver with mid " + mid + " in " + transceivers);
    }
}
