package io.dialout.gateway.it;

import static io.dialout.gateway.it.DialoutClient.dial;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dialout.testkit.FreePorts;
import io.dialout.testkit.Sipp;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * RFC 3261 section 8.1.3.4: a 3xx is followed to its Contacts by q, each through the dial plan (the test profile
 * denies {@code sip:blocked@...}), with a loop guard; the room hears {@code trying} with the 3xx's status and
 * {@code redirectedTo} (an addition), and the far ends say what they received.
 */
@QuarkusTest
class RedirectTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TestHTTPResource("/v1/dialout")
    URI http;

    private static Sipp redirector(String contacts) {
        return Sipp.scenarioResource("sipp/redirect/uas_302.xml")
                .set("contacts", contacts)
                .timeout(Duration.ofSeconds(30))
                .start();
    }

    /** A far end that must never be dialled: it waits for an INVITE that should not come. */
    private static Sipp untouched() {
        return Sipp.scenarioResource("sipp/api/uas_answer_then_bye.xml")
                .mediaPort(FreePorts.udpPair())
                .timeout(Duration.ofSeconds(30))
                .start();
    }

    @Test
    void theHighestQContactIsDialledAndAnswers() throws Exception {
        try (Sipp low = untouched();
                Sipp high = Sipp.scenarioResource("sipp/api/uas_answer_then_bye.xml")
                        .mediaPort(FreePorts.udpPair())
                        .timeout(Duration.ofSeconds(30))
                        .start();
                Sipp first = redirector("<" + low.uri("low") + ">;q=0.5, <" + high.uri("high") + ">;q=1.0");
                DialoutClient room = DialoutClient.connect(DialoutClient.ws(http))) {
            room.send(dial("r1", first.uri("first")));
            assertThat(room.sequenceUntilEnded("r1")).contains("state:answered");
            JsonNode redirected = room.seen().stream()
                    .filter(m -> m.has("redirectedTo"))
                    .findFirst()
                    .orElseThrow();
            assertThat(redirected.path("state").asText()).isEqualTo("trying");
            assertThat(redirected.path("sipStatus").asInt()).isEqualTo(302);
            assertThat(redirected.path("redirectedTo").asText()).isEqualTo(high.uri("high"));
            JsonNode ended = room.last();
            assertThat(ended.path("cause").asText()).isEqualTo("remote-hangup");
            assertThat(first.awaitExit(WAIT))
                    .as(first.output() + first.messages())
                    .isZero();
            assertThat(high.awaitExit(WAIT)).as(high.output() + high.messages()).isZero();
            assertThat(low.count("^INVITE ")).as(low.messages()).isZero();
            // RFC 3261 section 8.1.3.4: the new request keeps the Call-ID and tags, with the target as Request-URI
            assertThat(high.messages()).contains("INVITE " + high.uri("high") + " SIP/2.0");
            AnsweredOnHoldTest.awaitNoCalls();
        }
    }

    @Test
    void aDeniedTargetIsNeverDialled() throws Exception {
        try (Sipp denied = untouched();
                Sipp first = redirector("<" + denied.uri("blocked") + ">");
                DialoutClient room = DialoutClient.connect(DialoutClient.ws(http))) {
            room.send(dial("r2", first.uri("first")));
            room.sequenceUntilEnded("r2");
            JsonNode ended = room.last();
            assertThat(ended.path("cause").asText()).isEqualTo("rejected");
            assertThat(ended.path("sipStatus").asInt()).isEqualTo(302);
            assertThat(ended.path("reason").asText()).contains("not followed").contains("sip:blocked@");
            assertThat(room.seen()).noneMatch(m -> m.has("redirectedTo"));
            assertThat(first.awaitExit(WAIT))
                    .as(first.output() + first.messages())
                    .isZero();
            assertThat(denied.count("^INVITE ")).as(denied.messages()).isZero();
            AnsweredOnHoldTest.awaitNoCalls();
        }
    }

    @Test
    void aRedirectToItselfEndsTheCall() throws Exception {
        int port = FreePorts.udp();
        try (Sipp self = Sipp.scenarioResource("sipp/redirect/uas_302.xml")
                        .localPort(port)
                        .set("contacts", "<sip:first@127.0.0.1:" + port + ">")
                        .timeout(Duration.ofSeconds(30))
                        .start();
                DialoutClient room = DialoutClient.connect(DialoutClient.ws(http))) {
            room.send(dial("r3", self.uri("first")));
            room.sequenceUntilEnded("r3");
            JsonNode ended = room.last();
            assertThat(ended.path("cause").asText()).isEqualTo("rejected");
            assertThat(ended.path("sipStatus").asInt()).isEqualTo(302);
            assertThat(ended.path("reason").asText()).contains("redirect loop");
            assertThat(self.awaitExit(WAIT)).as(self.output() + self.messages()).isZero();
            assertThat(self.count("^INVITE ")).isEqualTo(1);
            AnsweredOnHoldTest.awaitNoCalls();
        }
    }

    @Test
    void aRedirectChainEndsAtTheLimit() throws Exception {
        try (Sipp chain = Sipp.scenarioResource("sipp/redirect/uas_redirect_loop.xml")
                        .timeout(Duration.ofSeconds(30))
                        .start();
                DialoutClient room = DialoutClient.connect(DialoutClient.ws(http))) {
            room.send(dial("r4", chain.uri("start")));
            room.sequenceUntilEnded("r4");
            JsonNode ended = room.last();
            assertThat(ended.path("cause").asText()).isEqualTo("rejected");
            assertThat(ended.path("sipStatus").asInt()).isEqualTo(302);
            assertThat(ended.path("reason").asText()).contains("redirect limit reached (5)");
            assertThat(room.seen()).filteredOn(m -> m.has("redirectedTo")).hasSize(5);
            assertThat(chain.awaitExit(WAIT))
                    .as(chain.output() + chain.messages())
                    .isZero();
            assertThat(chain.count("^INVITE ")).isEqualTo(6);
            AnsweredOnHoldTest.awaitNoCalls();
        }
    }
}
