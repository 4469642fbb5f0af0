package io.dialout.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.testkit.FreePorts;
import io.dialout.testkit.Sipp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A user agent on a free loopback port for sipp tests: RFC 3261 T1/T2 (sipp answers within a millisecond, and a
 * shorter T1 makes INVITE retransmissions that sipp's scenarios would take as unexpected on a loaded machine), but
 * a short ICMP probe delay, glare delay and shutdown grace. Tests of timer B build their own with a tiny T1.
 */
abstract class SippTestSupport {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final SipTimers TIMERS = new SipTimers(
            Duration.ofMillis(500),
            Duration.ofSeconds(4),
            Duration.ofMillis(100),
            Duration.ofMillis(50),
            Duration.ofMillis(100),
            Duration.ofSeconds(1));

    JainSipUserAgent ua;
    /** What the call under test reported (JUnit makes a new instance, so a new listener, for every test). */
    final RecordingListener l = new RecordingListener();

    @BeforeEach
    void startUserAgent() {
        TestLogging.debugIfRequested();
        ua = new JainSipUserAgent(SipUserAgentConfig.loopback(TIMERS), ingress());
    }

    /** sipp runs on 127.0.0.1, which the user agent trusts as it would a configured trunk. */
    io.dialout.gateway.sip.ingress.SipIngressConfig ingress() {
        return io.dialout.gateway.sip.ingress.SipIngressConfig.trusting(java.util.List.of("127.0.0.1"));
    }

    @AfterEach
    void stopUserAgent() {
        ua.close();
    }

    static String offer() throws IOException {
        try (var in = SippTestSupport.class.getResourceAsStream("/sdp/offer.sdp")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).replace("\n", "\r\n");
        }
    }

    static String sippTransport(String transport) {
        return transport.equals("tcp") ? "t1" : "u1";
    }

    /** sipp as a UAS with one of our scenarios from src/test/resources/sipp, on free ports. */
    static Sipp uas(String scenario, String transport, Map<String, String> vars) {
        Sipp.Builder b = Sipp.scenarioResource("sipp/" + scenario)
                .transport(sippTransport(transport))
                .mediaPort(FreePorts.udpPair())
                .timeout(Duration.ofSeconds(30));
        vars.forEach(b::set);
        return b.start();
    }

    /** sipp as a UAS with one of our scenarios, with no variables set. */
    static Sipp uas(String scenario, String transport) {
        return uas(scenario, transport, Map.of());
    }

    /** sipp ran its scenario to the end: every message it expected came. */
    static void assertPassed(Sipp sipp) {
        assertThat(sipp.awaitExit(WAIT)).as(sipp.output() + sipp.messages()).isZero();
    }

    /** sipp ran its scenario to the end and received exactly these requests and responses, in this order. */
    static void assertPassed(Sipp sipp, String... received) {
        assertPassed(sipp);
        assertThat(SippLog.received(sipp)).containsExactly(received);
    }

    static InviteRequest request(Sipp sipp, Trunk trunk) throws IOException {
        return new InviteRequest(
                "sip:+15551234567@127.0.0.1:" + sipp.localPort(),
                "room-42",
                "Weekly sync",
                Map.of("X-Room-Id", "42"),
                offer(),
                trunk);
    }

    static InviteRequest request(Sipp sipp, String transport) throws IOException {
        return request(sipp, Trunk.direct("sipp", transport));
    }

    /** Places the call and waits for the callee's 100, 180 and 200 (sipp's answering scenarios send all three). */
    OutboundCall answered(InviteRequest request, RecordingListener l) throws InterruptedException {
        OutboundCall call = ua.invite(request, l);
        l.await("provisional 100", WAIT);
        l.await("provisional 180", WAIT);
        l.await("answered", WAIT);
        return call;
    }

    /** sipp's SDP with a new direction, for re-INVITE answers and offers. */
    static String sdp(String direction) throws IOException {
        return offer().replace("a=sendrecv", "a=" + direction).replace(" 1 1 IN", " 1 2 IN");
    }
}
