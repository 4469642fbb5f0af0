package io.dialout.gateway.wiring;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dialout.gateway.config.CdrSettings;
import io.dialout.gateway.config.WebhookSettings;
import io.dialout.gateway.config.WebhookSettingsCheck;
import io.dialout.gateway.lifecycle.CallEventSink;
import io.dialout.gateway.lifecycle.CallEvents;
import io.dialout.gateway.lifecycle.CdrWriter;
import io.dialout.gateway.lifecycle.LifecycleJson;
import io.dialout.gateway.webhook.RetryPolicy;
import io.dialout.gateway.webhook.WebhookDispatcher;
import io.dialout.gateway.webhook.WebhookSignature;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Builds the call event sinks (webhook endpoints, the CDR writer) from {@code gateway.webhooks.*} and
 * {@code gateway.cdr.*} at start-up (bad settings fail the start: {@link WebhookSettingsCheck}), and stops them at
 * shutdown after a short flush.
 */
@Singleton
public class WebhookProducer {

    private static final Logger LOG = Logger.getLogger(WebhookProducer.class);

    private final List<WebhookDispatcher> dispatchers = new ArrayList<>();
    private CdrWriter cdr;
    private ScheduledThreadPoolExecutor scheduler;
    private ExecutorService httpThreads;
    private Duration flush = Duration.ZERO;

    @Produces
    @Singleton
    @Startup
    CallEvents callEvents(WebhookSettings hooks, CdrSettings cdrSettings, ObjectMapper mapper, MeterRegistry meters) {
        List<String> problems = WebhookSettingsCheck.problems(hooks, cdrSettings);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("bad configuration:\n  " + String.join("\n  ", problems));
        }
        LifecycleJson json = new LifecycleJson(mapper);
        List<CallEventSink> sinks = new ArrayList<>();
        cdr = new CdrWriter(json, cdrSettings.file().orElse(null), cdrSettings.log(), cdrSettings.queueSize(), meters);
        if (cdr.enabled()) {
            sinks.add(cdr);
        }
        Map<String, WebhookSettings.Endpoint> endpoints = new TreeMap<>(hooks.endpoints());
        if (!endpoints.isEmpty()) {
            flush = hooks.shutdownFlush();
            scheduler = new ScheduledThreadPoolExecutor(1, daemon("webhook-"));
            scheduler.setRemoveOnCancelPolicy(true);
            httpThreads = Executors.newCachedThreadPool(daemon("webhook-http-"));
            HttpClient http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(hooks.timeout())
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .executor(httpThreads)
                    .build();
            RetryPolicy retry =
                    new RetryPolicy(hooks.timeout(), hooks.maxAttempts(), hooks.initialBackoff(), hooks.maxBackoff());
            endpoints.forEach((name, e) -> {
                WebhookDispatcher d = new WebhookDispatcher(
                        name,
                        URI.create(e.url()),
                        new WebhookSignature(e.secret()),
                        Set.copyOf(e.events().orElse(List.of())),
                        retry,
                        hooks.queueSize(),
                        json,
                        http,
                        scheduler,
                        meters);
                dispatchers.add(d);
                sinks.add(d);
                LOG.infof("webhook %s: call events to %s", name, WebhookSettingsCheck.loggable(e.url()));
            });
        }
        return new CallEvents(sinks);
    }

    @PreDestroy
    void stop() {
        long deadline = System.nanoTime() + flush.toNanos();
        for (WebhookDispatcher d : dispatchers) {
            try {
                d.flush(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            d.close();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
            httpThreads.shutdownNow();
        }
        if (cdr != null) {
            cdr.close();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
