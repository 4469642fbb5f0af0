package io.dialout.media.negotiation;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.media.Direction;
import io.dialout.media.negotiation.room.CodecPolicy;
import io.dialout.media.negotiation.room.RoomLocalParams;
import io.dialout.media.negotiation.room.RoomNegotiation;
import io.dialout.media.negotiation.room.RoomNegotiator;
import io.dialout.media.negotiation.room.RoomNegotiatorTest;
import io.dialout.media.negotiation.sip.SipLocalParams;
import io.dialout.media.negotiation.sip.SipOfferBuilder;
import io.dialout.media.sdp.Fixtures;
import io.dialout.media.sdp.SessionDescription;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * rtpengine-style golden tests: a real browser offer in, the expected room answer and SIP offer out, compared with
 * golden files in which ports, credentials and fingerprints are placeholders ({PORT}, {UFRAG}, ...).
 * Run with {@code -Dsdp.golden.update=true} to rewrite the golden files after a deliberate change, then review the
 * diff.
 */
class GoldenSdpTest {
    static final RoomLocalParams ROOM = new RoomLocalParams(
            "Gw7k",
            "q3Vb0Zt1mP8sLx2Yc9Rn4Ke6",
            RoomNegotiatorTest.FP,
            List.of("203.0.113.9"),
            40123,
            305419896L,
            2596069104L,
            "dialout-gw");
    static final SipLocalParams SIP = new SipLocalParams(
            "198.51.100.2", 30010, 30011, 30012, 30013, null, 777000111L, 1, Direction.SENDRECV, true);

    @ParameterizedTest
    @ValueSource(
            strings = {
                "chromium-offer-audio-video",
                "chromium-offer-audio",
                "firefox-offer-audio-video",
                "werift-offer-audio-video"
            })
    void roomAnswerAndSipOffer(String name) throws Exception {
        RoomNegotiation n = RoomNegotiator.answer(Fixtures.sdp(name + ".sdp"), ROOM, CodecPolicy.DEFAULT);
        String answer = n.answerSdp();
        Map<String, String> values =
                roomPlaceholders(SessionDescription.parse(answer).origin().sessionId());
        check(name + ".answer.sdp", answer, values);
        String sipOffer = SipOfferBuilder.offer(n, SIP).toString();
        check(name + ".sip-offer.sdp", sipOffer, sipPlaceholders());
    }

    static Map<String, String> roomPlaceholders(String sessionId) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("{SESSION_ID}", sessionId);
        v.put("{FINGERPRINT}", ROOM.fingerprintSha256());
        v.put("{UFRAG}", ROOM.ufrag());
        v.put("{PWD}", ROOM.pwd());
        v.put("{ADDR}", ROOM.candidateAddresses().get(0));
        v.put("{PORT}", Integer.toString(ROOM.port()));
        v.put("{AUDIO_SSRC}", Long.toString(ROOM.audioSsrc()));
        v.put("{VIDEO_SSRC}", Long.toString(ROOM.videoSsrc()));
        v.put("{CNAME}", ROOM.cname());
        return v;
    }

    static Map<String, String> sipPlaceholders() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("{SESSION_ID}", Long.toString(SIP.sessionId()));
        v.put("{ADDR}", SIP.address());
        v.put("{AUDIO_RTCP_PORT}", Integer.toString(SIP.audioRtcpPort()));
        v.put("{VIDEO_RTCP_PORT}", Integer.toString(SIP.videoRtcpPort()));
        v.put("{AUDIO_PORT}", Integer.toString(SIP.audioPort()));
        v.put("{VIDEO_PORT}", Integer.toString(SIP.videoPort()));
        return v;
    }

    private static void check(String golden, String actual, Map<String, String> values) throws IOException {
        if (Boolean.getBoolean("sdp.golden.update")) {
            String template = actual;
            for (Map.Entry<String, String> e : values.entrySet()) {
                template = template.replace(e.getValue(), e.getKey());
            }
            Files.writeString(Path.of("src/test/resources/sdp", golden), template);
            return; // the classpath still holds the old file; the next run compares
        }
        String expected = Fixtures.text(golden);
        for (Map.Entry<String, String> e : values.entrySet()) {
            expected = expected.replace(e.getKey(), e.getValue());
        }
        assertThat(actual).as(golden).isEqualTo(expected);
    }
}
