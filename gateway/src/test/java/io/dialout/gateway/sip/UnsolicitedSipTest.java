package io.dialout.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.gateway.sip.ingress.SipIngressConfig;
import io.dialout.testkit.FreePorts;
import io.dialout.testkit.Sipp;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 14 item 6: requests outside our calls are answered only to trusted sources (here 127.0.0.1, standing for a
 * configured trunk), within a per-source rate limit. A stranger (sipp on 127.0.0.2) gets nothing at all: before, an
 * INVITE got a 403 and its ten retransmissions, and OPTIONS a 200 naming the product. SipFailureTest shows the
 * trusted side still answered as before.
 */
class UnsolicitedSipTest extends SippTestSupport {

    static final int LIMIT = 10;

    @Override
    SipIngressConfig ingress() {
        SipIngressConfig d = SipIngressConfig.trusting(List.of("127.0.0.1"));
        return new SipIngressConfig(
                d.trustedSources(),
                LIMIT,
                Duration.ofSeconds(1),
                d.maxMessageSize(),
                d.readTimeout(),
                d.maxTcpConnections(),
                d.maxTcpConnectionsPerSource(),
                d.tcpIdleTimeout(),
                d.malformedLogInterval());
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp"})
    void aStrangerGetsNoAnswerToInviteOrOptions(String transport) {
        try (Sipp stranger = Sipp.scenarioResource("sipp/uac_stranger.xml")
                .transport(sippTransport(transport))
                .arg("-i", "127.0.0.2")
                .mediaPort(FreePorts.udpPair())
                .remote("127.0.0.1:" + ua.port())
                .timeout(Duration.ofSeconds(20))
                .start()) {
            // sipp fails the call on any message it did not expect: a response, or a retransmitted one
            assertThat(stranger.awaitExit(WAIT))
                    .as(stranger.output() + stranger.messages())
                    .isZero();
            assertThat(stranger.count("^SIP/2.0 ")).as(stranger.messages()).isZero();
            assertThat(stranger.count("^INVITE sip:")).isEqualTo(1);
        }
        assertThat(ua.ingressCounters().droppedStranger()).isEqualTo(2);
        assertThat(ua.activeCalls()).isZero();
    }

    @Test
    void aTrustedSourceIsSilencedPastItsRateLimit() throws Exception {
        try (DatagramSocket trunk = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            trunk.setSoTimeout(1000);
            for (int i = 0; i < 60; i++) {
                send(trunk, options(trunk, "flood-" + i));
            }
            int answered = countResponses(trunk);
            // pike-style windows: at most LIMIT in the window the burst started in, and none in the next one (the
            // source went over the limit); a burst split by a window boundary can get LIMIT in each
            assertThat(answered).isBetween(1, 2 * LIMIT);
            assertThat(ua.ingressCounters().droppedRate()).isGreaterThanOrEqualTo(60 - 2L * LIMIT);

            // after a whole window below the limit the source is answered again
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            int again = 0;
            for (int i = 0; again == 0 && System.nanoTime() < deadline; i++) {
                send(trunk, options(trunk, "later-" + i)); // one per second: under the limit
                again = countResponses(trunk);
            }
            assertThat(again).as("answered once the flood stopped").isEqualTo(1);
        }
    }

    private void send(DatagramSocket s, String message) throws Exception {
        byte[] b = message.getBytes(StandardCharsets.US_ASCII);
        s.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), ua.port()));
    }

    /** Responses until one second passes without any. */
    private static int countResponses(DatagramSocket s) throws Exception {
        int n = 0;
        byte[] buf = new byte[65536];
        while (true) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                s.receive(p);
            } catch (SocketTimeoutException quiet) {
                return n;
            }
            if (new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII).startsWith("SIP/2.0 200")) {
                n++;
            }
        }
    }

    static String options(DatagramSocket from, String callId) {
        String local = "127.0.0.1:" + from.getLocalPort();
        return "OPTIONS sip:gateway@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + local + ";branch=z9hG4bK-" + callId + "\r\n"
                + "From: <sip:trunk@" + local + ">;tag=" + callId + "\r\n"
                + "To: <sip:gateway@127.0.0.1>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Max-Forwards: 70\r\n"
                + "Content-Length: 0\r\n\r\n";
    }
}
