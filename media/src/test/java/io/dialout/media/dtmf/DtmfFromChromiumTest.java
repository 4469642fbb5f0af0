package io.dialout.media.dtmf;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.media.negotiation.room.CodecPolicy;
import io.dialout.media.negotiation.room.RoomLocalParams;
import io.dialout.media.negotiation.room.RoomNegotiation;
import io.dialout.media.negotiation.room.RoomNegotiator;
import io.dialout.media.sdp.SessionDescription;
import io.dialout.media.webrtc.RoomEndpoint;
import io.dialout.media.webrtc.RoomPort;
import io.dialout.media.webrtc.dtls.DtlsIdentity;
import io.dialout.testkit.ChromiumPeer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A real RFC 4733 sender: Chromium's RTCDTMFSender, over a room leg negotiated by RoomNegotiator (telephone-event at
 * 48 kHz with Opus, at 8 kHz with G.711). Its decrypted telephone-event packets go through {@link DtmfReceiver}; every
 * digit must come out exactly once, in order, although Chromium sends updates and repeats each end packet.
 */
class DtmfFromChromiumTest {
    static final Duration DEADLINE = Duration.ofSeconds(30);
    static final String DIGITS = "159*#0D";

    @ParameterizedTest(name = "g711Only={0}")
    @CsvSource({"false, 48000", "true, 8000"})
    void chromiumDigitsAreReportedOnce(boolean g711Only, int clock) throws Exception {
        DtlsIdentity identity = DtlsIdentity.generate();
        try (RoomPort port = new RoomPort(new InetSocketAddress("127.0.0.1", 0), 1, identity);
                ChromiumPeer room = ChromiumPeer.launch(new ChromiumPeer.Options().audioToneHz(440))) {
            String ufrag = RoomEndpoint.randomUfrag();
            String pwd = RoomEndpoint.randomPassword();
            RoomNegotiation n = RoomNegotiator.answer(
                    SessionDescription.parse(room.createOffer()),
                    new RoomLocalParams(
                            ufrag,
                            pwd,
                            identity.fingerprintSha256(),
                            List.of("127.0.0.1"),
                            port.port(),
                            0x1234L,
                            0x5678L,
                            "dtmf-test"),
                    new CodecPolicy(g711Only, false, true));
            assertThat(n.roomTelephoneEventPt()).isPositive();
            Events events = new Events(n.roomTelephoneEventPt());
            RoomEndpoint ep = port.open(
                    new RoomEndpoint.Config(
                            ufrag,
                            pwd,
                            n.remoteUfrag(),
                            n.remotePwd(),
                            n.remoteFingerprintAlgorithm(),
                            n.remoteFingerprint(),
                            n.dtlsServer(),
                            DEADLINE,
                            DEADLINE),
                    events);
            room.setAnswer(n.answerSdp());
            room.awaitConnected(DEADLINE);
            assertThat(events.connected.await(DEADLINE.toSeconds(), TimeUnit.SECONDS))
                    .isTrue();

            room.sendDtmf(DIGITS, 100);
            // done once the last digit's end packet is in: loopback keeps order, so every earlier packet is too
            assertThat(events.lastEnd.await(DEADLINE.toSeconds(), TimeUnit.SECONDS))
                    .as("end of the last digit")
                    .isTrue();
            synchronized (events) {
                assertThat(events.digits.toString()).isEqualTo(DIGITS);
                assertThat(events.packets)
                        .as("updates and repeated end packets arrived")
                        .isGreaterThan(2 * DIGITS.length());
                // 100 ms at the telephone-event clock: the final duration of each event
                assertThat(events.endDuration.values())
                        .allSatisfy(d -> assertThat(d).isBetween(clock / 10 - clock / 50, clock / 10 + clock / 50));
            }
            ep.close();
        }
    }

    /** Feeds telephone-event packets to a DtmfReceiver; called on the RoomPort's one reader thread. */
    static final class Events implements RoomEndpoint.Handler {
        final CountDownLatch connected = new CountDownLatch(1);
        final CountDownLatch lastEnd = new CountDownLatch(1);
        final StringBuilder digits = new StringBuilder();
        final Map<Long, Integer> endDuration = new HashMap<>();
        final DtmfReceiver receiver = new DtmfReceiver();
        final int pt;
        int packets;

        Events(int pt) {
            this.pt = pt;
        }

        @Override
        public void connected() {
            connected.countDown();
        }

        @Override
        public void failed(String reason) {
            // the test's deadlines report it
        }

        @Override
        public synchronized void rtp(byte[] buf, int off, int len) {
            if ((buf[off + 1] & 0x7F) != pt || len < 16) {
                return;
            }
            int headerLength = 12 + 4 * (buf[off] & 0x0F);
            if ((buf[off] & 0x10) != 0) { // header extension (RFC 3550 section 5.3.1)
                int words = ((buf[off + headerLength + 2] & 0xFF) << 8) | (buf[off + headerLength + 3] & 0xFF);
                headerLength += 4 + 4 * words;
            }
            boolean marker = (buf[off + 1] & 0x80) != 0;
            long ts = ((buf[off + 4] & 0xFFL) << 24)
                    | ((buf[off + 5] & 0xFF) << 16)
                    | ((buf[off + 6] & 0xFF) << 8)
                    | (buf[off + 7] & 0xFF);
            packets++;
            char c = receiver.receive(marker, ts, buf, off + headerLength, len - headerLength);
            if (c != DtmfReceiver.NONE) {
                digits.append(c);
            }
            DtmfEvent e = DtmfEvent.decode(buf, off + headerLength, len - headerLength);
            if (e != null && e.end()) {
                endDuration.put(ts, e.duration());
                if (digits.length() == DIGITS.length()) {
                    lastEnd.countDown();
                }
            }
        }

        @Override
        public void rtcp(byte[] buf, int off, int len) {}
    }
}
