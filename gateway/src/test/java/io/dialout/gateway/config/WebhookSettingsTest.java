package io.dialout.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Bad webhook settings stop the start-up with every problem listed, and never with a secret in the message. */
class WebhookSettingsTest {

    record Endpoint(String url, String secret, Optional<List<String>> events) implements WebhookSettings.Endpoint {}

    record Settings(Map<String, WebhookSettings.Endpoint> endpoints, int maxAttempts, int queueSize)
            implements WebhookSettings {
        public Duration timeout() {
            return Duration.ofSeconds(5);
        }

        public Duration initialBackoff() {
            return Duration.ofSeconds(1);
        }

        public Duration maxBackoff() {
            return Duration.ofSeconds(60);
        }

        public Duration shutdownFlush() {
            return Duration.ofSeconds(5);
        }
    }

    record Cdr(boolean log, Optional<Path> file, int queueSize) implements CdrSettings {}

    private static final CdrSettings CDR = new Cdr(true, Optional.empty(), 100);

    @Test
    void goodSettingsHaveNoProblem() {
        var ok = new Settings(
                Map.of(
                        "billing",
                        new Endpoint("https://platform.example.com/hooks", "0123456789abcdef", Optional.empty()),
                        "audit",
                        new Endpoint(
                                "http://10.0.0.9:8080/x",
                                "another-long-secret",
                                Optional.of(List.of("call.answered", "call.ended")))),
                8,
                100);
        assertThat(WebhookSettingsCheck.problems(ok, CDR)).isEmpty();
    }

    @Test
    void everyProblemIsListedAndNoSecretIsShown() {
        var bad = new Settings(
                Map.of(
                        "a", new Endpoint("ftp://example.com/x", "short-secret", Optional.of(List.of("call.rung"))),
                        "b", new Endpoint("not a url", "0123456789abcdef", Optional.empty())),
                0,
                0);
        List<String> problems = WebhookSettingsCheck.problems(bad, new Cdr(true, Optional.empty(), 0));
        assertThat(problems)
                .containsExactlyInAnyOrder(
                        "gateway.webhooks.endpoints.a.url must be an absolute http or https URL",
                        "gateway.webhooks.endpoints.a.secret must be at least 16 characters (its value is not shown)",
                        "gateway.webhooks.endpoints.a.events: unknown event type call.rung",
                        "gateway.webhooks.endpoints.b.url is not a URL",
                        "gateway.webhooks.max-attempts must be at least 1",
                        "gateway.webhooks.queue-size must be at least 1",
                        "gateway.cdr.queue-size must be at least 1");
        assertThat(String.join("\n", problems)).doesNotContain("short-secret");
    }

    @Test
    void theLoggedUrlHasNoCredentialsOrQuery() {
        assertThat(WebhookSettingsCheck.loggable("https://user:pw@platform.example.com:8443/hooks?token=abc"))
                .isEqualTo("https://platform.example.com:8443/hooks");
        assertThat(WebhookSettingsCheck.loggable("http://127.0.0.1/x")).isEqualTo("http://127.0.0.1/x");
    }
}
