package io.dialout.gateway.it;

import static io.dialout.gateway.it.DialoutClient.dial;
import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.gateway.testing.ConfigProfile;
import io.dialout.testkit.FreePorts;
import io.dialout.testkit.Sipp;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * gateway.dialplan.* end to end: a tel: number goes through a prefix rule to a G.711-only trunk (sipp); the INVITE
 * carries the E.164 number and the room is answered with PCMU because of the trunk's g711-only flag.
 */
@QuarkusTest
@TestProfile(DialPlanRoutingTest.WithTrunk.class)
class DialPlanRoutingTest {

    public static class WithTrunk extends ConfigProfile {
        public WithTrunk() {
            super(
                    "gateway.dialplan.trunks.local.host",
                    "127.0.0.1:" + FreePorts.udp(),
                    "gateway.dialplan.trunks.local.g711-only",
                    "true",
                    "gateway.dialplan.rules[0].prefix",
                    "+1555",
                    "gateway.dialplan.rules[0].trunk",
                    "local",
                    "gateway.dialplan.deny",
                    "[+]1555999.*"); // a backslash would be eaten by the config list syntax
        }
    }

    @TestHTTPResource("/v1/dialout")
    URI http;

    /** The profile is instantiated in another class loader: read the port it chose back from the configuration. */
    @ConfigProperty(name = "gateway.dialplan.trunks.local.host")
    String trunkHost;

    @Test
    void aNumberIsRoutedThroughItsTrunk() throws Exception {
        int trunkPort = Integer.parseInt(trunkHost.substring(trunkHost.indexOf(':') + 1));
        try (Sipp uas = Sipp.scenarioResource("sipp/api/uas_answer_wait_bye.xml")
                        .localPort(trunkPort)
                        .start();
                DialoutClient room = DialoutClient.connect(DialoutClient.ws(http))) {
            room.send(dial("denied", "+15559990000"));
            assertThat(room.sequenceUntilEnded("denied")).containsExactly("state:ended");
            assertThat(room.last().path("cause").asText()).isEqualTo("policy");

            room.send(dial("c1", "tel:+1-555-123-4567"));
            String answer = room.next("answer").path("sdp").asText();
            assertThat(answer).contains("a=rtpmap:0 PCMU/8000").doesNotContain("opus");
            room.nextState("trying");
            room.nextState("ringing");
            room.nextState("answered");
            room.hangUp("c1");
            assertThat(uas.awaitExit(Duration.ofSeconds(20))).as(uas.output()).isZero();
            assertThat(uas.count("^INVITE sip:\\+15551234567@127\\.0\\.0\\.1:" + trunkPort + " SIP/2\\.0"))
                    .isEqualTo(1);
        }
    }
}
