package io.dialout.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code gateway.webhooks.*}: the platform's endpoints that receive each call's lifecycle, and how deliveries are
 * retried (the CDR is {@code gateway.cdr.*}). Checked at start-up by {@link WebhookSettingsCheck}.
 */
@ConfigMapping(prefix = "gateway.webhooks")
public interface WebhookSettings {

    /** The endpoints, by a name of the operator's choosing (used in metrics and logs). */
    Map<String, Endpoint> endpoints();

    /** Time allowed for one delivery (connect + response); a slower receiver is retried. */
    @WithDefault("5s")
    Duration timeout();

    /** Attempts per event before it is given up ({@code dialout_webhook_failed_total}). */
    @WithDefault("8")
    int maxAttempts();

    /** Wait before the first retry; doubled at each retry, up to {@link #maxBackoff()}. */
    @WithDefault("1s")
    Duration initialBackoff();

    @WithDefault("60s")
    Duration maxBackoff();

    /** Events waiting or in flight per endpoint; beyond it new events are dropped ({@code dialout_webhook_dropped_total}). */
    @WithDefault("10000")
    int queueSize();

    /** On shutdown, how long deliveries still queued may take before they are abandoned. */
    @WithDefault("5s")
    Duration shutdownFlush();

    interface Endpoint {
        /** http or https URL that receives a POST per event. */
        String url();

        /** The HMAC-SHA256 key the receiver shares (at least 16 characters); never logged. */
        String secret();

        /** Only these event types (e.g. {@code call.answered,call.ended}); all when unset. */
        Optional<List<String>> events();
    }
}
