package io.dialout.gateway.config;

import io.dialout.gateway.lifecycle.CallLifecycleEvent;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** The start-up checks of {@code gateway.webhooks.*} and {@code gateway.cdr.*}: every problem, never a secret. */
public final class WebhookSettingsCheck {

    private static final int MIN_SECRET = 16;

    private WebhookSettingsCheck() {}

    public static List<String> problems(WebhookSettings hooks, CdrSettings cdr) {
        List<String> p = new ArrayList<>();
        hooks.endpoints().forEach((name, e) -> {
            String prefix = "gateway.webhooks.endpoints." + name;
            try {
                URI u = URI.create(e.url());
                if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                    p.add(prefix + ".url must be an absolute http or https URL");
                }
            } catch (IllegalArgumentException x) {
                p.add(prefix + ".url is not a URL");
            }
            if (e.secret().length() < MIN_SECRET) {
                p.add(prefix + ".secret must be at least " + MIN_SECRET + " characters (its value is not shown)");
            }
            for (String type : e.events().orElse(List.of())) {
                if (!type.startsWith("call.") || !CallLifecycleEvent.KINDS.contains(type.substring(5))) {
                    p.add(prefix + ".events: unknown event type " + type);
                }
            }
        });
        if (hooks.maxAttempts() < 1) {
            p.add("gateway.webhooks.max-attempts must be at least 1");
        }
        if (hooks.queueSize() < 1) {
            p.add("gateway.webhooks.queue-size must be at least 1");
        }
        if (hooks.timeout().isZero() || hooks.timeout().isNegative()) {
            p.add("gateway.webhooks.timeout must be positive");
        }
        if (hooks.initialBackoff().isNegative() || hooks.maxBackoff().compareTo(hooks.initialBackoff()) < 0) {
            p.add("gateway.webhooks.max-backoff must be at least gateway.webhooks.initial-backoff");
        }
        if (cdr.queueSize() < 1) {
            p.add("gateway.cdr.queue-size must be at least 1");
        }
        return p;
    }

    /** The URL without userinfo and query, for the log: a receiver may take credentials in either. */
    public static String loggable(String url) {
        URI u = URI.create(url);
        return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort())
                + (u.getRawPath() == null ? "" : u.getRawPath());
    }
}
