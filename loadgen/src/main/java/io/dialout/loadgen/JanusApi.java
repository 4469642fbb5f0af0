package io.dialout.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Janus's plain-HTTP API (the "janus" protocol of its HTTP transport): requests are POSTed to /janus,
 * /janus/SESSION or /janus/SESSION/HANDLE with a transaction id; events come back on a long poll,
 * {@code GET /janus/SESSION?maxev=N}, which Janus holds up to 30 s and answers with a JSON array of events.
 * Shared by every {@link JanusCall} of a run: one HTTP client (one connection per request in flight), one small
 * pool for the callbacks, one timer for keepalives.
 */
final class JanusApi implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Events fetched per long poll at most. */
    static final int MAX_EVENTS = 10;

    private final URI base;
    private final ExecutorService callbacks = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "loadgen-janus");
        t.setDaemon(true);
        return t;
    });
    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "loadgen-janus-keepalive");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http;
    private final AtomicLong transactions = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicInteger posting = new java.util.concurrent.atomic.AtomicInteger();

    JanusApi(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(callbacks)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    ObjectNode request(String janus) {
        return JSON.createObjectNode().put("janus", janus).put("transaction", "t" + transactions.incrementAndGet());
    }

    /** POSTs {@code body} to base + path ("" or "/SESSION" or "/SESSION/HANDLE"); completes with Janus's reply. */
    CompletableFuture<JsonNode> post(String path, ObjectNode body) {
        HttpRequest r = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        posting.incrementAndGet();
        return http.sendAsync(r, HttpResponse.BodyHandlers.ofString())
                .whenComplete((x, e) -> posting.decrementAndGet())
                .thenApply(JanusApi::parse);
    }

    /** One long poll for a session's events: completes with an array (maybe holding just a keepalive). */
    CompletableFuture<JsonNode> poll(long session) {
        HttpRequest r = HttpRequest.newBuilder(
                        URI.create(base + "/" + session + "?maxev=" + MAX_EVENTS + "&rid=" + System.nanoTime()))
                .timeout(Duration.ofSeconds(60))
                .GET()
                .build();
        return http.sendAsync(r, HttpResponse.BodyHandlers.ofString()).thenApply(JanusApi::parse);
    }

    private static JsonNode parse(HttpResponse<String> r) {
        if (r.statusCode() != 200) {
            throw new IllegalStateException("janus http " + r.statusCode());
        }
        try {
            return JSON.readTree(r.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("janus sent bad JSON: " + e.getMessage());
        }
    }

    /** Closes after the requests in flight (the last hangups and destroys) are answered, 5 s at most. */
    @Override
    public void close() {
        long end = System.nanoTime() + 5_000_000_000L;
        while (posting.get() > 0 && System.nanoTime() < end) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        timer.shutdownNow();
        callbacks.shutdownNow(); // the client's own selector thread ends once the client is unreachable
    }
}
