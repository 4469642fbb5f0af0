package io.dialout.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.testkit.Sipp;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 14 item 4e after the answer, at the SIP layer against sipp: the callee's target refreshes and another fork's
 * 2xx are judged by the same {@link TargetPolicy#refuseInDialogTarget} as the ACK of the INVITE's 2xx. The policy
 * here refuses the users {@code moved} and {@code forkb}, so the refused targets are sipp's own socket: a request the
 * user agent sent there would reach sipp and fail its scenario, which proves "nothing sent there" rather than
 * assuming it. ({@code InDialogTargetTest} does the same through the gateway's real dial plan with 169.254.169.254.)
 */
class SippInDialogTargetTest extends SippTestSupport {

    /** Refuses the two users the scenarios use for targets that must not be followed. */
    static final TargetPolicy POLICY = new TargetPolicy() {
        @Override
        public String refuseRedirect(String dialledUri, String targetUri, Trunk trunk) {
            return null;
        }

        @Override
        public String refuseServer(String host, InetAddress address, Trunk trunk) {
            return null;
        }

        @Override
        public String refuseInDialogTarget(String dialledUri, String targetUri) {
            return targetUri.startsWith("sip:moved@") || targetUri.startsWith("sip:forkb@") ? "test policy" : null;
        }
    };

    @BeforeEach
    void userAgentWithPolicy() {
        ua.close();
        ua = new JainSipUserAgent(
                SipUserAgentConfig.loopback(TIMERS),
                new TargetSelection(TargetSelection.defaults().locator(), POLICY, 5),
                null,
                ingress());
    }

    @ParameterizedTest
    @CsvSource({"uas_reinvite_refused_contact.xml, INVITE", "uas_update_refused_contact.xml, UPDATE"})
    void aRefreshToARefusedTargetIsAnswered403AndTheCallStaysOnTheOldTarget(String scenario, String method)
            throws Exception {
        try (Sipp sipp = uas(scenario, "udp", Map.of())) {
            OutboundCall call = answered(request(sipp, "udp"), l);
            SippLog.awaitReceived(sipp, "SIP/2.0 403", 1, WAIT);
            call.sendInfoDtmf('5', 100);
            SippLog.awaitReceived(sipp, "INFO", 1, WAIT);
            call.hangup();
            assertThat(l.awaitTerminated(WAIT))
                    .as("the refresh never reached the listener, and the call went on until our hangup")
                    .containsExactly("provisional 100", "provisional 180", "answered", "terminated");
            assertPassed(sipp);
            assertThat(SippLog.received(sipp))
                    .as(method)
                    .containsExactly("INVITE", "ACK", "SIP/2.0 403", "INFO", "BYE");
            String log = sipp.messages();
            assertThat(SippLog.requests(log, "INFO").get(0)).startsWith("INFO sip:sipp@");
            assertThat(SippLog.requests(log, "BYE").get(0)).startsWith("BYE sip:sipp@");
            assertThat(log).contains("403 Contact Not Allowed").doesNotContain("INFO sip:moved@", "BYE sip:moved@");
            assertThat(ua.ingressCounters().inDialogTargetRefused()).isEqualTo(1);
        }
    }

    @Test
    void theAckAndByeAfterOurReInviteStayOnTheOldTargetWhenIts2xxNamesARefusedOne() throws Exception {
        try (Sipp sipp = uas("uas_reinvite_answer_refused_contact.xml", "udp", Map.of())) {
            OutboundCall call = answered(request(sipp, "udp"), l);
            call.reInvite(sdp("sendonly"));
            l.await("reInviteResult 200", WAIT);
            SippLog.awaitReceived(sipp, "ACK", 2, WAIT);
            call.hangup();
            l.awaitTerminated(WAIT);
            assertPassed(sipp, "INVITE", "ACK", "INVITE", "ACK", "BYE");
            String log = sipp.messages();
            List<String> acks = SippLog.requests(log, "ACK");
            assertThat(acks).hasSize(2).allSatisfy(a -> assertThat(a).startsWith("ACK sip:sipp@"));
            assertThat(SippLog.requests(log, "BYE").get(0)).startsWith("BYE sip:sipp@");
            assertThat(ua.ingressCounters().inDialogTargetRefused()).isEqualTo(1);
        }
    }

    @Test
    void anotherForkNamingARefusedTargetGetsNeitherAckNorBye() throws Exception {
        try (Sipp sipp = uas("uas_forked_200_refused.xml", "udp", Map.of())) {
            OutboundCall call = ua.invite(request(sipp, "udp"), l);
            l.await("provisional 180", WAIT);
            l.await("answered", WAIT);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (ua.ingressCounters().inDialogTargetRefused() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20); // polling a counter: the refusal has no event of its own
            }
            assertThat(ua.ingressCounters().inDialogTargetRefused())
                    .as("fork B refused")
                    .isEqualTo(1);
            call.hangup();
            assertThat(l.awaitTerminated(WAIT)).containsExactly("provisional 180", "answered", "terminated");
            // an ACK or BYE to fork B would arrive at this sipp and fail it
            assertPassed(sipp, "INVITE", "ACK", "BYE");
            assertThat(SippLog.requests(sipp.messages(), "BYE").get(0)).startsWith("BYE sip:forka@");
            assertThat(ua.activeCalls()).isZero();
        }
    }
}
