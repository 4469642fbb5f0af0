package io.dialout.media.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.media.negotiation.room.CodecPolicy;
import io.dialout.media.negotiation.room.RoomLocalParams;
import io.dialout.media.negotiation.room.RoomNegotiation;
import io.dialout.media.negotiation.room.RoomNegotiator;
import io.dialout.media.sdp.SessionDescription;
import io.dialout.media.srtp.SrtpProfile;
import io.dialout.media.srtp.SrtpSession;
import io.dialout.media.webrtc.dtls.DtlsIdentity;
import io.dialout.testkit.ChromiumPeer;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The real peer: headless Chromium offers, {@link RoomNegotiator} answers with this endpoint's ICE credentials,
 * fingerprint and the shared port on 127.0.0.1; ICE-lite + DTLS complete, Chromium's SRTP audio decrypts here,
 * and SRTP audio we send is counted by Chromium's getStats().
 */
class RoomEndpointChromiumTest {
    private static final System.Logger LOG = System.getLogger(RoomEndpointChromiumTest.class.getName());
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void chromiumConnectsAndSrtpFlowsBothWays(SrtpProfile profile) throws Exception {
        run(profile, true);
    }

    /**
     * The other DTLS role: answering a=setup:active (RFC 5763 section 5 lets the answerer pick) makes Chromium the
     * DTLS server and us the client, which starts its handshake when Chromium nominates the pair.
     */
    @Test
    void chromiumAsDtlsServerWhenWeAnswerActive() throws Exception {
        run(SrtpProfile.AEAD_AES_128_GCM, false);
    }

    private void run(SrtpProfile profile, boolean weAreDtlsServer) throws Exception {
        DtlsIdentity identity = DtlsIdentity.generate();
        try (RoomPort port = new RoomPort(new InetSocketAddress("127.0.0.1", 0), 2, identity, profile);
                ChromiumPeer room = ChromiumPeer.launch(
                        new ChromiumPeer.Options().audioToneHz(440).video(true))) {
            String offer = room.createOffer();
            String ufrag = RoomEndpoint.randomUfrag();
            String pwd = RoomEndpoint.randomPassword();
            long audioSsrc = 0x5eed1234L;
            RoomNegotiation neg = RoomNegotiator.answer(
                    SessionDescription.parse(offer),
                    new RoomLocalParams(
                            ufrag,
                            pwd,
                            identity.fingerprintSha256(),
                            List.of("127.0.0.1"),
                            port.port(),
                            audioSsrc,
                            0x5eed5678L,
                            "gateway-test"),
                    CodecPolicy.DEFAULT);
            assertThat(neg.dtlsServer())
                    .as("Chromium offers actpass, so we are the DTLS server")
                    .isTrue();
            String answer = neg.answerSdp();
            if (!weAreDtlsServer) {
                assertThat(answer).contains("a=setup:passive");
                answer = answer.replace("a=setup:passive", "a=setup:active");
            }
            int audioPt = neg.audio().payloadType();
            int videoPt = neg.video() == null ? -1 : neg.video().payloadType();

            AtomicInteger audioPackets = new AtomicInteger();
            AtomicInteger videoPackets = new AtomicInteger();
            AtomicInteger otherPackets = new AtomicInteger();
            RecordingHandler h = new RecordingHandler() {
                @Override
                public void rtp(byte[] buf, int off, int len) {
                    super.rtp(buf, off, len);
                    int pt = buf[off + 1] & 0x7F;
                    if (pt == audioPt) {
                        audioPackets.incrementAndGet();
                    } else if (pt == videoPt) {
                        videoPackets.incrementAndGet();
                    } else {
                        otherPackets.incrementAndGet();
                    }
                }
            };
            RoomEndpoint ep = port.open(
                    new RoomEndpoint.Config(
                            ufrag,
                            pwd,
                            neg.remoteUfrag(),
                            neg.remotePwd(),
                            neg.remoteFingerprintAlgorithm(),
                            neg.remoteFingerprint(),
                            weAreDtlsServer,
                            Duration.ofSeconds(20),
                            Duration.ofSeconds(30)),
                    h);

            long answeredAt = System.nanoTime();
            room.setAnswer(answer);
            assertThat(h.connected.await(DEADLINE.toSeconds(), TimeUnit.SECONDS))
                    .as("endpoint connected")
                    .isTrue();
            long connectMillis = (System.nanoTime() - answeredAt) / 1_000_000;
            room.awaitConnected(DEADLINE);
            LOG.log(
                    Level.INFO,
                    () -> String.format(
                            "connected %s ms after the answer as DTLS %s: profile %s, remote %s, %s checks",
                            connectMillis,
                            weAreDtlsServer ? "server" : "client",
                            ep.srtpProfile(),
                            ep.remoteAddress(),
                            ep.stunChecks()));
            assertThat(ep.srtpProfile()).isEqualTo(profile);

            // Chromium -> gateway: its Opus (20 ms packets) and video decrypt with the exported client keys.
            assertThat(videoPt).as("the answer accepts video").isPositive();
            RoomPortTest.await(() -> audioPackets.get() >= 50, "50 audio packets from Chromium");
            RoomPortTest.await(() -> videoPackets.get() >= 20, "20 video packets from Chromium");
            assertThat(otherPackets.get())
                    .as("only the negotiated payload types arrive")
                    .isZero();
            assertThat(ep.srtpAuthFailures()).isZero();

            // Gateway -> Chromium: Opus packets protected with the server keys; Chromium counts what it decrypts.
            byte[] pkt = new byte[12 + 3 + SrtpSession.MAX_OVERHEAD];
            for (int seq = 1; seq <= 100 && room.inboundAudioPackets() < 50; seq++) {
                ByteBuffer.wrap(pkt)
                        .put((byte) 0x80)
                        .put((byte) audioPt)
                        .putShort((short) seq)
                        .putInt(seq * 960)
                        .putInt((int) audioSsrc)
                        .put((byte) 0xF8)
                        .put((byte) 0xFF)
                        .put((byte) 0xFE); // an Opus 20 ms silence frame
                assertThat(ep.sendRtp(pkt, 0, 15)).isTrue();
                Thread.sleep(20); // pacing like a real 20 ms audio stream
            }
            long heard = room.awaitAtLeast(room::inboundAudioPackets, 50, DEADLINE);
            LOG.log(
                    Level.INFO,
                    () -> String.format(
                            "Chromium received %s of our packets; we received %s audio (%s), %s video (%s), %s other, "
                                    + "%s rtcp; %s",
                            heard,
                            audioPackets.get(),
                            neg.audio().name(),
                            videoPackets.get(),
                            neg.video().name(),
                            otherPackets.get(),
                            h.rtcp.get(),
                            room.states()));
            assertThat(heard).isGreaterThanOrEqualTo(50);
            assertThat(h.failedCalls.get()).isZero();
            assertThat(h.rtcp.get()).as("SRTCP from Chromium decrypts too").isPositive();
            ep.close();
        }
    }
}
