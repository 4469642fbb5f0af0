package io.dialout.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.testkit.FreePorts;
import io.dialout.testkit.Sipp;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A far-end re-INVITE without SDP (RFC 3261 section 14.2): our offer in the 200, their answer in the ACK. */
class SippDelayedOfferTest extends SippTestSupport {

    @Test
    void theAnswerInTheAckIsReported() throws Exception {
        int newPort = FreePorts.udpPair();
        try (Sipp sipp = uas("uas_delayed_offer.xml", "udp", Map.of("newport", String.valueOf(newPort)))) {
            String ours = offer();
            l.onRemoteReInvite = r -> r.accept(ours);
            OutboundCall call = answered(request(sipp, "udp"), l);
            l.await("remoteReInvite", WAIT);
            assertThat(l.remoteOfferSdp).isNull();
            l.await("remoteAnswerInAck", WAIT);
            assertThat(l.ackAnswerSdp).contains("m=audio " + newPort + " ");
            call.hangup();
            assertThat(l.awaitTerminated(WAIT))
                    .containsExactly(
                            "provisional 100",
                            "provisional 180",
                            "answered",
                            "remoteReInvite",
                            "remoteAnswerInAck",
                            "terminated");
            assertPassed(sipp);
            // our 200 may be retransmitted before sipp's ACK comes (T1 on a loaded machine)
            assertThat(SippLog.received(sipp).stream().distinct())
                    .containsExactly("INVITE", "ACK", "SIP/2.0 200", "BYE");
        }
    }

    @Test
    void anAckWithoutAnAnswerIsReportedAsNone() throws Exception {
        Map<String, String> vars = Map.of("oldport", String.valueOf(FreePorts.udpPair()));
        try (Sipp sipp = uas("api/uas_delayed_offer_no_answer.xml", "udp", vars)) {
            String ours = offer();
            l.onRemoteReInvite = r -> r.accept(ours);
            OutboundCall call = ua.invite(request(sipp, "udp"), l);
            l.await("provisional 180", WAIT);
            l.await("answered", WAIT);
            l.await("remoteReInvite", WAIT);
            l.await("remoteAnswerInAck none", WAIT);
            call.hangup("Q.850;cause=41;text=\"media failure\"");
            assertThat(l.awaitTerminated(WAIT))
                    .containsExactly(
                            "provisional 180", "answered", "remoteReInvite", "remoteAnswerInAck none", "terminated");
            assertPassed(sipp);
            // our 200 may be retransmitted before sipp's ACK comes (T1 on a loaded machine)
            assertThat(SippLog.received(sipp).stream().distinct())
                    .containsExactly("INVITE", "ACK", "SIP/2.0 200", "BYE");
        }
    }
}
