package io.dialout.gateway.webhook;

import static io.dialout.gateway.it.DialoutClient.dial;
import static io.dialout.gateway.it.DialoutClient.message;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dialout.gateway.contract.AsyncApiSchemas;
import io.dialout.gateway.it.DialoutClient;
import io.dialout.testkit.FreePorts;
import io.dialout.testkit.Sipp;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.jwt.build.Jwt;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real calls (sipp callees, the demo endpoint) reported to a real webhook receiver and to a CDR file: every step, in
 * order, signed; a slow platform never slows a call; and no secret (webhook key, trunk password, room token) shows in
 * an event, a record or the log.
 */
@QuarkusTest
@TestProfile(CallEventsTest.Platform.class)
class CallEventsTest {

    static final String WEBHOOK_SECRET = "whsec-7f3a9c1e5b2d8046-platform";
    static final String TRUNK_PASSWORD = "trunk-pw-9d2e71c4";
    static final String ISSUER = "https://rooms.example";
    static final Path LOG = Path.of("target/call-events-test.log");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final AsyncApiSchemas SCHEMAS = AsyncApiSchemas.load();

    public static class Platform implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry("gateway.auth.enabled", "true"),
                    Map.entry("mp.jwt.verify.publickey.location", "auth/publicKey.pem"),
                    Map.entry("mp.jwt.verify.issuer", ISSUER),
                    Map.entry(
                            "gateway.webhooks.endpoints.platform.url",
                            "http://127.0.0.1:" + FreePorts.tcp() + "/hooks"),
                    Map.entry("gateway.webhooks.endpoints.platform.secret", WEBHOOK_SECRET),
                    Map.entry("gateway.webhooks.timeout", "1s"),
                    Map.entry("gateway.webhooks.initial-backoff", "100ms"),
                    Map.entry("gateway.webhooks.max-backoff", "400ms"),
                    Map.entry("gateway.webhooks.max-attempts", "100"),
                    Map.entry("gateway.cdr.file", "target/cdr/call-events-" + System.nanoTime() + ".jsonl"),
                    Map.entry("gateway.dialplan.trunks.carrier.host", "127.0.0.1:" + FreePorts.udp()),
                    Map.entry("gateway.dialplan.trunks.carrier.username", "gateway-user"),
                    Map.entry("gateway.dialplan.trunks.carrier.password", TRUNK_PASSWORD),
                    Map.entry("gateway.dialplan.rules[0].prefix", "+1555"),
                    Map.entry("gateway.dialplan.rules[0].trunk", "carrier"),
                    Map.entry("quarkus.log.file.enabled", "true"),
                    Map.entry("quarkus.log.file.path", LOG.toString()),
                    Map.entry("quarkus.log.file.level", "DEBUG"),
                    Map.entry("quarkus.log.category.\"io.dialout\".level", "DEBUG"));
        }
    }

    @TestHTTPResource("/v1/dialout")
    URI http;

    /** The profile runs in another class loader: the ports and paths it chose are read back from the config. */
    @ConfigProperty(name = "gateway.webhooks.endpoints.platform.url")
    String hookUrl;

    @ConfigProperty(name = "gateway.cdr.file")
    String cdrFile;

    @ConfigProperty(name = "gateway.dialplan.trunks.carrier.host")
    String trunkHost;

    private WebhookReceiver receiver;
    private String lastToken;

    @BeforeEach
    void receiver() throws Exception {
        receiver = WebhookReceiver.onPort(URI.create(hookUrl).getPort()).start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    private DialoutClient room(List<String> allow) throws Exception {
        String token = Jwt.issuer(ISSUER)
                .subject("room-42")
                .claim("dialout_allow", allow)
                .expiresIn(Duration.ofMinutes(5))
                .sign("auth/privateKey.pem");
        lastToken = token;
        return DialoutClient.connect(
                URI.create(http.toString().replaceFirst("^http", "ws")), Map.of("Authorization", "Bearer " + token));
    }

    /** The events of one call as the platform accepted them, each verified, up to {@code call.ended}. */
    private List<JsonNode> eventsOf(String callId) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (events.isEmpty()
                || !events.get(events.size() - 1).path("type").asText().equals("call.ended")) {
            long left = deadline - System.nanoTime();
            assertThat(left)
                    .as("call.ended of " + callId + " delivered; so far " + events)
                    .isPositive();
            WebhookReceiver.Received r = receiver.accepted.poll(left, TimeUnit.NANOSECONDS);
            if (r == null) {
                continue;
            }
            JsonNode e = JSON.readTree(r.body());
            if (!e.path("call").path("callId").asText().equals(callId)
                    || !ids.add(e.path("id").asText())) {
                continue; // another test's call, or a duplicate of a retried delivery
            }
            assertThat(ReceiverCheck.valid(r.header("X-Dialout-Signature"), r.body(), WEBHOOK_SECRET, 300))
                    .as("signature of " + r.body())
                    .isTrue();
            assertThat(SCHEMAS.problems("CallEvent", e))
                    .as("docs/asyncapi.yaml CallEvent: " + e)
                    .isEmpty();
            assertThat(r.header("X-Dialout-Signature")).matches("t=[0-9]+,v1=[0-9a-f]{64}");
            events.add(e);
        }
        return events;
    }

    private static List<String> summary(List<JsonNode> events) {
        return events.stream()
                .map(e -> e.path("sequence").asInt() + ":" + e.path("type").asText())
                .toList();
    }

    private JsonNode cdrOf(String callId) throws Exception {
        Path file = Path.of(cdrFile);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file)) {
                    JsonNode n = JSON.readTree(line);
                    if (n.path("callId").asText().equals(callId)) {
                        assertThat(SCHEMAS.problems("CallDetailRecord", n))
                                .as("docs/asyncapi.yaml CallDetailRecord: " + n)
                                .isEmpty();
                        return n;
                    }
                }
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new AssertionError("no CDR for " + callId + " in " + file);
    }

    @Test
    void everyStepOfACallReachesThePlatformSignedAndInOrderAndTheCdrIsWritten() throws Exception {
        try (Sipp uas = Sipp.scenarioResource("sipp/api/uas_hold_resume.xml").start();
                DialoutClient room = room(List.of("sip:service@127.0.0.1:" + uas.localPort()))) {
            String to = uas.uri("service");
            room.send(dial("hooks-1", to).set("from", JSON.createObjectNode().put("user", "room-42")));
            room.next("answer");
            room.nextState("trying");
            room.nextState("ringing");
            room.nextState("answered");
            room.send(message("hold", "hooks-1"));
            room.nextState("held");
            room.send(message("resume", "hooks-1"));
            room.nextState("resumed");
            room.send(message("hangup", "hooks-1"));
            room.nextState("ended");
            assertThat(uas.awaitExit(Duration.ofSeconds(20))).as(uas.output()).isZero();

            List<JsonNode> events = eventsOf("hooks-1");
            assertThat(summary(events))
                    .containsExactly(
                            "1:call.dialing",
                            "2:call.trying",
                            "3:call.ringing",
                            "4:call.answered",
                            "5:call.held",
                            "6:call.resumed",
                            "7:call.ended");
            String gatewayCallId =
                    events.get(0).path("call").path("gatewayCallId").asText();
            assertThat(gatewayCallId).isNotBlank();
            for (JsonNode e : events) {
                assertThat(e.path("call").path("gatewayCallId").asText()).isEqualTo(gatewayCallId);
                assertThat(e.path("call").path("to").asText()).isEqualTo(to);
                assertThat(e.path("call").path("from").path("user").asText()).isEqualTo("room-42");
                assertThat(e.path("version").asInt()).isEqualTo(1);
            }
            assertThat(events.get(2).path("sipStatus").asInt()).isEqualTo(180);
            assertThat(events.get(3).path("sipStatus").asInt()).isEqualTo(200);
            assertThat(events.get(4).path("by").asText()).isEqualTo("local");
            JsonNode ended = events.get(6);
            assertThat(ended.path("cause").asText()).isEqualTo("local-hangup");
            assertThat(ended.path("by").asText()).isEqualTo("local");
            assertThat(ended.path("durationSec").isIntegralNumber()).isTrue();
            assertThat(ended.path("call").path("sipCallId").asText()).isNotBlank();
            assertThat(ended.path("codecs").path("room").path("audio").asText()).isNotBlank();
            assertThat(ended.path("codecs").path("sip").path("audio").asText()).isNotBlank();
            assertThat(ended.has("quality")).isTrue();
            assertThat(Instant.parse(ended.path("endedAt").asText()))
                    .isAfterOrEqualTo(Instant.parse(ended.path("answeredAt").asText()));

            JsonNode cdr = cdrOf("hooks-1");
            assertThat(cdr.path("type").asText()).isEqualTo("cdr");
            assertThat(cdr.path("gatewayCallId").asText()).isEqualTo(gatewayCallId);
            assertThat(cdr.path("sipCallId").asText())
                    .isEqualTo(ended.path("call").path("sipCallId").asText());
            assertThat(cdr.path("to").asText()).isEqualTo(to);
            assertThat(cdr.path("cause").asText()).isEqualTo("local-hangup");
            assertThat(cdr.path("codecs")).isEqualTo(ended.path("codecs"));
            assertThat(cdr.path("startedAt").asText()).isNotBlank();
            assertThat(cdr.path("answeredAt").asText())
                    .isEqualTo(ended.path("answeredAt").asText());
            assertThat(cdr.path("setupMs").asLong()).isNotNegative();
            assertThat(cdr.has("quality")).isTrue();
        }
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .contains("dialout_webhook_delivered_total{endpoint=\"platform\"}")
                .contains("dialout_webhook_dropped_total{endpoint=\"platform\"} 0.0")
                .contains("dialout_webhook_failed_total{endpoint=\"platform\"}")
                .contains("dialout_cdr_written_total");
    }

    @Test
    void aSlowPlatformDoesNotSlowTheCallAndStillGetsEveryEventInOrder() throws Exception {
        // Every first attempt of this call's events is held 3 s, beyond the 1 s timeout: each is retried.
        receiver.delayMs = r -> r.body().contains("\"slow-1\"") && "1".equals(r.header("X-Dialout-Attempt")) ? 3000 : 0;
        try (DialoutClient room = room(List.of("sip:busy@demo"))) {
            long t0 = System.nanoTime();
            room.send(dial("slow-1", "sip:busy@demo"));
            assertThat(room.sequenceUntilEnded("slow-1")).containsExactly("answer", "state:trying", "state:ended");
            long callMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertThat(callMs).as("dial to ended, while the platform stalls").isLessThan(2500);
            assertThat(room.last().path("cause").asText()).isEqualTo("busy");

            List<JsonNode> events = eventsOf("slow-1");
            assertThat(summary(events)).containsExactly("1:call.dialing", "2:call.trying", "3:call.ended");
            JsonNode ended = events.get(2);
            assertThat(ended.path("cause").asText()).isEqualTo("busy");
            assertThat(ended.path("sipStatus").asInt()).isEqualTo(486);
            assertThat(ended.path("by").asText()).isEqualTo("remote");
            assertThat(ended.path("durationSec").asInt()).isZero();
            assertThat(ended.has("answeredAt")).isFalse();
            long retried = receiver.received.stream()
                    .filter(r -> r.body().contains("\"slow-1\"") && !"1".equals(r.header("X-Dialout-Attempt")))
                    .count();
            assertThat(retried).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void noSecretAppearsInEventsRecordsOrTheLog() throws Exception {
        int trunkPort = Integer.parseInt(trunkHost.substring(trunkHost.indexOf(':') + 1));
        try (Sipp uas = Sipp.scenarioResource("sipp/uas_auth_401.xml")
                        .localPort(trunkPort)
                        .set("user", "gateway-user")
                        .set("pass", TRUNK_PASSWORD)
                        .start();
                DialoutClient room = room(List.of("+1555*"))) {
            // The digest challenge is answered with the trunk's password: the call is answered.
            room.send(dial("trunk-1", "tel:+15551234567"));
            room.next("answer");
            room.nextState("trying");
            JsonNode s;
            do {
                s = room.next("state");
            } while (!s.path("state").asText().equals("answered")
                    && !s.path("state").asText().equals("ended"));
            assertThat(s.path("state").asText()).as(uas.output()).isEqualTo("answered");
            room.send(message("hangup", "trunk-1"));
            room.nextState("ended");
            assertThat(uas.awaitExit(Duration.ofSeconds(20))).as(uas.output()).isZero();
            assertThat(uas.messages()).contains("Authorization: Digest ", "username=\"gateway-user\"");
        }
        String token = lastToken;
        List<JsonNode> events = eventsOf("trunk-1");
        assertThat(events.get(events.size() - 1).path("cause").asText()).isEqualTo("local-hangup");
        JsonNode cdr = cdrOf("trunk-1");
        String everything = String.join(
                        "\n",
                        receiver.received.stream()
                                .map(r -> r.headers() + r.body())
                                .toList()) + "\n" + Files.readString(Path.of(cdrFile));
        // The log is written by the gateway's file handler: wait until this call's CDR line (cdr.log) is in it.
        String log = "";
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!log.contains(cdr.path("gatewayCallId").asText()) && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(50);
            log = Files.readString(LOG);
        }
        assertThat(log).contains("\"type\":\"cdr\"").contains("\"callId\":\"trunk-1\"");
        assertThat(everything).contains("trunk-1").contains(WebhookSignature.HEADER.toLowerCase(java.util.Locale.ROOT));
        // The token's signature part: the claims (header, payload) are not secret, the signature proves possession.
        String tokenSignature = token.substring(token.lastIndexOf('.') + 1);
        for (String secret : List.of(WEBHOOK_SECRET, TRUNK_PASSWORD, token, tokenSignature)) {
            assertThat(everything).as("events and records").doesNotContain(secret);
            assertThat(log).as("the log").doesNotContain(secret);
        }
    }
}
