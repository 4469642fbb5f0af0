package io.dialout.gateway.it;

import static io.dialout.gateway.it.DialoutClient.dial;
import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.gateway.testing.ConfigProfile;
import io.dialout.testkit.Sipp;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A room that never does ICE/DTLS: after the connect timeout the call ends with media-failure and a BYE. */
@QuarkusTest
@TestProfile(MediaFailureTest.ShortConnectTimeout.class)
class MediaFailureTest {

    public static class ShortConnectTimeout extends ConfigProfile {
        public ShortConnectTimeout() {
            super("gateway.media.connect-timeout", "2s");
        }
    }

    @TestHTTPResource("/v1/dialout")
    URI http;

    @Test
    void noIceFromTheRoomEndsTheCallWithMediaFailure() throws Exception {
        try (Sipp uas = Sipp.scenarioResource("sipp/api/uas_answer_wait_bye.xml")
                        .start();
                DialoutClient room = DialoutClient.connect(DialoutClient.ws(http))) {
            room.send(dial("c1", uas.uri("service")));
            assertThat(room.sequenceUntilEnded("c1"))
                    .containsExactly("answer", "state:trying", "state:ringing", "state:answered", "state:ended");
            assertThat(room.last().path("cause").asText()).isEqualTo("media-failure");
            assertThat(room.last().path("by").asText()).isEqualTo("local");
            assertThat(uas.awaitExit(Duration.ofSeconds(20))).as(uas.output()).isZero();
            assertThat(uas.count("^BYE sip:")).isEqualTo(1);
        }
    }
}
