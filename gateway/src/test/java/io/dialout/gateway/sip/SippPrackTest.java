package io.dialout.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.testkit.Sipp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reliable provisional responses (RFC 3262) against a sipp far end that sends its early media reliably. */
class SippPrackTest extends SippTestSupport {

    // Both transports once failed the same way: sipp went away after our PRACK. The scenario sent its 183
    // retransmission
    // right after the first 183, so our PRACK could reach sipp while it was still at that send, which sipp takes as an
    // unexpected message. The retransmission now follows the PRACK's 200 (uas_100rel.xml); a second PRACK still fails.
    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp"})
    void reliable183IsPrackedOnceAndItsEarlyMediaReported(String transport) throws Exception {
        try (Sipp sipp = uas("uas_100rel.xml", transport)) {
            OutboundCall call = ua.invite(request(sipp, transport), l);
            l.await("provisional 100", WAIT);
            l.await("provisional 183", WAIT);
            assertThat(l.earlySdp).contains("m=audio " + sipp.mediaPort());
            l.await("answered", WAIT);
            call.hangup();
            assertThat(l.awaitTerminated(WAIT))
                    .containsExactly("provisional 100", "provisional 183 sdp", "answered", "terminated");
            assertPassed(sipp, "INVITE", "PRACK", "ACK", "BYE");
            assertThat(sipp.messages()).contains("RAck: 1 1 INVITE", "Supported: ");
        }
    }
}
