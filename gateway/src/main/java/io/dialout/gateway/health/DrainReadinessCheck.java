package io.dialout.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness is DOWN while draining, so a load balancer stops sending new WebSocket connections here. */
@Readiness
@ApplicationScoped
public class DrainReadinessCheck implements HealthCheck {

    @Inject
    Drain drain;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("dialout-drain")
                .status(!drain.isDraining())
                .withData("draining", drain.isDraining())
                .build();
    }
}
