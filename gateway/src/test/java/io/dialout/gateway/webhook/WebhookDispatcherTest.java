package io.dialout.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dialout.gateway.call.StateReport;
import io.dialout.gateway.lifecycle.CallFacts;
import io.dialout.gateway.lifecycle.CallLifecycleEvent;
import io.dialout.gateway.lifecycle.LifecycleJson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The webhook delivery against a real HTTP receiver (the JDK's server on loopback) that is up, down, slow, or
 * answering errors: signed, retried with backoff, in order per call, never blocking the publisher, bounded.
 */
class WebhookDispatcherTest {

    private static final String SECRET = "test-secret-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    private final ExecutorService httpThreads = Executors.newCachedThreadPool();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3))
            .executor(httpThreads)
            .build();
    private final Map<String, Integer> sequences = new HashMap<>();
    private WebhookReceiver receiver;
    private WebhookDispatcher dispatcher;

    @BeforeEach
    void setUp() throws Exception {
        receiver = WebhookReceiver.onFreePort();
    }

    @AfterEach
    void tearDown() {
        if (dispatcher != null) {
            dispatcher.close();
        }
        receiver.close();
        scheduler.shutdownNow();
        httpThreads.shutdownNow();
    }

    private WebhookDispatcher dispatcher(int capacity, Set<String> types) {
        // A generous timeout: on a loaded machine a healthy answer must not count as a failed attempt.
        return dispatcher(capacity, types, Duration.ofSeconds(3));
    }

    private WebhookDispatcher dispatcher(int capacity, Set<String> types, Duration timeout) {
        dispatcher = new WebhookDispatcher(
                "test",
                receiver.uri(),
                new WebhookSignature(SECRET),
                types,
                new RetryPolicy(timeout, 50, Duration.ofMillis(50), Duration.ofMillis(400)),
                capacity,
                new LifecycleJson(JSON),
                http,
                scheduler,
                meters);
        return dispatcher;
    }

    private CallLifecycleEvent event(String call, String kind) {
        int seq = sequences.merge(call, 1, Integer::sum);
        StateReport report = kind.equals("ended")
                ? new StateReport("ended", 486, "Busy Here", "busy", "remote", 0L)
                : StateReport.of(kind);
        return new CallLifecycleEvent(
                kind,
                UUID.randomUUID().toString(),
                seq,
                Instant.now(),
                new CallFacts(call, "room-" + call, "sip:bob@example.com", "room-42", null),
                report,
                null);
    }

    private double count(String metric) {
        var c = meters.find(metric).tag("endpoint", "test").counter();
        return c == null ? 0 : c.count();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() < deadline)
                    .as(what + " within " + WAIT)
                    .isTrue();
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    private List<JsonNode> accepted(int n) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            WebhookReceiver.Received r = receiver.accepted.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(r).as("delivery " + (i + 1) + " of " + n).isNotNull();
            assertThat(ReceiverCheck.valid(r.header(WebhookSignature.HEADER), r.body(), SECRET, 300))
                    .as("signature of " + r.body())
                    .isTrue();
            JsonNode body = JSON.readTree(r.body());
            assertThat(r.header("X-Dialout-Event-Id")).isEqualTo(body.path("id").asText());
            assertThat(r.header("X-Dialout-Event")).isEqualTo(body.path("type").asText());
            assertThat(r.header("Content-Type")).isEqualTo("application/json");
            out.add(body);
        }
        return out;
    }

    private static List<String> sequence(List<JsonNode> events, String call) {
        return events.stream()
                .filter(e -> e.path("call").path("gatewayCallId").asText().equals(call))
                .map(e -> e.path("sequence").asInt() + ":" + e.path("state").asText())
                .toList();
    }

    @Test
    void signedEventsArriveInOrderPerCall() throws Exception {
        receiver.start();
        WebhookDispatcher d = dispatcher(100, Set.of());
        for (String kind : List.of("dialing", "trying", "ringing", "answered", "ended")) {
            d.publish(event("a", kind));
            d.publish(event("b", kind));
        }
        List<JsonNode> got = accepted(10);
        List<String> expected = List.of("1:dialing", "2:trying", "3:ringing", "4:answered", "5:ended");
        assertThat(sequence(got, "a")).containsExactlyElementsOf(expected);
        assertThat(sequence(got, "b")).containsExactlyElementsOf(expected);
        JsonNode ended = got.stream()
                .filter(e -> e.path("state").asText().equals("ended"))
                .findFirst()
                .orElseThrow();
        assertThat(ended.path("type").asText()).isEqualTo("call.ended");
        assertThat(ended.path("cause").asText()).isEqualTo("busy");
        assertThat(ended.path("sipStatus").asInt()).isEqualTo(486);
        assertThat(ended.has("quality")).isTrue();
        await("delivered counted", () -> count("dialout.webhook.delivered") == 10);
        assertThat(count("dialout.webhook.failed")).isZero();
        assertThat(receiver.requests()).isEqualTo(10);
    }

    @Test
    void theReceiversCheckRefusesATamperedBodyAnOldTimestampAndAnotherSecret() throws Exception {
        WebhookSignature s = new WebhookSignature(SECRET);
        String body = "{\"type\":\"call.ended\"}";
        long now = System.currentTimeMillis() / 1000;
        String header = s.header(now, body.getBytes());
        assertThat(ReceiverCheck.valid(header, body, SECRET, 300)).isTrue();
        assertThat(ReceiverCheck.valid(header, body.replace("ended", "answered"), SECRET, 300))
                .isFalse();
        assertThat(ReceiverCheck.valid(header, body, "another-secret-0123456789", 300))
                .isFalse();
        assertThat(ReceiverCheck.valid(s.header(now - 301, body.getBytes()), body, SECRET, 300))
                .isFalse();
        assertThat(s.verify(header, body.getBytes(), now, 300)).isTrue();
        assertThat(s.verify(header, body.getBytes(), now + 301, 300)).isFalse();
        assertThat(s.toString()).doesNotContain(SECRET);
    }

    @Test
    void anEndpointThatIsDownGetsTheEventsLaterInOrder() throws Exception {
        WebhookDispatcher d = dispatcher(100, Set.of());
        for (String kind : List.of("dialing", "trying", "ringing", "ended")) {
            d.publish(event("a", kind));
        }
        // Connection refused, retried with backoff: wait until a few attempts have failed, then come up.
        await("three refused attempts", () -> count("dialout.webhook.retries") >= 3);
        assertThat(receiver.requests()).isZero();
        receiver.start();
        List<JsonNode> got = accepted(4);
        assertThat(sequence(got, "a")).containsExactly("1:dialing", "2:trying", "3:ringing", "4:ended");
        await("all delivered", () -> count("dialout.webhook.delivered") == 4 && d.queued() == 0);
        assertThat(count("dialout.webhook.failed")).isZero();
    }

    @Test
    void aSlowReceiverIsRetriedAndThePublisherNeverWaits() throws Exception {
        receiver.start();
        receiver.delayMs = r -> r.number() <= 2 ? 4_000 : 0; // the first two requests outlast the 1 s timeout
        WebhookDispatcher d = dispatcher(100, Set.of(), Duration.ofSeconds(1));
        long t0 = System.nanoTime();
        for (String kind : List.of("dialing", "trying", "ended")) {
            d.publish(event("a", kind));
        }
        long publishMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(publishMs).as("publish only queues").isLessThan(200);
        List<JsonNode> got = accepted(3);
        assertThat(sequence(got, "a")).containsExactly("1:dialing", "2:trying", "3:ended");
        assertThat(count("dialout.webhook.retries")).isGreaterThanOrEqualTo(2);
        // At least once: the timed-out attempts reached the receiver too, with the same event id (receivers
        // de-duplicate by it).
        List<WebhookReceiver.Received> all = new ArrayList<>(receiver.received);
        assertThat(all.get(0).header("X-Dialout-Event-Id"))
                .isEqualTo(all.get(1).header("X-Dialout-Event-Id"))
                .isEqualTo(got.get(0).path("id").asText());
        assertThat(all.get(1).header("X-Dialout-Attempt")).isEqualTo("2");
    }

    @Test
    void a500IsRetriedAndA400IsGivenUpWithoutHoldingTheNextEvent() throws Exception {
        receiver.start();
        // By the gateway's own headers, so nothing else that might reach the port can shift the answers.
        receiver.respond = (n, h) -> switch (h.get("x-dialout-event")) {
            case "call.dialing" -> Integer.parseInt(h.get("x-dialout-attempt")) <= 2 ? 500 : 204;
            case "call.trying" -> 400;
            default -> 204;
        };
        WebhookDispatcher d = dispatcher(100, Set.of());
        d.publish(event("a", "dialing")); // 500, 500, 204
        List<JsonNode> first = accepted(1);
        assertThat(first.get(0).path("state").asText()).isEqualTo("dialing");
        d.publish(event("a", "trying")); // 400: not retried
        d.publish(event("a", "ended")); // 204
        List<JsonNode> next = accepted(1);
        assertThat(next.get(0).path("state").asText()).isEqualTo("ended");
        await("one failed", () -> count("dialout.webhook.failed") == 1);
        await("two delivered", () -> count("dialout.webhook.delivered") == 2);
        assertThat(count("dialout.webhook.retries")).isEqualTo(2);
        List<String> seen = receiver.received.stream()
                .map(r -> r.header("X-Dialout-Event") + "#" + r.header("X-Dialout-Attempt") + "=" + r.status())
                .toList();
        assertThat(seen)
                .containsExactly(
                        "call.dialing#1=500",
                        "call.dialing#2=500",
                        "call.dialing#3=204",
                        "call.trying#1=400",
                        "call.ended#1=204");
    }

    @Test
    void aFullQueueDropsNewEventsAndCountsThem() throws Exception {
        WebhookDispatcher d = dispatcher(3, Set.of()); // receiver down: nothing leaves the queue
        for (int i = 0; i < 5; i++) {
            d.publish(event("c" + i, "dialing"));
        }
        assertThat(count("dialout.webhook.dropped")).isEqualTo(2);
        assertThat(d.queued()).isEqualTo(3);
        assertThat(meters.find("dialout.webhook.queued").gauge().value()).isEqualTo(3);
        receiver.start();
        accepted(3);
        await("queue empty", () -> d.queued() == 0);
        assertThat(receiver.accepted).isEmpty();
    }

    @Test
    void anEndpointMayTakeOnlySomeEventTypes() throws Exception {
        receiver.start();
        WebhookDispatcher d = dispatcher(100, Set.of("call.ended"));
        for (String kind : List.of("dialing", "trying", "ended")) {
            d.publish(event("a", kind));
        }
        List<JsonNode> got = accepted(1);
        assertThat(got.get(0).path("type").asText()).isEqualTo("call.ended");
        assertThat(got.get(0).path("sequence").asInt()).isEqualTo(3);
        await("queue empty", () -> d.queued() == 0);
        assertThat(receiver.requests()).isEqualTo(1);
    }

    @Test
    void backoffDoublesUpToItsCapWithJitter() {
        RetryPolicy p = new RetryPolicy(Duration.ofSeconds(1), 5, Duration.ofMillis(100), Duration.ofMillis(1000));
        for (int i = 0; i < 50; i++) {
            assertThat(p.backoff(1).toMillis()).isBetween(50L, 100L);
            assertThat(p.backoff(2).toMillis()).isBetween(100L, 200L);
            assertThat(p.backoff(4).toMillis()).isBetween(400L, 800L);
            assertThat(p.backoff(9).toMillis()).isBetween(500L, 1000L);
            assertThat(p.backoff(200).toMillis()).isBetween(500L, 1000L);
        }
        assertThat(RetryPolicy.retryable(500)).isTrue();
        assertThat(RetryPolicy.retryable(503)).isTrue();
        assertThat(RetryPolicy.retryable(429)).isTrue();
        assertThat(RetryPolicy.retryable(408)).isTrue();
        assertThat(RetryPolicy.retryable(400)).isFalse();
        assertThat(RetryPolicy.retryable(401)).isFalse();
    }
}
