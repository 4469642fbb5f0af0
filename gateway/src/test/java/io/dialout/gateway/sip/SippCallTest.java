package io.dialout.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The user agent against sipp as the far end (a real SIP peer), over UDP and TCP. */
class SippCallTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    JainSipUserAgent ua;

    @BeforeEach
    void start() {
        if (Boolean.getBoolean("sip.debug")) {
            for (String name : new String[] {"io.dialout.gateway.sip", "gov.nist.javax.sip"}) {
                java.util.logging.Logger lg = java.util.logging.Logger.getLogger(name);
                lg.setLevel(java.util.logging.Level.FINEST);
                java.util.logging.Handler h = new java.util.logging.StreamHandler(System.out, new java.util.logging.SimpleFormatter()) {
                    @Override public synchronized void publish(java.util.logging.LogRecord r) { super.publish(r); flush(); }
                };
                h.setLevel(java.util.logging.Level.FINEST);
                lg.addHandler(h);
            }
        }
        ua = new JainSipUserAgent(SipUserAgentConfig.loopback(SipTimers.rfc3261().scaled(0.1)));
    }

    @AfterEach
    void stop() {
        ua.close();
    }

    static String offer() throws IOException {
        try (var in = SippCallTest.class.getResourceAsStream("/sdp/offer.sdp")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).replace("\n", "\r\n");
        }
    }

    static String sippTransport(String transport) {
        return transport.equals("tcp") ? "t1" : "u1";
    }

    InviteRequest request(SippRunner sipp, String transport) throws IOException {
        return new InviteRequest("sip:+15551234567@127.0.0.1:" + sipp.port(), "room-42", "Weekly sync",
                Map.of("X-Room-Id", "42"), offer(), Trunk.direct("sipp", transport));
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp"})
    void answeredThenByeFromUs(String transport) throws Exception {
        try (SippRunner sipp = SippRunner.uas("uas_answer.xml", sippTransport(transport), Map.of())) {
            RecordingListener l = new RecordingListener();
            OutboundCall call = ua.invite(request(sipp, transport), l);
            l.await("provisional 100", WAIT);
            l.await("provisional 180", WAIT);
            l.await("answered", WAIT);
            assertThat(l.answeredSdp).contains("m=audio").contains("PCMU/8000");
            call.hangup();
            assertThat(l.awaitTerminated(WAIT))
                    .containsExactly("provisional 100", "provisional 180", "answered", "terminated");
            assertThat(sipp.awaitExit(WAIT)).as(sipp.output()).isZero();
            assertThat(sipp.received()).containsExactly("INVITE", "ACK", "BYE");
            assertThat(sipp.messages()).contains("X-Room-Id: 42", "From: \"Weekly sync\" <sip:room-42@127.0.0.1>",
                    "User-Agent: dialout-gateway", "Content-Type: application/sdp", "Max-Forwards: 70");
            assertThat(ua.activeCalls()).isZero();
        }
    }
}
