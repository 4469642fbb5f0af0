package io.dialout.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dialout.demo.media.RtpPeer;
import io.dialout.media.codec.AudioCodecs;
import io.dialout.media.codec.AudioDecoder;
import io.dialout.media.codec.AudioFormat;
import io.dialout.media.codec.CodecOptions;
import io.dialout.media.codec.G711;
import io.dialout.media.rtp.RtpPacket;
import io.dialout.testkit.Sipp;
import io.dialout.testkit.Tone;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Media of the answering users, end to end: sipp places the call with an SDP offer naming a port that the test owns,
 * and the test exchanges real RTP with the demo on it, measuring the audio that comes back.
 */
class DemoMediaTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final Duration PACKET_WAIT = Duration.ofSeconds(2);
    private static DemoSipEndpoint demo;

    @BeforeAll
    static void start() throws Exception {
        demo = DemoSipEndpoint.start(DemoConfig.loopback());
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    private static Sipp call(String scenario, String user, RtpPeer peer, String formats, int holdMs) {
        return Sipp.scenarioResource("sipp/" + scenario)
                .remote("127.0.0.1:" + demo.sipPort())
                .set("user", user)
                .set("aport", String.valueOf(peer.port()))
                .set("formats", formats)
                .arg("-d", String.valueOf(holdMs))
                .timeout(DEADLINE)
                .start();
    }

    @Test
    void echoSendsTheSameToneBackWithItsOwnSsrc() {
        try (RtpPeer peer = new RtpPeer();
                Sipp sipp = call("uac-call.xml", "echo", peer, "0 101", 2000)) {
            int port = SippTrace.mediaPort(SippTrace.awaitInviteOk(sipp, DEADLINE), "audio");
            short[] sent = Tone.sine(440, 8000, 1000, 0.25);
            short[] back = new short[sent.length];
            long mySsrc = 0x11223344L;
            List<RtpPacket> echoed = new ArrayList<>();
            for (int i = 0; i < 50; i++) { // one packet out, its echo back: no pacing or loss to reason about
                byte[] payload = new byte[160];
                G711.encodeUlaw(sent, i * 160, 160, payload, 0);
                peer.send(port, i == 0, 0, 1000 + i, 5000 + 160L * i, mySsrc, payload);
                RtpPacket p = peer.receive(PACKET_WAIT);
                assertThat(p).as("echo of packet %d", i).isNotNull();
                assertThat(p.isValid()).isTrue();
                G711.decodeUlaw(RtpPeer.payload(p), 0, 160, back, i * 160);
                echoed.add(p);
            }
            long echoSsrc = echoed.get(0).ssrc();
            assertThat(echoSsrc).isNotEqualTo(mySsrc);
            for (int i = 1; i < echoed.size(); i++) {
                RtpPacket p = echoed.get(i);
                assertThat(p.ssrc()).isEqualTo(echoSsrc);
                assertThat(p.payloadType()).isZero();
                assertThat(p.sequence()).isEqualTo((echoed.get(i - 1).sequence() + 1) & 0xffff);
                assertThat(p.timestamp()).isEqualTo((echoed.get(i - 1).timestamp() + 160) & 0xffffffffL);
            }
            double f = Tone.dominantFrequency(back, 8000, 200, 3500);
            System.out.printf(
                    "echo returned %.1f Hz at %.2f dBFS (sent %.2f dBFS)%n", f, Tone.rmsDbfs(back), Tone.rmsDbfs(sent));
            assertThat(f).isCloseTo(440, within(2.0));
            assertThat(Tone.rmsDbfs(back)).isCloseTo(Tone.rmsDbfs(sent), within(0.5));
            assertThat(sipp.awaitExit(DEADLINE)).as(sipp::output).isZero();
        }
        DemoSignallingTest.awaitNoCalls(demo);
    }

    @Test
    void echoLoopsVideoToo() {
        try (RtpPeer audio = new RtpPeer();
                RtpPeer video = new RtpPeer();
                Sipp sipp = Sipp.scenarioResource("sipp/uac-call-av.xml")
                        .remote("127.0.0.1:" + demo.sipPort())
                        .set("user", "echo")
                        .set("aport", String.valueOf(audio.port()))
                        .set("vport", String.valueOf(video.port()))
                        .set("formats", "0")
                        .arg("-d", "2000")
                        .timeout(DEADLINE)
                        .start()) {
            String ok = SippTrace.awaitInviteOk(sipp, DEADLINE);
            assertThat(ok).containsPattern("m=video \\d+ RTP/AVP 96\r?\n").contains("a=rtcp-fb:96 nack pli");
            int port = SippTrace.mediaPort(ok, "video");
            for (int i = 0; i < 10; i++) {
                byte[] frame = {(byte) 0x90, (byte) 0x80, (byte) i, 1, 2, 3};
                video.send(port, i == 9, 96, 7000 + i, 90000, 0xCAFEL, frame);
                RtpPacket p = video.receive(PACKET_WAIT);
                assertThat(p).as("video echo %d", i).isNotNull();
                assertThat(p.payloadType()).isEqualTo(96);
                assertThat(p.ssrc()).isNotEqualTo(0xCAFEL);
                assertThat(p.marker()).isEqualTo(i == 9);
                assertThat(RtpPeer.payload(p)).containsExactly(frame);
            }
            assertThat(sipp.awaitExit(DEADLINE)).as(sipp::output).isZero();
        }
        DemoSignallingTest.awaitNoCalls(demo);
    }

    @ParameterizedTest(name = "offer {0} -> PT {1}")
    @CsvSource({"0 101, 0", "8 0, 8", "18 9 0, 9"})
    void toneSendsA440HzSineAtMinus12Dbfs(String formats, int expectedPt) {
        try (RtpPeer peer = new RtpPeer();
                Sipp sipp = call("uac-call.xml", "tone", peer, formats, 2500)) {
            String ok = SippTrace.awaitInviteOk(sipp, DEADLINE);
            assertThat(ok).containsPattern("m=audio \\d+ RTP/AVP " + expectedPt + "\r?\n"); // no telephone-event
            AudioFormat format = switch (expectedPt) {
                case 0 -> AudioFormat.pcmu();
                case 8 -> AudioFormat.pcma();
                default -> AudioFormat.g722();
            };
            short[] pcm = new short[format.sampleRate()]; // one second
            int frame = format.samplesPerFrame();
            RtpPacket prev = null;
            try (AudioDecoder decoder = AudioCodecs.decoder(format, CodecOptions.DEFAULT)) {
                short[] f = new short[frame];
                for (int i = 0; i < 50; i++) {
                    RtpPacket p = peer.receive(PACKET_WAIT);
                    assertThat(p).as("tone packet %d", i).isNotNull();
                    assertThat(p.payloadType()).isEqualTo(expectedPt);
                    if (prev != null) {
                        assertThat(p.ssrc()).isEqualTo(prev.ssrc());
                        assertThat(p.sequence()).isEqualTo((prev.sequence() + 1) & 0xffff);
                        assertThat(p.timestamp()).isEqualTo((prev.timestamp() + 160) & 0xffffffffL);
                    }
                    byte[] payload = RtpPeer.payload(p);
                    assertThat(decoder.decode(payload, 0, payload.length, f)).isEqualTo(frame);
                    System.arraycopy(f, 0, pcm, i * frame, frame);
                    prev = p;
                }
            }
            // Skip the codec's start-up (G.722's ADPCM predictor settles within a few ms).
            short[] steady = java.util.Arrays.copyOfRange(pcm, frame, pcm.length);
            double f = Tone.dominantFrequency(steady, format.sampleRate(), 200, 3500);
            double level = Tone.rmsDbfs(steady);
            double purity = Tone.purity(steady, format.sampleRate(), 440);
            System.out.printf("tone in %s: %.1f Hz at %.2f dBFS, purity %.3f%n", format.name(), f, level, purity);
            assertThat(f).isCloseTo(440, within(2.0));
            assertThat(level).isCloseTo(-12, within(1.0));
            assertThat(purity).isGreaterThan(0.9);
            assertThat(sipp.awaitExit(DEADLINE)).as(sipp::output).isZero();
        }
        DemoSignallingTest.awaitNoCalls(demo);
    }

    @Test
    void ivrSendsEachDigitBackAsRfc4733Events() {
        try (RtpPeer peer = new RtpPeer();
                Sipp sipp = call("uac-ivr-rtp.xml", "ivr", peer, "0 101", 3000)) {
            String ok = SippTrace.awaitInviteOk(sipp, DEADLINE);
            assertThat(ok).containsPattern("m=audio \\d+ RTP/AVP 0 101\r?\n");
            int port = SippTrace.mediaPort(ok, "audio");
            sendDigits(peer, port, "12#");
            // sipp sent "5" by SIP INFO right after the ACK; the test sent 1, 2 and # as RFC 4733 events.
            List<Character> digits = new ArrayList<>();
            List<RtpPacket> events = new ArrayList<>();
            long lastTs = -1;
            long end = System.nanoTime() + DEADLINE.toNanos();
            while (digits.size() < 4 && System.nanoTime() < end) {
                RtpPacket p = peer.receive(PACKET_WAIT);
                assertThat(p).as("digits so far %s", digits).isNotNull();
                if (p.payloadType() != 101) {
                    continue;
                }
                events.add(p);
                if (p.timestamp() != lastTs) {
                    lastTs = p.timestamp();
                    assertThat(p.marker())
                            .as("RFC 4733 2.5.1.2: an event starts with the marker bit")
                            .isTrue();
                    digits.add("0123456789*#".charAt(p.buffer()[p.payloadOffset()]));
                }
            }
            assertThat(digits).containsExactlyInAnyOrder('5', '1', '2', '#');
            // Each event ends with its end packet sent three times (RFC 4733 section 2.5.1.4); the last digit's
            // ends may still be on their way, so count the first three events'.
            java.util.Map<Long, Long> ends = events.stream()
                    .filter(e -> (e.buffer()[e.payloadOffset() + 1] & 0x80) != 0)
                    .collect(java.util.stream.Collectors.groupingBy(
                            RtpPacket::timestamp, java.util.stream.Collectors.counting()));
            long firstThree = events.stream()
                    .map(RtpPacket::timestamp)
                    .distinct()
                    .limit(3)
                    .filter(ts -> ends.getOrDefault(ts, 0L) == 3)
                    .count();
            assertThat(firstThree).isEqualTo(3);
            assertThat(digits.stream().filter(d -> d != '5').toList()).containsExactly('1', '2', '#');
            assertThat(sipp.awaitExit(DEADLINE)).as(sipp::output).isZero();
        }
        DemoSignallingTest.awaitNoCalls(demo);
    }

    /** RFC 4733 events as a keypad sends them: 100 ms each, start with marker, end sent three times. */
    private static void sendDigits(RtpPeer peer, int port, String digits) {
        long ssrc = 0x5151L;
        int seq = 100;
        long ts = 8000;
        for (char d : digits.toCharArray()) {
            int event = "0123456789*#".indexOf(d);
            for (int i = 1; i <= 7; i++) {
                int duration = Math.min(i, 5) * 160;
                boolean endBit = i >= 5;
                byte[] payload = {
                    (byte) event, (byte) ((endBit ? 0x80 : 0) | 10), (byte) (duration >> 8), (byte) duration
                };
                peer.send(port, i == 1, 101, seq++, ts, ssrc, payload);
            }
            ts += 160 * 10;
        }
    }
}
