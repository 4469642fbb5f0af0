package io.dialout.demo.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.demo.sdp.AnswerPolicy;
import io.dialout.demo.sdp.MediaAnswer;
import io.dialout.demo.sdp.Negotiation;
import io.dialout.demo.sdp.SdpAnswerWriter.LocalPorts;
import io.dialout.demo.sdp.SdpOffer;
import io.dialout.media.Direction;
import io.dialout.media.rtp.Bytes;
import io.dialout.media.rtp.RtcpWriter;
import io.dialout.media.rtp.RtpPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A call's media on real loopback sockets, without SIP: echo of audio, video and RTCP; hold; port release. */
class MediaSessionTest {
    private static final Duration WAIT = Duration.ofSeconds(2);
    private ScheduledExecutorService scheduler;
    private MediaContext context;

    @BeforeEach
    void start() throws Exception {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        context = new MediaContext("127.0.0.1", 0, 0, scheduler);
    }

    @AfterEach
    void stop() {
        context.close();
        scheduler.shutdownNow();
    }

    private static String offer(int audioPort, int videoPort, Direction d) {
        return "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + audioPort + " RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\na=" + d.attribute()
                + "\r\n"
                + "m=video " + videoPort + " RTP/AVP 96 97\r\na=rtpmap:96 VP8/90000\r\na=rtcp-fb:96 nack pli\r\n"
                + "a=rtpmap:97 rtx/90000\r\na=fmtp:97 apt=96\r\na=" + d.attribute() + "\r\n";
    }

    private static List<MediaAnswer> echo(String sdp) {
        return Negotiation.answer(SdpOffer.parse(sdp), AnswerPolicy.ECHO);
    }

    @Test
    void videoIsEchoedWithContinuousNumberingAcrossASourceChange() throws Exception {
        try (RtpPeer audio = new RtpPeer();
                RtpPeer video = new RtpPeer();
                MediaSession s = MediaSession.open(
                        context,
                        MediaRole.ECHO,
                        440,
                        echo(offer(audio.port(), video.port(), Direction.SENDRECV)),
                        null)) {
            int port = s.localPorts().get(1).rtp();
            byte[] frame = {1, 2, 3, 4, 5};
            video.send(port, true, 96, 500, 90000, 0xAAAAL, frame);
            RtpPacket first = video.receive(WAIT);
            assertThat(first.payloadType()).isEqualTo(96);
            assertThat(first.ssrc()).isNotEqualTo(0xAAAAL);
            assertThat(RtpPeer.payload(first)).containsExactly(frame);
            // A new source with unrelated numbering (the caller switched camera): the echo stays one stream.
            video.send(port, true, 96, 60000, 12345, 0xBBBBL, frame);
            RtpPacket second = video.receive(WAIT);
            assertThat(second.ssrc()).isEqualTo(first.ssrc());
            assertThat(second.sequence()).isEqualTo(first.sequence() + 1);
            assertThat(second.timestamp()).isGreaterThan(first.timestamp());
        }
    }

    @Test
    void rtcpComesBackWithTheSsrcsMirrored() throws Exception {
        try (RtpPeer audio = new RtpPeer();
                RtpPeer video = new RtpPeer();
                MediaSession s = MediaSession.open(
                        context,
                        MediaRole.ECHO,
                        440,
                        echo(offer(audio.port(), video.port(), Direction.SENDRECV)),
                        null)) {
            LocalPorts p = s.localPorts().get(1);
            video.send(p.rtp(), true, 96, 1, 1, 0xAAAAL, new byte[] {9});
            long echoSsrc = video.receive(WAIT).ssrc();
            // A PLI about the echoed stream must reach the caller as a PLI about its own stream (RFC 4585 6.3.1).
            byte[] pli = new byte[12];
            RtcpWriter.pli(pli, 0, 0xAAAAL, echoSsrc);
            video.sendRaw(p.rtcp(), pli);
            byte[] back = video.receiveRaw(WAIT);
            assertThat(back).isNotNull();
            assertThat(back[1] & 0xff).isEqualTo(206);
            assertThat(Bytes.u32(back, 4)).isEqualTo(echoSsrc);
            assertThat(Bytes.u32(back, 8)).isEqualTo(0xAAAAL);
        }
    }

    @Test
    void holdStopsTheEchoAndResumeContinuesTheSequence() throws Exception {
        try (RtpPeer audio = new RtpPeer();
                RtpPeer video = new RtpPeer()) {
            MediaSession s = MediaSession.open(
                    context, MediaRole.ECHO, 440, echo(offer(audio.port(), video.port(), Direction.SENDRECV)), null);
            int port = s.localPorts().get(0).rtp();
            audio.send(port, true, 0, 10, 160, 0x77L, new byte[] {1});
            RtpPacket before = audio.receive(WAIT);
            assertThat(before).isNotNull();

            for (Direction held : List.of(Direction.SENDONLY, Direction.INACTIVE)) {
                List<MediaAnswer> hold = echo(offer(audio.port(), video.port(), held));
                assertThat(hold.get(0).direction()).isEqualTo(held.reverse());
                s.update(hold);
                assertThat(s.localPorts().get(0).rtp()).isEqualTo(port); // same stream, same port
                long received = s.packetsReceived();
                for (int i = 0; i < 5; i++) {
                    audio.send(port, false, 0, 11 + i, 320 + 160L * i, 0x77L, new byte[] {2});
                }
                awaitReceived(s, received + 5); // the demo has seen them (and dropped them) before resuming
            }
            s.update(echo(offer(audio.port(), video.port(), Direction.SENDRECV)));
            audio.send(port, false, 0, 30, 3200, 0x77L, new byte[] {3});
            RtpPacket after = audio.receive(WAIT);
            // Packets sent on hold were not echoed: the first one back is the one sent after resuming.
            assertThat(RtpPeer.payload(after)).containsExactly(3);
            assertThat(after.sequence()).isEqualTo(before.sequence() + 1);
            assertThat(after.ssrc()).isEqualTo(before.ssrc());
            s.close();
        }
    }

    @Test
    void closeAndRefusalFreeThePorts() throws Exception {
        try (RtpPeer audio = new RtpPeer();
                RtpPeer video = new RtpPeer()) {
            MediaSession s = MediaSession.open(
                    context, MediaRole.ECHO, 440, echo(offer(audio.port(), video.port(), Direction.SENDRECV)), null);
            LocalPorts a = s.localPorts().get(0);
            LocalPorts v = s.localPorts().get(1);
            s.update(echo(offer(audio.port(), 0, Direction.SENDRECV))); // re-offer without video
            assertThat(s.localPorts().get(1)).isNull();
            awaitFree(v.rtp());
            awaitFree(v.rtcp());
            s.close();
            s.close(); // idempotent
            awaitFree(a.rtp());
            awaitFree(a.rtcp());
        }
    }

    @Test
    void toneStreamPacesOneFramePer20Ms() throws Exception {
        try (RtpPeer audio = new RtpPeer()) {
            String sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" + "m=audio "
                    + audio.port() + " RTP/AVP 0\r\n";
            try (MediaSession s = MediaSession.open(
                    context, MediaRole.TONE, 1000, Negotiation.answer(SdpOffer.parse(sdp), AnswerPolicy.TONE), null)) {
                RtpPacket first = audio.receive(WAIT);
                long t0 = System.nanoTime();
                RtpPacket last = first;
                for (int i = 0; i < 25; i++) {
                    last = audio.receive(WAIT);
                }
                long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
                assertThat(last.timestamp() - first.timestamp()).isEqualTo(25 * 160);
                // 25 frames of 20 ms: paced in real time, not sent in a burst (loose bound for a busy machine).
                assertThat(elapsedMs).isGreaterThan(200);
                assertThat(s.packetsSent()).isGreaterThanOrEqualTo(25); // counted just after each send
            }
        }
    }

    private static void awaitReceived(MediaSession s, long count) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (s.packetsReceived() < count) {
            if (System.nanoTime() > end) {
                throw new AssertionError("the demo received " + s.packetsReceived() + " packets, not " + count);
            }
            Thread.sleep(1); // polling a counter: the selector thread has no event for the test
        }
    }

    private static void awaitFree(int port) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try (DatagramSocket d = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                return;
            } catch (java.net.BindException busy) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("port " + port + " still bound");
                }
                Thread.sleep(5); // the selector releases a closed socket's port on its next wake-up
            } catch (java.net.SocketException e) {
                throw new AssertionError(e);
            }
        }
    }
}
