package io.dialout.media.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.media.CallMedia;
import io.dialout.media.CallMediaRequest;
import io.dialout.media.CallMediaStats;
import io.dialout.media.MediaConfig;
import io.dialout.media.MediaListener;
import io.dialout.testkit.Baresip;
import io.dialout.testkit.ChromiumPeer;
import io.dialout.testkit.FreePorts;
import io.dialout.testkit.Sipp;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole media path with real peers: headless Chromium as the room (ICE-lite, DTLS-SRTP against the engine's
 * shared port) and, as the callee, sipp (a real INVITE/200/ACK, its SDP answer, and -rtp_echo returning our RTP:
 * the browser's oscillator goes room -> engine -> sipp -> engine -> room and the browser must hear it back) or
 * baresip (its own 440 Hz sine must reach the room). The SDES case uses a small SRTP echo written here, as sipp's
 * echo has no SRTP.
 */
class EngineWithChromiumTest {

    private static final double TONE_HZ = 440;

    private DefaultMediaEngine engine;
    private Sipp sipp;
    private ChromiumPeer room;
    private int rangeStart;
    private final Events events = new Events();

    static final class Events implements MediaListener {
        final CompletableFuture<Void> connected = new CompletableFuture<>();
        final CompletableFuture<String> failure = new CompletableFuture<>();
        final List<String> dtmf = new CopyOnWriteArrayList<>();

        @Override
        public void roomConnected() {
            connected.complete(null);
        }

        @Override
        public void mediaFailure(String reason) {
            failure.complete(reason);
        }

        @Override
        public void dtmfFromSip(char digit) {
            dtmf.add("sip:" + digit);
        }

        @Override
        public void dtmfFromRoom(char digit, boolean forwarded) {
            dtmf.add("room:" + digit + ":" + forwarded);
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        rangeStart = FreePorts.udpRange(20);
        engine = new DefaultMediaEngine(config());
        sipp = Sipp.scenarioResource("sipp/uas-pcmu-echo.xml")
                .rtpEcho()
                .timeout(Duration.ofSeconds(120))
                .start();
    }

    private MediaConfig config() {
        return loopbackConfig(rangeStart);
    }

    /** The engine on loopback with two I/O loops and 20 SIP-side ports from {@code rangeStart} (Chromium tests). */
    static MediaConfig loopbackConfig(int rangeStart) {
        return new MediaConfig(
                "127.0.0.1",
                0,
                List.of("127.0.0.1"),
                "127.0.0.1",
                "127.0.0.1",
                rangeStart,
                rangeStart + 19,
                2,
                Duration.ofSeconds(20),
                Duration.ofSeconds(3),
                true);
    }

    private static final Pattern VIDEO_RTPMAP = Pattern.compile("a=rtpmap:(\\d+) (VP8|H264)/90000");

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

    private CallMedia connect(CallMediaRequest.SipLegOptions options, SipUacCall sip) throws Exception {
        room = ChromiumPeer.launch(new ChromiumPeer.Options().audioToneHz(TONE_HZ));
        CallMedia call = engine.createCall(new CallMediaRequest("chromium", room.createOffer(), options), events);
        room.setAnswer(call.roomAnswer());
        room.awaitConnected(Duration.ofSeconds(20));
        events.connected.get(20, TimeUnit.SECONDS);
        String answer = sip.invite(call.sipOffer(), Duration.ofSeconds(10));
        call.applySipAnswer(answer, false);
        return call;
    }

    private void assertToneComesBack(CallMedia call) {
        room.awaitAtLeast(room::inboundAudioPackets, 100, Duration.ofSeconds(15));
        ChromiumPeer.ToneReading tone = room.measureInboundTone(1500);
        assertThat(tone.frequencyHz()).as("tone heard by the room: " + tone).isBetween(TONE_HZ - 15, TONE_HZ + 15);
        CallMediaStats s = call.stats();
        assertThat(s.roomConnected()).isTrue();
        assertThat(s.room().packetsReceived()).isGreaterThan(50);
        assertThat(s.room().packetsSent()).isGreaterThan(50);
        assertThat(s.sip().packetsSent()).isGreaterThan(50);
        assertThat(s.sip().packetsReceived()).isGreaterThan(50);
    }

    /**
     * The room's RTCDTMFSender digits reach SIP as RFC 4733 (reported as forwarded), sipp echoes them, and they come
     * back reported once each as digits from SIP.
     */
    private void assertDtmfRoundTrip(CallMedia call) throws InterruptedException {
        room.sendDtmf("19#", 100);
        long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (events.dtmf.size() < 6 && System.nanoTime() < end) {
            Thread.sleep(20); // the listener records events; poll its list
        }
        assertThat(events.dtmf)
                .containsExactlyInAnyOrder("room:1:true", "room:9:true", "room:#:true", "sip:1", "sip:9", "sip:#");
        assertThat(events.dtmf.stream().filter(e -> e.startsWith("room:")).toList())
                .containsExactly("room:1:true", "room:9:true", "room:#:true");
        assertThat(call.sipAcceptsTelephoneEvent()).isTrue();
    }

    /** A far-end re-INVITE with a=sendonly (RFC 3264 section 8.4): we stop sending to SIP; sendrecv resumes. */
    private void assertRemoteHoldStopsSendingTowardSip(CallMedia call) throws Exception {
        String reoffer = "v=0\r\no=callee 1 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + sipp.mediaPort() + " RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\na=sendonly\r\n";
        CallMedia.SipReofferAnswer held = call.answerSipReoffer(reoffer);
        assertThat(held.remoteDirection()).isEqualTo(io.dialout.media.Direction.SENDONLY);
        assertThat(held.sdp()).contains("a=recvonly");
        long roomIn = call.stats().room().packetsReceived();
        long sipOut = call.stats().sip().packetsSent();
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (call.stats().room().packetsReceived() < roomIn + 50 && System.nanoTime() < end) {
            Thread.sleep(20); // counters only: wait until the room sent another second of audio
        }
        assertThat(call.stats().room().packetsReceived()).isGreaterThanOrEqualTo(roomIn + 50);
        // at most the packets in flight while the re-offer task reached the I/O thread
        assertThat(call.stats().sip().packetsSent())
                .as("sent toward a holding callee")
                .isLessThanOrEqualTo(sipOut + 5);
        CallMedia.SipReofferAnswer resumed = call.answerSipReoffer(
                reoffer.replace("a=sendonly", "a=sendrecv").replace("o=callee 1 2", "o=callee 1 3"));
        assertThat(resumed.remoteDirection()).isEqualTo(io.dialout.media.Direction.SENDRECV);
        long again = call.stats().sip().packetsSent();
        end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (call.stats().sip().packetsSent() < again + 50 && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertThat(call.stats().sip().packetsSent()).isGreaterThanOrEqualTo(again + 50);
    }

    /**
     * Our regenerated RTCP toward the room is understood by the browser: it shows our sender reports, and computes
     * round-trip times from our receiver report blocks (so LSR/DLSR are right, RFC 3550 section 6.4.1).
     */
    private void assertRtcpReachesTheRoom() {
        long srs = room.awaitAtLeast(
                () -> room.statSum("remote-outbound-rtp", "audio", "reportsSent"), 1, Duration.ofSeconds(15));
        assertThat(srs).as("our SRs seen by the room").isGreaterThanOrEqualTo(1);
        long rtts = room.awaitAtLeast(
                () -> room.statSum("remote-inbound-rtp", "audio", "roundTripTimeMeasurements"),
                1,
                Duration.ofSeconds(15));
        assertThat(rtts).as("RTT measurements from our RR blocks").isGreaterThanOrEqualTo(1);
    }

    @Test
    void passThroughPcmuEchoesTheRoomsToneBack() throws Exception {
        try (SipUacCall sip = new SipUacCall(sipp.localPort())) {
            CallMedia call = connect(new CallMediaRequest.SipLegOptions(false, true, false), sip);
            assertThat(call.roomAnswer()).contains("PCMU/8000");
            assertThat(call.stats().transcoding()).isFalse();
            assertToneComesBack(call);
            assertThat(call.stats().sip().audioCodec()).isEqualTo("PCMU/8000");
            assertDtmfRoundTrip(call);
            events.dtmf.clear();
            call.sendDtmfToSip("*5", 80); // our own RFC 4733 toward SIP, echoed back by sipp
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (events.dtmf.size() < 2 && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertThat(events.dtmf).containsExactly("sip:*", "sip:5");
            assertRemoteHoldStopsSendingTowardSip(call);
            assertRtcpReachesTheRoom();
            call.close();
        }
    }

    @Test
    void opusRoomToPcmuCalleeIsTranscodedBothWays() throws Exception {
        try (SipUacCall sip = new SipUacCall(sipp.localPort())) {
            CallMedia call = connect(new CallMediaRequest.SipLegOptions(false, false, false), sip);
            assertThat(call.stats().room().audioCodec()).startsWith("opus/48000");
            assertThat(call.stats().transcoding()).isTrue();
            assertToneComesBack(call);
            assertDtmfRoundTrip(call); // room events at 48 kHz, SIP's at 8 kHz
            call.close();
        }
    }

    /**
     * Two I/O loops but one room socket (read by loop 0) and the call started on loop 1: the room's first media
     * packet, read by loop 0, moves the call there (SIP sockets, transcoders, tick), and the tone still goes round
     * both ways, transcoded, with DTMF.
     */
    @Test
    void callMovesToTheLoopThatReadsItsRoomPackets() throws Exception {
        engine.close();
        engine = new DefaultMediaEngine(config(), 1);
        engine.placeCallsOn(1);
        try (SipUacCall sip = new SipUacCall(sipp.localPort())) {
            DefaultCallMedia call =
                    (DefaultCallMedia) connect(new CallMediaRequest.SipLegOptions(false, false, false), sip);
            assertThat(call.stats().transcoding()).isTrue();
            assertToneComesBack(call);
            assertThat(call.ioLoop()).as("the call's loop").isSameAs(engine.loop(0));
            assertThat(call.moves()).isEqualTo(1);
            assertDtmfRoundTrip(call);
            call.close();
        }
    }

    @Test
    void sdesSrtpLegCarriesTheToneBothWays() throws Exception {
        room = ChromiumPeer.launch(new ChromiumPeer.Options().audioToneHz(TONE_HZ));
        CallMedia call = engine.createCall(
                new CallMediaRequest(
                        "chromium-sdes", room.createOffer(), new CallMediaRequest.SipLegOptions(true, true, false)),
                events);
        room.setAnswer(call.roomAnswer());
        room.awaitConnected(Duration.ofSeconds(20));
        assertThat(call.sipOffer()).contains("RTP/SAVP");
        try (SdesEchoCallee callee = new SdesEchoCallee(call.sipOffer())) {
            call.applySipAnswer(callee.answer(), false);
            assertToneComesBack(call);
            assertThat(callee.echoed()).isGreaterThan(50);
            assertThat(callee.rejected())
                    .as("packets that failed SRTP authentication at the callee")
                    .isZero();
            call.close();
        }
    }

    /** The room hears the callee's own tone (baresip's ausine, 440 Hz) while the room itself plays 660 Hz. */
    private void assertRoomHearsBaresip(
            CallMediaRequest.SipLegOptions options,
            List<String> modules,
            boolean srtp,
            boolean transcoding,
            String sipCodec)
            throws Exception {
        room = ChromiumPeer.launch(new ChromiumPeer.Options().audioToneHz(660));
        CallMedia call =
                engine.createCall(new CallMediaRequest("chromium-baresip", room.createOffer(), options), events);
        room.setAnswer(call.roomAnswer());
        room.awaitConnected(Duration.ofSeconds(20));
        try (Baresip callee = Baresip.toneCallee(440, modules, srtp);
                SipUacCall sip = new SipUacCall(callee.sipPort)) {
            call.applySipAnswer(sip.invite(call.sipOffer(), Duration.ofSeconds(10)), false);
            assertThat(call.stats().transcoding()).isEqualTo(transcoding);
            assertThat(call.stats().sip().audioCodec()).isEqualTo(sipCodec);
            room.awaitAtLeast(room::inboundAudioPackets, 100, Duration.ofSeconds(15));
            ChromiumPeer.ToneReading tone = room.measureInboundTone(1500);
            assertThat(tone.frequencyHz())
                    .as("the room hears baresip: " + tone + " " + call.stats())
                    .isBetween(425.0, 455.0);
            assertThat(call.stats().sip().packetsSent())
                    .as("the room's audio went to baresip")
                    .isGreaterThan(50);
            call.close();
        }
    }

    @Test
    void roomHearsARealCalleeOverOpusPassThrough() throws Exception {
        assertRoomHearsBaresip(
                new CallMediaRequest.SipLegOptions(false, false, false),
                List.of("opus.so", "g711.so"),
                false,
                false,
                "opus/48000/2");
    }

    @Test
    void roomHearsARealSdesCalleeThroughTranscoding() throws Exception {
        assertRoomHearsBaresip(
                new CallMediaRequest.SipLegOptions(true, false, false), List.of("g711.so"), true, true, "PCMU/8000");
    }

    @Test
    void videoPassesThroughToSipAndBack() throws Exception {
        room = ChromiumPeer.launch(
                new ChromiumPeer.Options().audioToneHz(TONE_HZ).video(true));
        CallMedia call = engine.createCall(
                new CallMediaRequest(
                        "chromium-video", room.createOffer(), new CallMediaRequest.SipLegOptions(false, true, true)),
                events);
        room.setAnswer(call.roomAnswer());
        room.awaitConnected(Duration.ofSeconds(20));
        String offer = call.sipOffer();
        Matcher m = VIDEO_RTPMAP.matcher(offer.substring(offer.indexOf("m=video")));
        assertThat(m.find()).as(offer).isTrue();
        sipp.close(); // this callee must answer with the video codec we offer
        sipp = Sipp.scenarioResource("sipp/uas-pcmu-video-echo.xml")
                .rtpEcho()
                .set("vpt", m.group(1))
                .set("vcodec", m.group(2))
                .timeout(Duration.ofSeconds(120))
                .start();
        try (SipUacCall sip = new SipUacCall(sipp.localPort())) {
            call.applySipAnswer(sip.invite(offer, Duration.ofSeconds(10)), false);
            assertThat(call.stats().sip().videoCodec()).isEqualTo(m.group(2) + "/90000");
            long frames = room.awaitAtLeast(room::framesDecoded, 30, Duration.ofSeconds(20));
            assertThat(frames)
                    .as("frames the room decoded from its own video echoed through SIP: " + call.stats())
                    .isGreaterThanOrEqualTo(30);
            assertThat(call.stats().room().videoCodec()).isEqualTo(m.group(2) + "/90000");
            call.close();
        }
    }

    @Test
    void mediaTimeoutFiresWhenTheSipLegGoesSilent() throws Exception {
        try (SipUacCall sip = new SipUacCall(sipp.localPort())) {
            CallMedia call = connect(new CallMediaRequest.SipLegOptions(false, true, false), sip);
            room.awaitAtLeast(room::inboundAudioPackets, 50, Duration.ofSeconds(15));
            call.armMediaTimeout(true);
            long flowing = call.stats().sip().packetsReceived();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (call.stats().sip().packetsReceived() < flowing + 150 && System.nanoTime() < deadline) {
                Thread.sleep(20); // polling a counter: there is no event for "packets keep coming"
            }
            assertThat(events.failure)
                    .as("armed while media flows: " + call.stats())
                    .isNotDone();
            sipp.close(); // the callee's media stops (closing the room would end DTLS first, a failure of its own)
            sipp = null;
            assertThat(events.failure.get(15, TimeUnit.SECONDS)).isEqualTo("no RTP from SIP for 3 s");
            call.close();
        }
        assertThat(engine.freeSipPortPairs()).isEqualTo(10);
    }
}
