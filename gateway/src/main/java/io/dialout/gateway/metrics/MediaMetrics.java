package io.dialout.gateway.metrics;

import io.dialout.gateway.call.Call;
import io.dialout.gateway.call.CallRegistry;
import io.dialout.gateway.call.CallSnapshot;
import io.dialout.media.CallMediaStats;
import io.dialout.media.MediaEngine;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * Media metrics per leg at /q/metrics, sampled from the live calls at most once a second (a scrape never walks the
 * calls more often): {@code dialout_media_packets_total{leg,direction}}, {@code dialout_media_bytes_total{leg,direction}},
 * {@code dialout_media_packets_lost_total{leg}}, {@code dialout_media_jitter_max_seconds{leg}},
 * {@code dialout_media_relay_delay_seconds_count/_sum} and {@code dialout_media_relay_delayed_total{over}} (how long
 * pass-through packets stayed in the gateway; read from the engine's I/O threads at each scrape),
 * {@code dialout_media_transcoding_sessions}, {@code dialout_media_rooms_connected}.
 * <p>
 * Counters stay monotonic across calls: when a call is gone, its last sampled counters are folded into the totals of
 * ended calls. Packets after a call's last sample (at most a second's worth) are not counted.
 */
@Singleton
@Startup
public class MediaMetrics {
    private static final long SAMPLE_NANOS = 1_000_000_000L;
    private static final String[] LEGS = {"room", "sip"};

    @Inject
    MeterRegistry meters;

    @Inject
    CallRegistry registry;

    @Inject
    MediaEngine engine;

    private final Map<String, CallMediaStats> lastSeen = new HashMap<>();
    private final long[] endedTotals = new long[LEGS.length * 5];
    private long[] totals = new long[LEGS.length * 5];
    private double[] jitterMax = new double[LEGS.length];
    private int transcoding;
    private int connected;
    private long sampledAt;

    @PostConstruct
    void register() {
        for (int leg = 0; leg < LEGS.length; leg++) {
            int l = leg;
            counter("dialout.media.packets", "media packets per leg and direction", l, "received", 0);
            counter("dialout.media.packets", "media packets per leg and direction", l, "sent", 1);
            counter("dialout.media.bytes", "media bytes per leg and direction", l, "received", 2);
            counter("dialout.media.bytes", "media bytes per leg and direction", l, "sent", 3);
            FunctionCounter.builder("dialout.media.packets.lost", this, m -> m.value(l * 5 + 4))
                    .tag("leg", LEGS[l])
                    .description("packets lost on receive (RFC 3550 A.3)")
                    .register(meters);
            Gauge.builder("dialout.media.jitter.max", this, m -> m.jitter(l))
                    .tag("leg", LEGS[l])
                    .baseUnit("seconds")
                    .description("largest interarrival jitter among live calls (RFC 3550 6.4.1)")
                    .register(meters);
        }
        FunctionTimer.builder(
                        "dialout.media.relay.delay",
                        engine,
                        e -> e.relayDelays().count,
                        e -> e.relayDelays().sumNanos,
                        TimeUnit.NANOSECONDS)
                .description("time forwarded (pass-through) packets spent in the gateway, socket read to socket write")
                .register(meters);
        for (long over : new long[] {1_000_000L, 5_000_000L, 20_000_000L}) {
            FunctionCounter.builder(
                            "dialout.media.relay.delayed",
                            engine,
                            e -> e.relayDelays().over(over))
                    .tag("over", Double.toString(over / 1e9))
                    .description("forwarded packets that spent longer than `over` seconds in the gateway")
                    .register(meters);
        }
        Gauge.builder("dialout.media.transcoding.sessions", this, m -> m.sample().transcoding)
                .description("live calls whose audio is transcoded")
                .register(meters);
        Gauge.builder("dialout.media.rooms.connected", this, m -> m.sample().connected)
                .description("live calls whose room leg has ICE and DTLS up")
                .register(meters);
    }

    private void counter(String name, String description, int leg, String direction, int field) {
        FunctionCounter.builder(name, this, m -> m.value(leg * 5 + field))
                .tag("leg", LEGS[leg])
                .tag("direction", direction)
                .description(description)
                .register(meters);
    }

    private synchronized double value(int index) {
        return sample().totals[index];
    }

    private synchronized double jitter(int leg) {
        return sample().jitterMax[leg] / 1000.0;
    }

    private synchronized MediaMetrics sample() {
        long now = System.nanoTime();
        if (sampledAt != 0 && now - sampledAt < SAMPLE_NANOS) {
            return this;
        }
        sampledAt = now;
        Map<String, CallMediaStats> live = new HashMap<>();
        for (Call call : registry.all()) {
            try {
                CallSnapshot s = call.snapshot().get(200, TimeUnit.MILLISECONDS);
                if (s.media() != null) {
                    live.put(s.id(), s.media());
                }
            } catch (Exception busyOrGone) {
                CallMediaStats last = lastSeen.get(call.id());
                if (last != null) {
                    live.put(call.id(), last); // keep its last sample; it is still a live call
                }
            }
        }
        lastSeen.forEach((id, stats) -> {
            if (!live.containsKey(id)) {
                add(endedTotals, stats);
            }
        });
        lastSeen.clear();
        lastSeen.putAll(live);
        long[] t = endedTotals.clone();
        double[] j = new double[LEGS.length];
        int tc = 0;
        int conn = 0;
        for (CallMediaStats s : live.values()) {
            add(t, s);
            j[0] = Math.max(j[0], s.room() == null ? 0 : s.room().jitterMs());
            j[1] = Math.max(j[1], s.sip() == null ? 0 : s.sip().jitterMs());
            tc += s.transcoding() ? 1 : 0;
            conn += s.roomConnected() ? 1 : 0;
        }
        totals = t;
        jitterMax = j;
        transcoding = tc;
        connected = conn;
        return this;
    }

    private static void add(long[] t, CallMediaStats s) {
        add(t, 0, s.room());
        add(t, 5, s.sip());
    }

    private static void add(long[] t, int base, CallMediaStats.LegStats l) {
        if (l == null) {
            return;
        }
        for (int i = 0; i < FIELDS.size(); i++) {
            t[base + i] += FIELDS.get(i).applyAsLong(l);
        }
    }

    private static final List<ToLongFunction<CallMediaStats.LegStats>> FIELDS = List.of(
            CallMediaStats.LegStats::packetsReceived,
            CallMediaStats.LegStats::packetsSent,
            CallMediaStats.LegStats::bytesReceived,
            CallMediaStats.LegStats::bytesSent,
            CallMediaStats.LegStats::packetsLost);
}
