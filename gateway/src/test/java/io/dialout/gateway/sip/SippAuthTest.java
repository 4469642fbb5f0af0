package io.dialout.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.testkit.Sipp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Digest authentication (RFC 3261 section 22) against sipp's verifyauth. */
class SippAuthTest extends SippTestSupport {

    static final String PASSWORD = "s3cret-Pa55word";

    static Trunk trunk(String password) {
        return new Trunk("sipp", "udp", null, "gateway-user", password, null);
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 407})
    void challengeAnsweredOnceThenCallAnswered(int challenge) throws Exception {
        try (TestLogging.Capture log = new TestLogging.Capture();
                Sipp sipp = uas(
                        "uas_auth_" + challenge + ".xml",
                        "udp",
                        challenge == 401 ? Map.of("user", "gateway-user", "pass", PASSWORD) : Map.of())) {
            OutboundCall call = ua.invite(request(sipp, trunk(PASSWORD)), l);
            l.await("provisional 100", WAIT);
            l.await("answered", WAIT);
            call.hangup();
            assertThat(l.awaitTerminated(WAIT)).containsExactly("provisional 100", "answered", "terminated");
            assertPassed(sipp, "INVITE", "ACK", "INVITE", "ACK", "BYE");
            String header = challenge == 401 ? "Authorization: Digest " : "Proxy-Authorization: Digest ";
            assertThat(sipp.messages())
                    .contains(
                            header,
                            "username=\"gateway-user\"",
                            "realm=\"sipp.test\"",
                            "qop=auth",
                            "nc=00000001",
                            "cnonce=\"",
                            "CSeq: 2 INVITE");
            // the stack and our layer logged every message at FINEST, and never the password
            assertThat(log.count()).isGreaterThan(50);
            assertThat(log.text()).contains("gateway-user").doesNotContain(PASSWORD);
        }
    }

    @Test
    void challengedByeIsSentAgainWithCredentials() throws Exception {
        try (Sipp sipp = uas("uas_auth_bye.xml", "udp", Map.of("user", "gateway-user", "pass", PASSWORD))) {
            OutboundCall call = answered(request(sipp, trunk(PASSWORD)), l);
            call.hangup();
            assertThat(l.awaitTerminated(WAIT)).endsWith("answered", "terminated");
            assertPassed(sipp, "INVITE", "ACK", "BYE", "BYE");
            assertThat(sipp.messages())
                    .contains("CSeq: 3 BYE", "Authorization: Digest username=\"gateway-user\"")
                    .doesNotContain("SIP/2.0 403");
        }
    }

    /**
     * RFC 3261 section 22 and RFC 7616 section 3.4: credentials are computed for one request (method, URI, nonce
     * count, cnonce). An in-dialog request goes without credentials until it is challenged; the stack would otherwise
     * copy the last Proxy-Authorization (here the INFO's) into every later request of the dialog.
     */
    @Test
    void inDialogRequestsCarryNoEarlierCredentials() throws Exception {
        try (Sipp sipp = uas("uas_auth_in_dialog.xml", "udp", Map.of("user", "gateway-user", "pass", PASSWORD))) {
            RecordingListener l = new RecordingListener();
            OutboundCall call = ua.invite(request(sipp, trunk(PASSWORD)), l);
            l.await("answered", WAIT);
            call.sendInfoDtmf('5', 160);
            SippLog.awaitReceived(sipp, "INFO", 2, WAIT);
            call.hangup();
            assertThat(l.awaitTerminated(WAIT)).endsWith("answered", "terminated");
            assertThat(sipp.awaitExit(WAIT)).as(sipp.output() + sipp.messages()).isZero();
            assertThat(SippLog.received(sipp))
                    .containsExactly("INVITE", "ACK", "INVITE", "ACK", "INFO", "INFO", "BYE", "BYE");
            List<String> byes = SippLog.requests(sipp.messages(), "BYE");
            assertThat(byes.get(0)).doesNotContain("Authorization");
            assertThat(byes.get(1))
                    .contains("Authorization: Digest username=\"gateway-user\"", "nonce=\"by3n0nce\"")
                    .doesNotContain("Proxy-Authorization");
            List<String> infos = SippLog.requests(sipp.messages(), "INFO");
            assertThat(infos.get(0)).doesNotContain("Authorization");
            assertThat(sipp.messages()).doesNotContain("SIP/2.0 403");
        }
    }

    @Test
    void wrongPasswordFailsOnTheSecondChallengeWithTheSameNonce() throws Exception {
        try (Sipp sipp = uas("uas_auth_401.xml", "udp", Map.of("user", "gateway-user", "pass", PASSWORD))) {
            ua.invite(request(sipp, trunk("wrong")), l);
            assertThat(l.awaitTerminated(WAIT)).containsExactly("failed 401 REJECTED", "terminated");
            assertPassed(sipp, "INVITE", "ACK", "INVITE", "ACK");
        }
    }

    @Test
    void noCredentialsReportsTheChallenge() throws Exception {
        try (Sipp sipp = uas("uas_reject_503.xml", "udp")) {
            // a trunk without credentials: a 401 would be final; here the peer's 503 shows the plain path
            ua.invite(request(sipp, Trunk.direct("sipp", "udp")), l);
            assertThat(l.awaitTerminated(WAIT)).containsExactly("provisional 100", "failed 503 REJECTED", "terminated");
            sipp.awaitExit(WAIT);
        }
    }
}
