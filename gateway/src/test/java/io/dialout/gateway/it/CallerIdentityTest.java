package io.dialout.gateway.it;

import static io.dialout.gateway.it.DialoutClient.dial;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * Caller identity per trunk and per dial (issue 12 item 15): From user and host, P-Asserted-Identity (RFC 3325),
 * Privacy (RFC 3323), Diversion (RFC 5806). sipp checks each header of the INVITE on the wire (a check that does
 * not match fails its scenario); identities the trunk does not allow end the call as {@code policy} with no INVITE;
 * malformed values are {@code error bad-request}.
 */
@QuarkusTest
@TestProfile(CallerIdentityTest.IdentityTrunk.class)
class CallerIdentityTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    /** A trunk on a free port that asserts +15550100 and lets rooms claim +1555010x and From host alt.example.com. */
    public static class IdentityTrunk extends ConfigProfile {
        public IdentityTrunk() {
            super(
                    "gateway.dialplan.trunks.idtrunk.host", "127.0.0.1:" + FreePorts.udp(),
                    "gateway.dialplan.trunks.idtrunk.identity-header", "pai",
                    "gateway.dialplan.trunks.idtrunk.asserted-identity", "sip:+15550100@carrier.example",
                    "gateway.dialplan.trunks.idtrunk.from-host", "rooms.example.com",
                    "gateway.dialplan.trunks.idtrunk.allowed-callers", "[+]1555010[0-9]",
                    "gateway.dialplan.trunks.idtrunk.allowed-from-hosts", "alt[.]example[.]com",
                    "gateway.dialplan.rules[0].prefix", "+1555",
                    "gateway.dialplan.rules[0].trunk", "idtrunk");
        }
    }

    @TestHTTPResource("/v1/dialout")
    URI http;

    @ConfigProperty(name = "gateway.dialplan.trunks.idtrunk.host")
    String trunkHost;

    private Sipp trunk(String scenario) {
        return Sipp.scenarioResource("sipp/identity/" + scenario)
                .localPort(Integer.parseInt(trunkHost.substring(trunkHost.indexOf(':') + 1)))
                .timeout(Duration.ofSeconds(30))
                .start();
    }

    private static ObjectNode from(ObjectNode dial) {
        return dial.putObject("from");
    }

    @Test
    void assertedCallerHostAndDiversionGoOnTheWire() throws Exception {
        try (Sipp sipp = trunk("uas_identity_asserted.xml");
                DialoutClient room = DialoutClient.connect(DialoutClient.ws(http))) {
            ObjectNode d = dial("id1", "+15551234567");
            from(d).put("user", "+15550101").put("host", "alt.example.com").put("assertedIdentity", "tel:+15550101");
            d.putObject("diversion")
                    .put("uri", "tel:+15550102")
                    .put("reason", "unconditional")
                    .put("counter", 2);
            room.send(d);
            room.sequenceUntilEnded("id1");
            assertThat(room.last().path("cause").asText())
                    .as(room.last().toString())
                    .isEqualTo("busy");
            assertThat(sipp.awaitExit(WAIT)).as(sipp.output() + sipp.messages()).isZero();
            AnsweredOnHoldTest.awaitNoCalls();
        }
    }

    @Test
    void aPrivateCallerSendsAnAnonymousFromAndTheTrunksIdentity() throws Exception {
        try (Sipp sipp = trunk("uas_identity_private.xml");
                DialoutClient room = DialoutClient.connect(DialoutClient.ws(http))) {
            ObjectNode d = dial("id2", "+15551234567");
            from(d).put("displayName", "Weekly sync").put("privacy", "id");
            room.send(d);
            room.sequenceUntilEnded("id2");
            assertThat(room.last().path("cause").asText())
                    .as(room.last().toString())
                    .isEqualTo("busy");
            assertThat(sipp.awaitExit(WAIT)).as(sipp.output() + sipp.messages()).isZero();
            assertThat(sipp.messages()).doesNotContain("Weekly sync").doesNotContain("rooms.example.com>");
            AnsweredOnHoldTest.awaitNoCalls();
        }
    }

    @Test
    void identitiesTheTrunkDoesNotAllowAreRefusedWithoutAnInvite() throws Exception {
        try (Sipp sipp = trunk("uas_identity_private.xml");
                DialoutClient room = DialoutClient.connect(DialoutClient.ws(http))) {
            ObjectNode a = dial("p1", "+15551234567");
            from(a).put("assertedIdentity", "tel:+19005550000");
            ObjectNode b = dial("p2", "+15551234567");
            from(b).put("host", "bank.example.com");
            ObjectNode c = dial("p3", "+15551234567");
            from(c).put("user", "+4420790000");
            ObjectNode e = dial("p4", "+15551234567");
            e.putObject("diversion").put("uri", "sip:+4420790000@elsewhere.example");
            for (ObjectNode d : new ObjectNode[] {a, b, c, e}) {
                room.send(d);
                String id = d.path("callId").asText();
                assertThat(room.sequenceUntilEnded(id)).containsExactly("state:ended");
                JsonNode ended = room.last();
                assertThat(ended.path("cause").asText()).as(ended.toString()).isEqualTo("policy");
                assertThat(ended.path("reason").asText()).contains("the trunk does not allow");
            }
            assertThat(sipp.count("^INVITE ")).isZero();
            AnsweredOnHoldTest.awaitNoCalls();
        }
    }

    @Test
    void malformedIdentityFieldsAreBadRequests() throws Exception {
        try (DialoutClient room = DialoutClient.connect(DialoutClient.ws(http))) {
            String[][] bad = {
                {"assertedIdentity", "sip:+15550101@x.example\r\nX-Evil: 1"},
                {"assertedIdentity", "sip:+15550101@x.example?Subject=hi"},
                {"assertedIdentity", "mailto:a@b.example"},
                {"assertedIdentity", "tel:+1" + "5".repeat(300)},
                {"host", "rooms.example.com>\"x"},
                {"privacy", "id;none"},
                {"privacy", "everything"},
            };
            int n = 0;
            for (String[] field : bad) {
                ObjectNode d = dial("b" + n++, "+15551234567");
                from(d).put(field[0], field[1]);
                room.send(d);
                JsonNode error = room.nextError("bad-request");
                assertThat(error.path("message").asText()).contains("from." + field[0]);
            }
            ObjectNode d = dial("b" + n, "+15551234567");
            d.putObject("diversion").put("uri", "tel:+15550102").put("reason", "because");
            room.send(d);
            assertThat(room.nextError("bad-request").path("message").asText()).contains("diversion.reason");
        }
    }
}
