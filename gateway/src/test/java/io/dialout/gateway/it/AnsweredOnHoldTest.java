package io.dialout.gateway.it;

import static io.dialout.gateway.it.DialoutClient.dial;
import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.testkit.Sipp;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A callee that answers on hold (RFC 3264 section 8.4: a=inactive, a=sendonly, or c=0.0.0.0 in the 200): the room
 * is told {@code held} by {@code remote}, and the media timeout waits until the far end is expected to send. sipp
 * sends no RTP at all: 4 s on hold (twice the media timeout) must not end the call; after its resume it must.
 */
@QuarkusTest
@TestProfile(AnsweredOnHoldTest.ShortMediaTimeout.class)
class AnsweredOnHoldTest {

    public static class ShortMediaTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.media.media-timeout", "2s");
        }
    }

    @TestHTTPResource("/v1/dialout")
    URI http;

    /** GET /v1/calls empty: the call is removed just after its {@code ended}; polled, there is no event for it. */
    static void awaitNoCalls() throws InterruptedException {
        assertThat(CallsHttp.awaitNoCalls(Duration.ofSeconds(5)))
                .as("calls left behind")
                .isEmpty();
    }

    /** One call per case: a sipp answering on hold and the room that dialled it. */
    private record Case(Sipp uas, DialoutClient room) {}

    /**
     * Each case takes over 6 s of timers (4 s on hold, then the 2 s media timeout), and its call is independent of
     * the others' (its own sipp, connection and call id), so the first case to run places every case's call and the
     * three run side by side; each case then checks its own.
     */
    private static final Map<String, Case> PLACED = new java.util.concurrent.ConcurrentHashMap<>();

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> holds() {
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("127.0.0.1", "inactive"),
                org.junit.jupiter.params.provider.Arguments.of("127.0.0.1", "sendonly"),
                org.junit.jupiter.params.provider.Arguments.of("0.0.0.0", "sendrecv"));
    }

    private static boolean placedAll;

    /** This case's call, taken out of {@link #PLACED}; the first case places every case's call. */
    private static synchronized Case take(URI http, String conn, String dir) throws Exception {
        if (!placedAll) {
            placedAll = true;
            URI ws = URI.create(http.toString().replaceFirst("^http", "ws"));
            for (var a : holds().toList()) {
                String key = a.get()[0] + " " + a.get()[1];
                Sipp uas = Sipp.scenarioResource("sipp/api/uas_answer_on_hold.xml")
                        .set("conn", (String) a.get()[0])
                        .set("dir", (String) a.get()[1])
                        .timeout(Duration.ofSeconds(30))
                        .start();
                PLACED.put(key, new Case(uas, null)); // so that @AfterAll stops it if the connection fails
                DialoutClient room = DialoutClient.connect(ws);
                PLACED.put(key, new Case(uas, room));
                room.send(dial("c1", uas.uri("service")));
            }
        }
        return PLACED.remove(conn + " " + dir);
    }

    @AfterAll
    static void closeWhatNoCaseTook() throws Exception {
        for (Case c : PLACED.values()) {
            if (c.room() != null) {
                c.room().close();
            }
            c.uas().close();
        }
        PLACED.clear();
    }

    @ParameterizedTest
    @MethodSource("holds")
    void answeredOnHoldIsReportedAndTheMediaTimeoutWaitsForTheResume(String conn, String dir) throws Exception {
        Case placed = take(http, conn, dir);
        try (Sipp uas = placed.uas();
                DialoutClient room = placed.room()) {
            assertThat(room.sequenceUntilEnded("c1"))
                    .containsExactly(
                            "answer",
                            "state:trying",
                            "state:ringing",
                            "state:answered",
                            "state:held",
                            "state:resumed",
                            "state:ended");
            assertThat(room.last().path("cause").asText()).isEqualTo("media-failure");
            assertThat(room.seen())
                    .filteredOn(n -> n.path("state").asText().equals("held"))
                    .singleElement()
                    .satisfies(n -> assertThat(n.path("by").asText()).isEqualTo("remote"));
            assertThat(uas.awaitExit(Duration.ofSeconds(20))).as(uas.output()).isZero();
            assertThat(uas.count("^BYE sip:")).isEqualTo(1);
            // RFC 3326: the BYE says why the gateway ended the call
            assertThat(uas.messages()).contains("Reason: Q.850;cause=41;text=\"media failure\"");
            awaitNoCalls();
        }
    }
}
