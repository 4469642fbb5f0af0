package io.dialout.media.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.media.sdp.CodecPolicy;
import io.dialout.media.sdp.RoomLocalParams;
import io.dialout.media.sdp.RoomNegotiation;
import io.dialout.media.sdp.RoomNegotiator;
import io.dialout.media.sdp.SessionDescription;
import io.dialout.media.webrtc.dtls.DtlsIdentity;
import io.dialout.media.webrtc.srtp.SrtpSession;
import io.dialout.testkit.ChromiumPeer;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real peer: headless Chromium offers, {@link RoomNegotiator} answers with this endpoint's ICE credentials,
 * fingerprint and the shared port on 127.0.0.1; ICE-lite + DTLS complete, Chromium's SRTP audio decrypts here,
 * and SRTP audio we send is counted by Chromium's getStats().
 */
class RoomEndpointChromiumTest {
    private static final Logger LOG = LoggerFactory.getLogger(RoomEndpointChromiumTest.class);
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Test
    void chromiumConnectsAndSrtpFlowsBothWays() throws Exception {
        DtlsIdentity identity = DtlsIdentity.generate();
        try (RoomPort port = new RoomPort(new InetSocketAddress("127.0.0.1", 0), 2, identity);
             ChromiumPeer room = ChromiumPeer.launch(new ChromiumPeer.Options().audioToneHz(440))) {
            String offer = room.createOffer();
            String ufrag = RoomEndpoint.randomUfrag();
            String pwd = RoomEndpoint.randomPassword();
            long audioSsrc = 0x5eed1234L;
            RoomNegotiation neg = RoomNegotiator.answer(SessionDescription.parse(offer),
                    new RoomLocalParams(ufrag, pwd, identity.fingerprintSha256(), List.of("127.0.0.1"),
                            port.port(), audioSsrc, 0x5eed5678L, "gateway-test"),
                    CodecPolicy.DEFAULT);
            assertThat(neg.dtlsServer()).as("Chromium offers actpass, so we are the DTLS server").isTrue();
            int audioPt = neg.audio().payloadType();

            AtomicInteger audioPackets = new AtomicInteger();
            AtomicInteger otherPackets = new AtomicInteger();
            RecordingHandler h = new RecordingHandler() {
                @Override
                public void rtp(byte[] buf, int off, int len) {
                    super.rtp(buf, off, len);
                    if ((buf[off + 1] & 0x7F) == audioPt) {
                        audioPackets.incrementAndGet();
                    } else {
                        otherPackets.incrementAndGet();
                    }
                }
            };
            RoomEndpoint ep = port.open(new RoomEndpoint.Config(ufrag, pwd, neg.remoteUfrag(), neg.remotePwd(),
                    neg.remoteFingerprintAlgorithm(), neg.remoteFingerprint(), neg.dtlsServer(),
                    Duration.ofSeconds(20), Duration.ofSeconds(30)), h);

            room.setAnswer(neg.answerSdp());
            room.awaitConnected(DEADLINE);
            assertThat(h.connected.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("endpoint connected").isTrue();
            LOG.info("connected: profile {}, remote {}, {} checks", ep.srtpProfile(), ep.remoteAddress(),
                    ep.stunChecks());

            // Chromium -> gateway: its Opus (20 ms packets) decrypts with the exported client keys.
            RoomPortTest.await(() -> audioPackets.get() >= 50, "50 audio packets from Chromium");
            assertThat(h.lastRtp[1] & 0x7F).isEqualTo(audioPt);
            assertThat(ep.srtpAuthFailures()).isZero();

            // Gateway -> Chromium: Opus packets protected with the server keys; Chromium counts what it decrypts.
            byte[] pkt = new byte[12 + 3 + SrtpSession.MAX_OVERHEAD];
            for (int seq = 1; seq <= 100 && room.inboundAudioPackets() < 50; seq++) {
                ByteBuffer.wrap(pkt).put((byte) 0x80).put((byte) audioPt).putShort((short) seq)
                        .putInt(seq * 960).putInt((int) audioSsrc)
                        .put((byte) 0xF8).put((byte) 0xFF).put((byte) 0xFE); // an Opus 20 ms silence frame
                assertThat(ep.sendRtp(pkt, 0, 15)).isTrue();
                Thread.sleep(20); // pacing like a real 20 ms audio stream
            }
            long heard = room.awaitAtLeast(room::inboundAudioPackets, 50, DEADLINE);
            LOG.info("Chromium received {} of our packets; we received {} audio, {} other, {} rtcp; {}",
                    heard, audioPackets.get(), otherPackets.get(), h.rtcp.get(), room.states());
            assertThat(heard).isGreaterThanOrEqualTo(50);
            assertThat(h.failedCalls.get()).isZero();
            ep.close();
        }
    }
}
