package io.dialout.gateway.metrics;

import io.dialout.gateway.call.Cause;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * The gateway's own Prometheus metrics (at /q/metrics):
 * {@code dialout_calls_active}, {@code dialout_calls_ended_total{cause}}, {@code dialout_call_setup_seconds}
 * (histogram, dial to answered) and {@code dialout_sip_responses_total{class}}.
 */
public final class GatewayMetrics {

    private final Map<Cause, Counter> ended = new EnumMap<>(Cause.class);
    private final Counter[] responses = new Counter[7];
    private final Timer setup;

    public GatewayMetrics(MeterRegistry registry, IntSupplier activeCalls) {
        Gauge.builder("dialout.calls.active", activeCalls::getAsInt)
                .description("calls in progress (dialled and not yet ended)")
                .register(registry);
        for (Cause c : Cause.values()) {
            ended.put(
                    c,
                    Counter.builder("dialout.calls.ended")
                            .tag("cause", c.wire())
                            .description("calls ended, by cause")
                            .register(registry));
        }
        for (int i = 1; i <= 6; i++) {
            responses[i] = Counter.builder("dialout.sip.responses")
                    .tag("class", i + "xx")
                    .description("SIP responses received to our INVITEs and re-INVITEs, by class")
                    .register(registry);
        }
        setup = Timer.builder("dialout.call.setup")
                .description("time from the dial to the answer")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofMinutes(5))
                .register(registry);
    }

    public void callEnded(Cause cause) {
        ended.get(cause).increment();
    }

    public void callAnswered(Duration setupTime) {
        setup.record(setupTime);
    }

    public void sipResponse(int status) {
        int cls = status / 100;
        if (cls >= 1 && cls <= 6) {
            responses[cls].increment();
        }
    }
}
