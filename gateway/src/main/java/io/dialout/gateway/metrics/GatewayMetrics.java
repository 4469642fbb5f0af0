package io.dialout.gateway.metrics;

import io.dialout.gateway.call.Cause;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
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
 * (histogram, dial to answered), {@code dialout_sip_responses_total{class}}, and at each call's end per leg
 * {@code dialout_call_mos{leg}} (histogram of the E-model MOS estimate) and {@code dialout_call_rtt_seconds{leg}}
 * (histogram of the last RTCP round trip).
 */
public final class GatewayMetrics {

    private final Map<Cause, Counter> ended = new EnumMap<>(Cause.class);
    private final Counter[] responses = new Counter[7];
    private final Timer setup;
    private final Map<String, DistributionSummary> mos = new java.util.HashMap<>();
    private final Map<String, Timer> rtt = new java.util.HashMap<>();

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
        for (String leg : new String[] {"room", "sip"}) {
            mos.put(
                    leg,
                    DistributionSummary.builder("dialout.call.mos")
                            .tag("leg", leg)
                            .description("E-model MOS estimate (ITU-T G.107) of each leg at the call's end")
                            .serviceLevelObjectives(1.5, 2, 2.5, 3, 3.5, 3.8, 4, 4.2, 4.4, 4.5)
                            .register(registry));
            rtt.put(
                    leg,
                    Timer.builder("dialout.call.rtt")
                            .tag("leg", leg)
                            .description("round trip from RTCP reports (RFC 3550 6.4.1) of each leg at the call's end")
                            .publishPercentileHistogram()
                            .minimumExpectedValue(Duration.ofMillis(1))
                            .maximumExpectedValue(Duration.ofSeconds(5))
                            .register(registry));
        }
    }

    /** Records each leg's MOS and round trip at the call's end (a leg without a value is skipped). */
    public void callQuality(io.dialout.gateway.call.CallQuality q) {
        if (q == null) {
            return;
        }
        record("room", q.room());
        record("sip", q.sip());
    }

    private void record(String leg, io.dialout.media.quality.LegQuality l) {
        if (l == null) {
            return;
        }
        if (l.mos() != null) {
            mos.get(leg).record(l.mos());
        }
        if (l.rttMs() != null) {
            rtt.get(leg).record(Duration.ofNanos(Math.round(l.rttMs() * 1_000_000)));
        }
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
