package io.dialout.gateway.it;

import static io.dialout.gateway.it.AnsweredOnHoldTest.awaitNoCalls;
import static io.dialout.gateway.it.DialoutClient.dial;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.testkit.FreePorts;
import io.dialout.testkit.Sipp;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A forking proxy (ring group) whose two forks both answer (RFC 3261 section 13.2.2.4), played by one sipp: the
 * gateway keeps the first fork (its media flows on), ACKs the second and ends it with a BYE; the room is told nothing
 * of the second fork, and its hang-up later ends the first.
 */
@QuarkusTest
class ForkedAnswerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TestHTTPResource("/v1/dialout")
    URI http;

    @Test
    void theSecondForkIsAckedAndByedWhileTheFirstKeepsItsMedia() throws Exception {
        try (Sipp uas = Sipp.scenarioResource("sipp/api/uas_forked_200_media.xml")
                        .mediaPort(FreePorts.udpPair())
                        .timeout(Duration.ofSeconds(60))
                        .start();
                DialoutClient room = DialoutClient.connect(DialoutClient.ws(http))) {
            room.send(dial("c1", uas.uri("service")));
            room.next("answer");
            room.awaitAnswered();

            awaitAtLeast(() -> uas.count("^BYE sip:forkb@"), 1, "the second fork's BYE");
            // the first fork's RTP (about 6 s of it, from its ACK on; the second fork was ended within
            // milliseconds) keeps reaching the call: 3 s of packets
            awaitAtLeast(ForkedAnswerTest::sipPacketsReceived, 150, "RTP from the first fork");

            room.hangUp("c1");
            assertThat(uas.awaitExit(WAIT)).as(uas.output() + uas.messages()).isZero();
            String messages = uas.messages();
            assertThat(messages).contains("ACK sip:forka@", "ACK sip:forkb@");
            assertThat(uas.count("^BYE sip:forka@")).isEqualTo(1);
            // RFC 3326: the second fork hears why; the room's hang-up of the first carries no Reason
            assertThat(messages).containsOnlyOnce("Reason: SIP;cause=200;text=\"Call completed elsewhere\"");
            assertThat(room.seen())
                    .extracting(
                            n -> n.path("type").asText() + ":" + n.path("state").asText())
                    .containsExactly("answer:", "state:trying", "state:ringing", "state:answered", "state:ended");
            awaitNoCalls();
        }
    }

    private static long sipPacketsReceived() {
        Long n = given().get("/v1/calls")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getObject("find { it.callId == 'c1' }.sip.packetsReceived", Long.class);
        return n == null ? 0 : n;
    }

    private static void awaitAtLeast(java.util.function.LongSupplier probe, long atLeast, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (probe.getAsLong() < atLeast) {
            assertThat(System.nanoTime())
                    .as(what + ": " + probe.getAsLong() + " of " + atLeast)
                    .isLessThan(deadline);
            Thread.sleep(50); // polling a counter under a deadline: there is no event for it
        }
    }
}
