package io.dialout.media.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dialout.media.CallMedia;
import io.dialout.media.CallMediaRequest;
import io.dialout.media.MediaConfig;
import io.dialout.media.MediaListener;
import io.dialout.media.quality.LegQuality;
import io.dialout.testkit.Baresip;
import io.dialout.testkit.FreePorts;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real SIP far end (baresip, which sends RTCP) reached once directly and once through a relay that drops every
 * tenth RTP packet it sends us: the loss the SIP leg's quality reports matches what the relay dropped, and the MOS
 * estimate falls from a clean call's.
 */
class ImpairedLegQualityTest {

    private static final Pattern AUDIO_PORT = Pattern.compile("(?m)^m=audio (\\d+)");
    private static final Pattern RTCP_PORT = Pattern.compile("(?m)^a=rtcp:(\\d+)");

    private DefaultMediaEngine engine;
    private final MediaListener listener = reason -> {};

    @BeforeEach
    void setUp() throws Exception {
        int range = FreePorts.udpRange(4);
        engine = new DefaultMediaEngine(new MediaConfig(
                "127.0.0.1",
                0,
                List.of("127.0.0.1"),
                "127.0.0.1",
                "127.0.0.1",
                range,
                range + 3,
                1,
                Duration.ofSeconds(20),
                Duration.ofSeconds(30),
                true));
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    @Test
    void droppedPacketsShowAsLossAndLowerTheMos() throws Exception {
        LegQuality clean = call(0);
        LegQuality impaired = call(10);
        System.out.printf("clean SIP leg: %s%nimpaired SIP leg (1 in 10 dropped): %s%n", clean, impaired);
        assertThat(clean.packetsLost()).isZero();
        assertThat(clean.mos()).isGreaterThan(4.2);
        assertThat(impaired.mos()).isLessThan(clean.mos() - 0.5);
    }

    /** One call of a few seconds to baresip, every {@code dropEvery}-th RTP packet from it dropped (0: none). */
    private LegQuality call(int dropEvery) throws Exception {
        CallMedia call = engine.createCall(
                new CallMediaRequest(
                        "impaired-" + dropEvery,
                        DefaultMediaEngineTest.chromiumOffer("chromium-offer-audio.sdp"),
                        new CallMediaRequest.SipLegOptions(false, true, false)),
                listener);
        int relayA = FreePorts.udpRange(2); // toward baresip: RTP, RTCP
        int relayB = FreePorts.udpRange(2); // toward the gateway
        String offer = call.sipOffer();
        int ourRtp = port(AUDIO_PORT, offer);
        int ourRtcp = RTCP_PORT.matcher(offer).find() ? port(RTCP_PORT, offer) : ourRtp + 1;
        try (Baresip callee = Baresip.toneCallee(440, List.of("g711.so"), false);
                SipUacCall sip = new SipUacCall(callee.sipPort);
                DroppingRelay rtp = new DroppingRelay(relayA, relayB, loopback(ourRtp), dropEvery);
                DroppingRelay rtcp = new DroppingRelay(relayA + 1, relayB + 1, loopback(ourRtcp), 0)) {
            String answer = sip.invite(ports(offer, relayA), Duration.ofSeconds(10));
            call.applySipAnswer(ports(answer, relayB), false);
            // 6 s of audio: the loss interval is 2 s, and baresip sends its first RTCP within about 5 s
            await(() -> call.stats().sip().packetsReceived() > 300, "6 s of audio from baresip", call);
            await(() -> rtcp.fromPeer.get() > 0, "an RTCP report from baresip", call);
            LegQuality q = call.stats().sip().quality();
            long expected = q.packetsLost() + rtp.fromPeer.get() - rtp.dropped.get();
            if (dropEvery > 0) {
                double measured = (double) q.packetsLost() / expected;
                assertThat(measured)
                        .as("loss measured vs dropped " + rtp.dropped.get() + " of " + rtp.fromPeer.get())
                        .isCloseTo(1.0 / dropEvery, within(0.02));
                assertThat(q.fractionLost()).isCloseTo(1.0 / dropEvery, within(0.04));
                assertThat(Math.abs(q.packetsLost() - rtp.dropped.get())).isLessThanOrEqualTo(2);
            }
            return q;
        } finally {
            call.close();
        }
    }

    private static InetSocketAddress loopback(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }

    private static int port(Pattern p, String sdp) {
        Matcher m = p.matcher(sdp);
        assertThat(m.find()).as(p + " in " + sdp).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** The SDP with its audio RTP port (and a=rtcp port, if any) moved to {@code rtp} and {@code rtp + 1}. */
    private static String ports(String sdp, int rtp) {
        String s = AUDIO_PORT.matcher(sdp).replaceFirst("m=audio " + rtp);
        return RTCP_PORT.matcher(s).replaceFirst("a=rtcp:" + (rtp + 1));
    }

    private static void await(BooleanSupplier condition, String what, CallMedia call) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what + ": " + call.stats()).isLessThan(deadline);
            Thread.sleep(20); // polling counters: there is no event for them
        }
    }
}
