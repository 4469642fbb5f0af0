package io.dialout.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.testkit.FreePorts;
import io.dialout.testkit.Sipp;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** UPDATE with an offer in the early dialog (RFC 3311 section 5.1) from a sipp far end: after a reliable 18x and not. */
class SippEarlyUpdateTest extends SippTestSupport {

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp"})
    void anEarlyUpdateAfterAReliable183IsOfferedToTheCallAndAnswered200WithSdp(String transport) throws Exception {
        int moved = FreePorts.udpPair();
        try (Sipp sipp = uas("uas_early_update.xml", transport, Map.of("moved_port", String.valueOf(moved)))) {
            String answer = sdp("sendrecv");
            l.onRemoteReInvite = r -> r.accept(answer);
            OutboundCall call = ua.invite(request(sipp, transport), l);
            l.await("provisional 100", WAIT);
            l.await("provisional 183 sdp", WAIT);
            l.await("remoteReInvite", WAIT);
            assertThat(l.remoteOfferSdp).contains("m=audio " + moved + " ");
            l.await("answered", WAIT);
            call.hangup();
            assertThat(l.awaitTerminated(WAIT))
                    .containsExactly(
                            "provisional 100", "provisional 183 sdp", "remoteReInvite", "answered", "terminated");
            // sipp checked m=audio in the UPDATE's 200 (check_it), so a 200 without SDP would fail the scenario
            assertPassed(sipp, "INVITE", "PRACK", "SIP/2.0 200", "ACK", "BYE");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp"})
    void anEarlyUpdateOfferAfterAnUnreliable183Gets491AndTheCallGoesOn(String transport) throws Exception {
        int moved = FreePorts.udpPair();
        try (Sipp sipp =
                uas("uas_early_update_unreliable.xml", transport, Map.of("moved_port", String.valueOf(moved)))) {
            OutboundCall call = ua.invite(request(sipp, transport), l);
            l.await("provisional 100", WAIT);
            l.await("provisional 183 sdp", WAIT);
            l.await("answered", WAIT);
            call.hangup();
            // RFC 3311 section 5.2: our INVITE's offer is not answered by an unreliable 183; the call never sees it
            assertThat(l.awaitTerminated(WAIT))
                    .containsExactly("provisional 100", "provisional 183 sdp", "answered", "terminated");
            assertPassed(sipp, "INVITE", "SIP/2.0 491", "ACK", "BYE");
        }
    }
}
