package io.dialout.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dialout.testkit.Sipp;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 14 item 4e: the ACK and BYE of a call follow the callee's Contact and Record-Route (RFC 3261 section 12.1.2),
 * so a callee could point them anywhere. The dial plan now judges the ACK's target (the first route, else the
 * Contact) when the 2xx arrives: here sipp answers with a Contact, or a Record-Route, naming 169.254.169.254. The
 * gateway sends neither ACK nor BYE (sipp fails on any request after its 200 and passes only on its own 4 s
 * timeout), and the room is told {@code unreachable} without the target in the reason.
 */
@QuarkusTest
class InDialogTargetTest {

    @TestHTTPResource("/v1/dialout")
    URI http;

    @ParameterizedTest
    @ValueSource(strings = {"uas_200_refused_contact.xml", "uas_200_refused_record_route.xml"})
    void aTwoHundredNamingARefusedTargetIsNeitherAckedNorByedAndEndsUnreachable(String scenario) throws Exception {
        try (Sipp uas = Sipp.scenarioResource("sipp/api/" + scenario).start();
                DialoutClient room = DialoutClient.connect(DialoutClient.ws(http))) {
            room.send(DialoutClient.dial("refused", uas.uri("service")).put("ringTimeoutSec", 60));
            room.next("answer");
            List<String> seq = room.sequenceUntilEnded("refused");
            assertThat(seq).as("messages").doesNotContain("state:answered").endsWith("state:ended");
            JsonNode ended = room.last();
            assertThat(ended.path("cause").asText()).as(ended.toString()).isEqualTo("unreachable");
            assertThat(ended.toString()).doesNotContain("169.254");

            assertThat(uas.awaitExit(Duration.ofSeconds(20)))
                    .as("sipp saw no request after its 200 (no ACK, no BYE):%n%s%n%s", uas.output(), uas.messages())
                    .isZero();
            assertThat(uas.messages()).doesNotContainPattern("(?m)^(ACK|BYE) sip:");
            assertThat(CallsHttp.awaitNoCalls(Duration.ofSeconds(10)))
                    .as("GET /v1/calls")
                    .isEmpty();
        }
    }

    /**
     * After the answer, the callee's re-INVITE names 169.254.169.254 as its new Contact: the gateway answers it 403 and
     * the call goes on where the 2xx said. The room's DTMF (SIP INFO: sipp offers no telephone-event) and its hangup
     * (BYE) must reach sipp at its own address; sent to the metadata address they never would, and sipp would fail.
     */
    @Test
    void aReInviteMovingTheTargetToARefusedAddressIsRefusedAndTheCallGoesOn() throws Exception {
        try (Sipp uas = Sipp.scenarioResource("sipp/api/uas_reinvite_metadata_contact.xml")
                        .start();
                DialoutClient room = DialoutClient.connect(DialoutClient.ws(http))) {
            room.dialUntilAnswered("moved", uas.uri("service"));
            awaitCount(uas, "^SIP/2.0 403 ", 1);
            room.send(DialoutClient.message("dtmf", "moved").put("digits", "5").put("durationMs", 100));
            awaitCount(uas, "^INFO sip:", 1);
            room.hangUp("moved");
            assertThat(uas.awaitExit(Duration.ofSeconds(20)))
                    .as(
                            "sipp got the 403, then the INFO and the BYE at its own address:%n%s%n%s",
                            uas.output(), uas.messages())
                    .isZero();
            assertThat(uas.messages()).doesNotContainPattern("(?m)^(INFO|BYE|ACK|INVITE) sip:[^ ]*169\\.254");
            assertThat(CallsHttp.awaitNoCalls(Duration.ofSeconds(10)))
                    .as("GET /v1/calls")
                    .isEmpty();
        }
    }

    /** Waits until sipp's trace has {@code n} messages matching {@code regex}. */
    private static void awaitCount(Sipp uas, String regex, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (uas.count(regex) < n) {
            assertThat(System.nanoTime() < deadline)
                    .as("%d of %s at sipp:%n%s", n, regex, uas.messages())
                    .isTrue();
            Thread.sleep(50); // polling sipp's trace file: there is no event to wait on
        }
    }
}
