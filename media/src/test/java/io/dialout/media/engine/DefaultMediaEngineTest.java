package io.dialout.media.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dialout.media.CallMedia;
import io.dialout.media.CallMediaRequest;
import io.dialout.media.Direction;
import io.dialout.media.MediaConfig;
import io.dialout.media.MediaException;
import io.dialout.media.MediaListener;
import io.dialout.media.sdp.SdpException;
import io.dialout.testkit.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine's call lifecycle without media: negotiation, ports, re-offers, release. */
class DefaultMediaEngineTest {

    private static final int PAIRS = 4;
    private static final MediaListener QUIET = reason -> {};
    private DefaultMediaEngine engine;
    private int rangeStart;

    static String chromiumOffer(String name) throws IOException {
        try (InputStream in = DefaultMediaEngineTest.class.getResourceAsStream("/sdp/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        rangeStart = FreePorts.udpRange(2 * PAIRS);
        engine = new DefaultMediaEngine(new MediaConfig(
                "127.0.0.1",
                0,
                List.of("127.0.0.1"),
                "127.0.0.1",
                "192.0.2.10",
                rangeStart,
                rangeStart + 2 * PAIRS - 1,
                1,
                Duration.ofSeconds(20),
                Duration.ofSeconds(30),
                true));
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    private CallMedia call(CallMediaRequest.SipLegOptions opts) throws Exception {
        return engine.createCall(new CallMediaRequest("t", chromiumOffer("chromium-offer-audio.sdp"), opts), QUIET);
    }

    @Test
    void createCallAnswersTheRoomAndOffersSipFromThePool() throws Exception {
        try (CallMedia call = call(CallMediaRequest.SipLegOptions.DEFAULT)) {
            String answer = call.roomAnswer();
            assertThat(answer)
                    .contains(
                            "a=ice-lite",
                            "a=fingerprint:sha-256 ",
                            "opus/48000/2",
                            "127.0.0.1 " + engine.roomPort() + " typ host",
                            "a=setup:");
            String offer = call.sipOffer();
            Matcher m = Pattern.compile("m=audio (\\d+) RTP/AVP ").matcher(offer);
            assertThat(m.find()).as(offer).isTrue();
            int port = Integer.parseInt(m.group(1));
            assertThat(port).isBetween(rangeStart, rangeStart + 2 * PAIRS - 2).matches(p -> p % 2 == 0);
            assertThat(offer).contains("c=IN IP4 192.0.2.10", "PCMU/8000", "telephone-event/8000");
            assertThat(engine.activeCalls()).isEqualTo(1);
            assertThat(engine.freeSipPortPairs()).isEqualTo(PAIRS - 1);
        }
        assertThat(engine.activeCalls()).isZero();
        assertThat(engine.freeSipPortPairs()).isEqualTo(PAIRS);
    }

    @Test
    void sdesSrtpLegOffersSavpWithACryptoKey() throws Exception {
        try (CallMedia call = call(new CallMediaRequest.SipLegOptions(true, false, false))) {
            assertThat(call.sipOffer()).contains("RTP/SAVP", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:");
        }
    }

    @Test
    void g711OnlyAnswersTheRoomWithPcmu() throws Exception {
        try (CallMedia call = call(new CallMediaRequest.SipLegOptions(false, true, false))) {
            assertThat(call.stats().room().audioCodec()).isEqualTo("PCMU/8000");
        }
    }

    @Test
    void allocateCloseLoopLeavesThePoolFullAndExhaustionIsReported() throws Exception {
        for (int i = 0; i < 3 * PAIRS; i++) {
            call(CallMediaRequest.SipLegOptions.DEFAULT).close();
        }
        assertThat(engine.freeSipPortPairs()).isEqualTo(PAIRS);
        List<CallMedia> calls = new ArrayList<>();
        try {
            for (int i = 0; i < PAIRS; i++) {
                calls.add(call(CallMediaRequest.SipLegOptions.DEFAULT));
            }
            assertThatThrownBy(() -> call(CallMediaRequest.SipLegOptions.DEFAULT))
                    .isInstanceOf(MediaException.class)
                    .hasMessageContaining("no free RTP port pair");
            assertThat(engine.activeCalls()).isEqualTo(PAIRS);
        } finally {
            calls.forEach(CallMedia::close);
        }
        assertThat(engine.freeSipPortPairs()).isEqualTo(PAIRS);
        assertThat(engine.activeCalls()).isZero();
    }

    @Test
    void badOfferIsAnSdpErrorAndTakesNoPort() {
        assertThatThrownBy(() -> engine.createCall(
                        new CallMediaRequest("t", "v=0\r\nnonsense\r\n", CallMediaRequest.SipLegOptions.DEFAULT),
                        QUIET))
                .isInstanceOf(SdpException.class);
        assertThat(engine.freeSipPortPairs()).isEqualTo(PAIRS);
        assertThat(engine.activeCalls()).isZero();
    }

    @Test
    void answersReoffersAndCloseTwice() throws Exception {
        CallMedia call = call(CallMediaRequest.SipLegOptions.DEFAULT);
        String answer = "v=0\r\no=callee 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio 40000 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n"
                + "a=sendrecv\r\n";
        call.applySipAnswer(answer, true);
        call.applySipAnswer(answer, false);
        assertThat(call.sipAcceptsTelephoneEvent()).isTrue();
        assertThat(call.stats().sip().audioCodec()).isEqualTo("PCMU/8000");
        assertThat(call.stats().transcoding()).isTrue(); // the room answered opus

        String hold = call.sipReoffer(Direction.SENDONLY);
        assertThat(hold).contains("a=sendonly");
        assertThat(version(hold)).isGreaterThan(version(call.sipOffer()));
        call.applySipReofferAnswer(answer.replace("sendrecv", "recvonly").replace("o=callee 1 1", "o=callee 1 2"));
        CallMedia.SipReofferAnswer r =
                call.answerSipReoffer(answer.replace("sendrecv", "sendonly").replace("o=callee 1 1", "o=callee 1 3"));
        assertThat(r.remoteDirection()).isEqualTo(Direction.SENDONLY);
        assertThat(r.sdp()).contains("m=audio");

        call.close();
        call.close();
        assertThat(engine.freeSipPortPairs()).isEqualTo(PAIRS);
    }

    @Test
    void unusableAnswerIsAnSdpError() throws Exception {
        try (CallMedia call = call(CallMediaRequest.SipLegOptions.DEFAULT)) {
            String answer = "v=0\r\no=callee 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                    + "m=audio 40000 RTP/AVP 18\r\na=rtpmap:18 G729/8000\r\n";
            assertThatThrownBy(() -> call.applySipAnswer(answer, false)).isInstanceOf(SdpException.class);
        }
    }

    @Test
    void trickledCandidatesAreValidatedOnly() throws Exception {
        try (CallMedia call = call(CallMediaRequest.SipLegOptions.DEFAULT)) {
            call.addRoomCandidate("candidate:1 1 udp 2122194687 192.0.2.2 43415 typ host generation 0", "0");
            call.addRoomCandidate("a=candidate:2 1 udp 2122194687 192.0.2.3 43416 typ host", "0");
            call.addRoomCandidate(null, null); // end of trickle
            assertThatThrownBy(() -> call.addRoomCandidate("candidate:garbage", "0"))
                    .isInstanceOf(SdpException.class);
        }
    }

    private static long version(String sdp) {
        Matcher m = Pattern.compile("o=\\S+ \\S+ (\\d+) ").matcher(sdp);
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }
}
