package io.dialout.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.testkit.Sipp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** UPDATE (RFC 3311) from a sipp far end in the confirmed dialog: with an offer, and without a body. */
class SippUpdateTest extends SippTestSupport {

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp"})
    void updateWithAnOfferIsAnsweredLikeAReInviteAndOneWithoutABodyGets200(String transport) throws Exception {
        try (Sipp sipp = uas("uas_update.xml", transport)) {
            String answer = sdp("recvonly");
            l.onRemoteReInvite = r -> r.accept(answer);
            OutboundCall call = answered(request(sipp, transport), l);
            l.await("remoteReInvite", WAIT);
            assertThat(l.remoteOfferSdp).contains("a=sendonly");
            // sipp moves on to wait for our BYE once both UPDATEs got their 200
            SippLog.awaitReceived(sipp, "SIP/2.0 200", 2, WAIT);
            call.hangup();
            assertThat(l.awaitTerminated(WAIT))
                    .containsExactly("provisional 100", "provisional 180", "answered", "remoteReInvite", "terminated");
            assertPassed(sipp, "INVITE", "ACK", "SIP/2.0 200", "SIP/2.0 200", "BYE");
            assertThat(sipp.messages())
                    .containsPattern("Allow: [^\\r\\n]*UPDATE")
                    .contains("a=recvonly");
        }
    }
}
