package io.dialout.gateway.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.gateway.sip.SipUserAgent;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The SIP ingress defences as the gateway wires them (issue 14 items 2 and 6): the test profile trusts 127.0.0.1
 * ({@code gateway.sip.ingress.trusted-sources}), so 127.0.0.2 is a stranger; what they refuse shows in the metrics.
 */
@QuarkusTest
class SipIngressTest {

    @Inject
    SipUserAgent sip;

    @Test
    void strangersAndMalformedMessagesAreDroppedAndCounted() throws Exception {
        double malformedBefore = CallsHttpTest.metric("dialout_sip_malformed_total");
        double strangersBefore =
                CallsHttpTest.metric("dialout_sip_requests_dropped_total{reason=\"untrusted-source\"}");
        InetAddress gateway = InetAddress.getByName("127.0.0.1");
        try (DatagramSocket stranger = new DatagramSocket(new InetSocketAddress("127.0.0.2", 0));
                DatagramSocket trunk = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            for (int i = 0; i < 3; i++) {
                send(stranger, gateway, options(stranger, "stranger-" + i));
            }
            for (int i = 0; i < 5; i++) {
                send(trunk, gateway, "NOT SIP AT ALL " + i + "\r\n\r\n");
            }
            // one UDP thread reads in arrival order: the trunk's OPTIONS answered means all of the above was handled
            send(trunk, gateway, options(trunk, "trunk-marker"));
            String answer = receive(trunk, 10_000);
            assertThat(answer).startsWith("SIP/2.0 200 OK").contains("trunk-marker");
            assertThat(answer).as("a trunk still sees the product").contains("dialout-gateway");
            assertThat(receive(stranger, 1_000)).as("what the stranger got").isNull();
        }
        assertThat(CallsHttpTest.metric("dialout_sip_malformed_total")).isGreaterThanOrEqualTo(malformedBefore + 5);
        assertThat(CallsHttpTest.metric("dialout_sip_requests_dropped_total{reason=\"untrusted-source\"}"))
                .isGreaterThanOrEqualTo(strangersBefore + 3);
        assertThat(given().get("/q/metrics").then().statusCode(200).extract().asString())
                .contains(
                        "dialout_sip_requests_dropped_total{reason=\"rate-limit\"}",
                        "dialout_sip_tcp_refused_total{reason=\"max-connections\"}",
                        "dialout_sip_tcp_refused_total{reason=\"max-per-source\"}",
                        "dialout_sip_tcp_refused_total{reason=\"slow-message\"}",
                        "dialout_sip_tcp_connections");
    }

    private void send(DatagramSocket s, InetAddress to, String message) throws Exception {
        byte[] b = message.getBytes(StandardCharsets.US_ASCII);
        s.send(new DatagramPacket(b, b.length, to, sip.port()));
    }

    private static String receive(DatagramSocket s, int timeoutMillis) throws Exception {
        s.setSoTimeout(timeoutMillis);
        byte[] buf = new byte[65536];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            s.receive(p);
        } catch (SocketTimeoutException nothing) {
            return null;
        }
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII);
    }

    private static String options(DatagramSocket from, String callId) {
        String local = from.getLocalAddress().getHostAddress() + ":" + from.getLocalPort();
        return "OPTIONS sip:gateway@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + local + ";branch=z9hG4bK-" + callId + "\r\n"
                + "From: <sip:peer@" + local + ">;tag=" + callId + "\r\n"
                + "To: <sip:gateway@127.0.0.1>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Max-Forwards: 70\r\n"
                + "Content-Length: 0\r\n\r\n";
    }
}
