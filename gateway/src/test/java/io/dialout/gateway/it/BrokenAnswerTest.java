package io.dialout.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dialout.testkit.Sipp;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 14 item 7: a 200 OK without a usable Contact (none, or one that does not parse) was dropped silently: no ACK,
 * no BYE, the callee left off-hook and the room told {@code no-answer} at the ring timeout. Now the gateway ACKs it
 * (to the INVITE's Request-URI, RFC 3261 sections 12.1.2 and 13.2.2.4), ends it with a BYE that carries a Reason, and
 * tells the room: {@code ended} with cause {@code rejected}, {@code sipStatus} 200 and a reason naming the Contact.
 * sipp checks the ACK and BYE (their Request-URI and the Reason) and exits 0 only if both came.
 */
@QuarkusTest
class BrokenAnswerTest {

    @TestHTTPResource("/v1/dialout")
    URI http;

    @ParameterizedTest
    @ValueSource(strings = {"uas_200_without_contact.xml", "uas_200_bad_contact.xml"})
    void aTwoHundredWithoutAUsableContactIsAckedByedAndReported(String scenario) throws Exception {
        try (Sipp uas = Sipp.scenarioResource("sipp/api/" + scenario).start();
                DialoutClient room = DialoutClient.connect(DialoutClient.ws(http))) {
            room.send(DialoutClient.dial("broken", uas.uri("service")).put("ringTimeoutSec", 60));
            room.next("answer");
            List<String> seq = room.sequenceUntilEnded("broken");
            assertThat(seq).as("messages").doesNotContain("state:answered").endsWith("state:ended");
            JsonNode ended = room.last();
            assertThat(ended.path("cause").asText()).as(ended.toString()).isEqualTo("rejected");
            assertThat(ended.path("sipStatus").asInt()).isEqualTo(200);
            assertThat(ended.path("by").asText()).isEqualTo("remote");
            assertThat(ended.path("reason").asText()).contains("Contact");

            assertThat(uas.awaitExit(Duration.ofSeconds(20)))
                    .as("sipp got the ACK and the BYE with a Reason:%n%s%n%s", uas.output(), uas.messages())
                    .isZero();
            assertThat(uas.messages()).containsPattern("(?m)^Reason: Q\\.850;cause=111");
            assertThat(CallsHttp.awaitNoCalls(Duration.ofSeconds(10)))
                    .as("GET /v1/calls")
                    .isEmpty();
        }
    }
}
