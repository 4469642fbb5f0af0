package io.dialout.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.testkit.FreePorts;
import io.dialout.testkit.Sipp;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Transport failures, timer B, and what the user agent answers to requests outside its calls. */
class SipFailureTest extends SippTestSupport {

    static InviteRequest to(String uri, String transport) throws Exception {
        return new InviteRequest(uri, "room-42", null, Map.of(), offer(), Trunk.direct("t", transport));
    }

    @Test
    void closedUdpPortFailsFastAsTransportThroughIcmp() throws Exception {
        int closed = FreePorts.udp(); // bound then released: nothing listens, loopback answers ICMP unreachable
        long start = System.nanoTime();
        ua.invite(to("sip:+15551234567@127.0.0.1:" + closed, "udp"), l);
        assertThat(l.awaitTerminated(WAIT)).containsExactly("failed 503 TRANSPORT", "terminated");
        // well before timer B (32 s with these timers): the ICMP probe after 100 ms caught it
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void closedTcpPortFailsAsTransport() throws Exception {
        int closed = FreePorts.tcp();
        ua.invite(to("sip:+15551234567@127.0.0.1:" + closed, "tcp"), l);
        assertThat(l.awaitTerminated(WAIT)).containsExactly("failed 503 TRANSPORT", "terminated");
    }

    @Test
    void unresolvableHostFailsAsTransport() throws Exception {
        // RFC 2606: .invalid never resolves
        ua.invite(to("sip:+15551234567@gateway-test.invalid", "udp"), l);
        assertThat(l.awaitTerminated(Duration.ofSeconds(30))).containsExactly("failed 503 TRANSPORT", "terminated");
    }

    @Test
    void silentPeerTimesOutWithTimerB() throws Exception {
        // T1 = 25 ms: timer B = 64*T1 = 1.6 s; the peer is a bound socket that reads and never answers (no ICMP)
        SipTimers tiny = TIMERS.scaled(0.05);
        try (JainSipUserAgent fast = new JainSipUserAgent(SipUserAgentConfig.loopback(tiny));
                DatagramSocket silent =
                        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            long start = System.nanoTime();
            fast.invite(to("sip:+15551234567@127.0.0.1:" + silent.getLocalPort(), "udp"), l);
            assertThat(l.awaitTerminated(WAIT)).containsExactly("failed 408 TIMEOUT", "terminated");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(tiny.timerB());
            // timer A (RFC 3261 section 17.1.1.2) retransmitted the INVITE: 0, 25, 75, 175, 375, 775 ms ...
            assertThat(countInvites(silent)).isGreaterThanOrEqualTo(5);
        }
    }

    private static int countInvites(DatagramSocket s) throws Exception {
        s.setSoTimeout(200);
        int n = 0;
        byte[] buf = new byte[4096];
        while (true) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                s.receive(p);
            } catch (SocketTimeoutException drained) {
                return n;
            }
            if (new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII).startsWith("INVITE ")) {
                n++;
            }
        }
    }

    @Test
    void cancelBeforeAnyResponseEndsAtTimerB() throws Exception {
        SipTimers tiny = TIMERS.scaled(0.05);
        try (JainSipUserAgent fast = new JainSipUserAgent(SipUserAgentConfig.loopback(tiny));
                DatagramSocket silent =
                        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            OutboundCall call = fast.invite(to("sip:+15551234567@127.0.0.1:" + silent.getLocalPort(), "udp"), l);
            call.cancel(); // RFC 3261 section 9.1: no CANCEL without a provisional; the INVITE times out instead
            assertThat(l.awaitTerminated(WAIT)).containsExactly("failed 408 TIMEOUT", "terminated");
        }
    }

    @Test
    void unsolicitedInviteIsRefused403() {
        try (Sipp uac = Sipp.scenarioResource("sipp/uac_unsolicited_invite.xml")
                .mediaPort(FreePorts.udpPair())
                .remote("127.0.0.1:" + ua.port())
                .timeout(Duration.ofSeconds(20))
                .start()) {
            assertThat(uac.awaitExit(WAIT)).as(uac.output() + uac.messages()).isZero();
            assertThat(uac.messages()).contains("SIP/2.0 403 Forbidden (dial-out only)");
            assertThat(ua.activeCalls()).isZero();
        }
    }

    @Test
    void optionsKeepAliveIsAnswered200() {
        try (Sipp uac = Sipp.scenarioResource("sipp/uac_options.xml")
                .mediaPort(FreePorts.udpPair())
                .remote("127.0.0.1:" + ua.port())
                .timeout(Duration.ofSeconds(20))
                .start()) {
            assertThat(uac.awaitExit(WAIT)).as(uac.output() + uac.messages()).isZero();
            assertThat(uac.messages()).contains("SIP/2.0 200 OK", "Allow: INVITE");
        }
    }
}
