package io.dialout.gateway.it;

import static io.dialout.gateway.it.DialoutClient.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dialout.testkit.Sipp;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Hold/resume both ways and DTMF both ways (SIP INFO, since these callees offer no telephone-event), via sipp. */
@QuarkusTest
class MidCallTest {

    private static final Duration SIPP_EXIT = Duration.ofSeconds(20);

    @TestHTTPResource("/v1/dialout")
    URI http;

    private DialoutClient answered(Sipp uas) throws Exception {
        DialoutClient room = DialoutClient.connect(DialoutClient.ws(http));
        room.dialUntilAnswered("c1", uas.uri("service"));
        return room;
    }

    @Test
    void localHoldAndResume() throws Exception {
        // sipp checks that the first re-INVITE offers a=sendonly and the second a=sendrecv (RFC 3264 section 8.4).
        try (Sipp uas = Sipp.scenarioResource("sipp/api/uas_hold_resume.xml").start();
                DialoutClient room = answered(uas)) {
            room.send(message("hold", "c1"));
            assertThat(room.nextState("held").path("by").asText()).isEqualTo("local");
            room.send(message("hold", "c1"));
            assertThat(room.next("error").path("message").asText()).contains("already on hold");
            room.send(message("resume", "c1"));
            assertThat(room.nextState("resumed").path("by").asText()).isEqualTo("local");
            room.hangUp("c1");
            assertThat(uas.awaitExit(SIPP_EXIT)).as(uas.output()).isZero();
            assertThat(uas.count("^INVITE sip:")).isEqualTo(3);
        }
    }

    @Test
    void remoteHoldAndResume() throws Exception {
        try (Sipp uas = Sipp.scenarioResource("sipp/api/uas_remote_hold_resume.xml")
                        .start();
                DialoutClient room = answered(uas)) {
            assertThat(room.nextState("held").path("by").asText()).isEqualTo("remote");
            assertThat(room.nextState("resumed").path("by").asText()).isEqualTo("remote");
            room.hangUp("c1");
            assertThat(uas.awaitExit(SIPP_EXIT)).as(uas.output()).isZero();
        }
    }

    @Test
    void dtmfBothWaysBySipInfo() throws Exception {
        // sipp sends INFO 5 (dtmf-relay) and 7 (application/dtmf), then requires our INFO with Signal=3.
        try (Sipp uas = Sipp.scenarioResource("sipp/uas_info_dtmf.xml").start();
                DialoutClient room = answered(uas)) {
            JsonNode five = room.next("dtmf");
            assertThat(five.path("digit").asText()).isEqualTo("5");
            assertThat(five.path("callId").asText()).isEqualTo("c1");
            assertThat(room.next("dtmf").path("digit").asText()).isEqualTo("7");
            room.send(message("dtmf", "c1").put("digits", "3").put("durationMs", 120));
            room.hangUp("c1");
            assertThat(uas.awaitExit(SIPP_EXIT)).as(uas.output()).isZero();
            assertThat(uas.messages()).contains("Signal=3");
        }
    }
}
