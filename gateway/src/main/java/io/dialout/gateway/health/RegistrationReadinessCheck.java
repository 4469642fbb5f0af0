package io.dialout.gateway.health;

import io.dialout.gateway.sip.RegistrationStatus;
import io.dialout.gateway.sip.SipUserAgent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of registration-based trunks: DOWN while any of them holds no binding at its registrar (at start-up
 * until the first 200, and after a binding lapsed without a successful refresh), since calls through such a trunk
 * fail; a pod that cannot call gets no new rooms. Per trunk the detail says the state, the last status code and when
 * the binding lapses or the next attempt is due. Always UP when no trunk registers.
 */
@Readiness
@ApplicationScoped
public class RegistrationReadinessCheck implements HealthCheck {

    @Inject
    SipUserAgent userAgent;

    @Override
    public HealthCheckResponse call() {
        List<RegistrationStatus> all = userAgent.registrations();
        HealthCheckResponseBuilder b = HealthCheckResponse.named("dialout-sip-registrations")
                .status(all.stream().allMatch(RegistrationStatus::registered));
        Instant now = Instant.now();
        for (RegistrationStatus s : all) {
            StringBuilder d = new StringBuilder(s.state().name().toLowerCase(java.util.Locale.ROOT));
            if (s.lastStatus() != 0) {
                d.append(", last ").append(s.lastStatus());
                if (s.lastReason() != null) {
                    d.append(' ').append(s.lastReason());
                }
            }
            if (s.expiresAt() != null) {
                d.append(", expires in ")
                        .append(Math.max(0, s.expiresAt().getEpochSecond() - now.getEpochSecond()))
                        .append(" s");
            }
            if (s.nextAttempt() != null && !s.registered()) {
                d.append(", next attempt in ")
                        .append(Math.max(0, s.nextAttempt().getEpochSecond() - now.getEpochSecond()))
                        .append(" s");
            }
            if (s.failures() > 0) {
                d.append(", ").append(s.failures()).append(" failed in a row");
            }
            b.withData(s.trunk(), d.toString());
        }
        return b.build();
    }
}
