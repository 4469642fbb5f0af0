package io.dialout.gateway.metrics;

import io.dialout.gateway.sip.RegistrationStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Registration-based trunks at /q/metrics: {@code dialout_sip_registered{trunk}} (1 while the registrar holds our
 * binding, else 0) and {@code dialout_sip_registration_failures_total{trunk}} (REGISTER attempts that failed:
 * refused, challenged with refused credentials, unanswered or unsendable).
 */
public final class RegistrationMetrics {

    private final MeterRegistry registry;
    private final Map<String, RegistrationStatus> last = new ConcurrentHashMap<>();
    private final Map<String, Counter> failures = new ConcurrentHashMap<>();

    public RegistrationMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Takes a registration's new status (the user agent calls it on every change). */
    public void update(RegistrationStatus s) {
        RegistrationStatus before = last.put(s.trunk(), s);
        if (before == null) {
            Gauge.builder("dialout.sip.registered", () -> {
                        RegistrationStatus now = last.get(s.trunk());
                        return now != null && now.registered() ? 1 : 0;
                    })
                    .tag("trunk", s.trunk())
                    .description("1 while the trunk's registrar holds our binding")
                    .register(registry);
        }
        if (s.failures() > (before == null ? 0 : before.failures())) {
            failures.computeIfAbsent(
                            s.trunk(),
                            t -> Counter.builder("dialout.sip.registration.failures")
                                    .tag("trunk", t)
                                    .description("failed REGISTER attempts")
                                    .register(registry))
                    .increment();
        }
    }
}
