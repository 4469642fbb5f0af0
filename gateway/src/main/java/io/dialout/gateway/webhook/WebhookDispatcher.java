package io.dialout.gateway.webhook;

import io.dialout.gateway.lifecycle.CallEventSink;
import io.dialout.gateway.lifecycle.CallLifecycleEvent;
import io.dialout.gateway.lifecycle.LifecycleJson;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Delivers the calls' lifecycle events to one webhook endpoint: a signed POST per event, retried with exponential
 * backoff, in order per call, never blocking the call.
 *
 * <p>Each call has a lane: its events wait in order, and only the head is in flight; the next goes once the head is
 * delivered or given up. Lanes of different calls run independently, so a call whose events are being retried does
 * not hold the others up. {@link #publish} only serializes the event and queues it: when {@code queueSize} events
 * are already waiting (an endpoint down for long under load), the new one is dropped and counted instead.
 *
 * <p>The JDK's {@link HttpClient} does the HTTP: asynchronous, with timeouts, HTTP/1.1 and TLS, which is all a
 * webhook needs; a library would add a dependency (and its own threads) for nothing more.
 */
public final class WebhookDispatcher implements CallEventSink, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);

    private final String name;
    private final URI url;
    private final WebhookSignature signature;
    private final Set<String> types;
    private final RetryPolicy retry;
    private final int capacity;
    private final LifecycleJson json;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;

    private final Map<String, ArrayDeque<Delivery>> lanes = new ConcurrentHashMap<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final Object idle = new Object();
    private volatile boolean closed;

    private final Counter delivered;
    private final Counter failed;
    private final Counter dropped;
    private final Counter retries;

    /** One event on its way: the body is made once, each attempt signs it afresh. */
    private record Delivery(String lane, String type, String eventId, byte[] body) {}

    /**
     * @param types     the event types to deliver; empty: all
     * @param http      shared by the endpoints
     * @param scheduler runs attempts and the backoff waits; shared by the endpoints
     */
    public WebhookDispatcher(
            String name,
            URI url,
            WebhookSignature signature,
            Set<String> types,
            RetryPolicy retry,
            int capacity,
            LifecycleJson json,
            HttpClient http,
            ScheduledExecutorService scheduler,
            MeterRegistry meters) {
        this.name = name;
        this.url = url;
        this.signature = signature;
        this.types = Set.copyOf(types);
        this.retry = retry;
        this.capacity = capacity;
        this.json = json;
        this.http = http;
        this.scheduler = scheduler;
        this.delivered = counter(meters, "dialout.webhook.delivered", "webhook events delivered (2xx)");
        this.failed = counter(meters, "dialout.webhook.failed", "webhook events given up after their last attempt");
        this.dropped = counter(meters, "dialout.webhook.dropped", "webhook events dropped: the queue was full");
        this.retries = counter(meters, "dialout.webhook.retries", "webhook delivery attempts that will be retried");
        Gauge.builder("dialout.webhook.queued", queued::get)
                .tag("endpoint", name)
                .description("webhook events waiting or in flight")
                .register(meters);
    }

    private Counter counter(MeterRegistry meters, String metric, String description) {
        return Counter.builder(metric)
                .tag("endpoint", name)
                .description(description)
                .register(meters);
    }

    public String name() {
        return name;
    }

    /** Events waiting or in flight. */
    public int queued() {
        return queued.get();
    }

    @Override
    public void publish(CallLifecycleEvent event) {
        if (closed || (!types.isEmpty() && !types.contains(event.type()))) {
            return;
        }
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            dropped.increment();
            LOG.debugf(
                    "webhook %s: queue full, %s of call %s dropped",
                    name, event.type(), event.call().gatewayCallId());
            return;
        }
        Delivery d = new Delivery(
                event.call().gatewayCallId(),
                event.type(),
                event.eventId(),
                json.event(event).getBytes(StandardCharsets.UTF_8));
        boolean[] start = {false};
        lanes.compute(d.lane(), (k, lane) -> {
            if (lane == null) {
                lane = new ArrayDeque<>();
                start[0] = true; // a new lane has nothing in flight
            }
            lane.add(d);
            return lane;
        });
        if (start[0]) {
            execute(() -> attempt(d, 1));
        }
    }

    private void attempt(Delivery d, int n) {
        if (closed && scheduler.isShutdown()) {
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(retry.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "dialout-gateway")
                .header("X-Dialout-Event", d.type())
                .header("X-Dialout-Event-Id", d.eventId())
                .header("X-Dialout-Attempt", Integer.toString(n))
                .header(WebhookSignature.HEADER, signature.header(System.currentTimeMillis() / 1000, d.body()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(d.body()))
                .build();
        try {
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, failure) -> outcome(d, n, response, failure));
        } catch (RuntimeException e) {
            outcome(d, n, null, e);
        }
    }

    private void outcome(Delivery d, int n, HttpResponse<?> response, Throwable failure) {
        int status = response == null ? 0 : response.statusCode();
        if (failure == null && status >= 200 && status < 300) {
            delivered.increment();
            next(d);
            return;
        }
        String what = failure != null ? describe(failure) : "HTTP " + status;
        boolean again = (failure != null || RetryPolicy.retryable(status)) && n < retry.maxAttempts() && !closed;
        if (again) {
            retries.increment();
            Duration wait = retry.backoff(n);
            LOG.debugf(
                    "webhook %s: %s attempt %d failed (%s), retry in %d ms", name, d.type(), n, what, wait.toMillis());
            schedule(() -> attempt(d, n + 1), wait);
        } else {
            failed.increment();
            LOG.warnf(
                    "webhook %s: %s %s of call %s given up after %d attempt(s): %s",
                    name, d.type(), d.eventId(), d.lane(), n, what);
            next(d);
        }
    }

    /** The head of the lane is done: start the next event of the same call, or drop the empty lane. */
    private void next(Delivery done) {
        Delivery[] head = {null};
        lanes.computeIfPresent(done.lane(), (k, lane) -> {
            lane.poll();
            head[0] = lane.peek();
            return lane.isEmpty() ? null : lane;
        });
        if (queued.decrementAndGet() == 0) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
        if (head[0] != null) {
            Delivery h = head[0];
            execute(() -> attempt(h, 1));
        }
    }

    private void execute(Runnable r) {
        schedule(r, Duration.ZERO);
    }

    private void schedule(Runnable r, Duration after) {
        try {
            scheduler.schedule(r, after.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) { // shut down
            LOG.debugf("webhook %s: not scheduled (%s)", name, e.getMessage());
        }
    }

    private static String describe(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getMessage() == null) {
            c = c.getCause();
        }
        if (c instanceof java.util.concurrent.CompletionException && c.getCause() != null) {
            c = c.getCause();
        }
        return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
    }

    /** Waits up to {@code wait} for the queued events to be delivered (or given up), then stops retrying. */
    public boolean flush(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (idle) {
            while (queued.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, left);
            }
        }
        return true;
    }

    @Override
    public void close() {
        closed = true;
        int left = queued.get();
        if (left > 0) {
            LOG.warnf("webhook %s: %d event(s) not delivered at shutdown", name, left);
        }
    }

    @Override
    public String toString() {
        return "WebhookDispatcher[" + name + "]"; // the URL may carry credentials
    }
}
