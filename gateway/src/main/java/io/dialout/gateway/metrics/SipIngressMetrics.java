package io.dialout.gateway.metrics;

import io.dialout.gateway.sip.ingress.SipIngressCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;

/**
 * The SIP ingress defences' counters as Prometheus metrics: {@code dialout_sip_malformed_total},
 * {@code dialout_sip_requests_dropped_total{reason="untrusted-source"|"rate-limit"}},
 * {@code dialout_sip_tcp_refused_total{reason="max-connections"|"max-per-source"|"slow-message"}},
 * {@code dialout_sip_in_dialog_target_refused_total} and the gauge {@code dialout_sip_tcp_connections} (inbound TCP
 * and TLS connections open).
 */
public final class SipIngressMetrics {

    private SipIngressMetrics() {}

    public static void bind(MeterRegistry registry, SipIngressCounters c) {
        counter(
                registry,
                "dialout.sip.malformed",
                c,
                SipIngressCounters::malformed,
                null,
                null,
                "malformed SIP messages dropped");
        counter(
                registry,
                "dialout.sip.requests.dropped",
                c,
                SipIngressCounters::droppedStranger,
                "reason",
                "untrusted-source",
                "SIP requests outside our calls dropped unanswered");
        counter(
                registry,
                "dialout.sip.requests.dropped",
                c,
                SipIngressCounters::droppedRate,
                "reason",
                "rate-limit",
                "SIP requests outside our calls dropped unanswered");
        counter(
                registry,
                "dialout.sip.tcp.refused",
                c,
                SipIngressCounters::tcpRefusedLimit,
                "reason",
                "max-connections",
                "inbound SIP TCP and TLS connections closed by the gateway: at accept, or a message too slow");
        counter(
                registry,
                "dialout.sip.tcp.refused",
                c,
                SipIngressCounters::tcpRefusedPerSource,
                "reason",
                "max-per-source",
                "inbound SIP TCP and TLS connections closed by the gateway: at accept, or a message too slow");
        counter(
                registry,
                "dialout.sip.tcp.refused",
                c,
                SipIngressCounters::tcpCutSlow,
                "reason",
                "slow-message",
                "inbound SIP TCP and TLS connections closed by the gateway: at accept, or a message too slow");
        counter(
                registry,
                "dialout.sip.in.dialog.target.refused",
                c,
                SipIngressCounters::inDialogTargetRefused,
                null,
                null,
                "in-dialog requests not sent (or answered 403) because the dial plan refused their target");
        Gauge.builder("dialout.sip.tcp.connections", c, SipIngressCounters::tcpOpen)
                .description("inbound SIP TCP connections open")
                .register(registry);
    }

    private static void counter(
            MeterRegistry registry,
            String name,
            SipIngressCounters c,
            ToDoubleFunction<SipIngressCounters> f,
            String tag,
            String value,
            String description) {
        FunctionCounter.Builder<SipIngressCounters> b =
                FunctionCounter.builder(name, c, f).description(description);
        if (tag != null) {
            b = b.tag(tag, value);
        }
        b.register(registry);
    }
}
