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
            assertPassed(sipp, "INVITE", "ACK", "SIP/2.0 200", "BYE");
        }
    }
}
