package io.dialout.gateway.metrics;

import io.dialout.gateway.call.Call;
import io.dialout.gateway.call.CallRegistry;
import io.dialout.gateway.call.CallSnapshot;
import io.dialout.media.CallMediaStats;
import io.dialout.media.MediaEngine;
import io.dialout.media.MediaTotals;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * Media metrics at /q/metrics, sampled at most once a second (a scrape never walks the calls more often):
 * <ul>
 *   <li>totals over every call since start, live and ended (the engine adds a call's final counters when its media
 *       closes, so a call no scrape saw live is counted too): {@code dialout_media_packets_total{leg,direction}},
 *       {@code dialout_media_bytes_total{leg,direction}}, {@code dialout_media_packets_lost_total{leg}}, and per
 *       stage of the relay {@code dialout_media_stage_packets_total{direction,stage,outcome}} (direction
 *       {@code roomToSip}/{@code sipToRoom}, outcome {@code passed}/{@code dropped});
 *   <li>{@code dialout_media_relay_delay_seconds_count/_sum} and {@code dialout_media_relay_delayed_total{over}} (how
 *       long pass-through packets stayed in the gateway; read from the engine's I/O threads at each scrape);
 *   <li>from the live calls: {@code dialout_media_jitter_max_seconds{leg}}, {@code dialout_media_transcoding_sessions},
 *       {@code dialout_media_rooms_connected}.
 * </ul>
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

    /** Each live call's last sample: the four figures used here only, not its whole stats (kept per call). */
    private final Map<String, Sample> lastSeen = new HashMap<>();

    private record Sample(double roomJitterMs, double sipJitterMs, boolean transcoding, boolean roomConnected) {
        static Sample of(CallMediaStats s) {
            return new Sample(
                    s.room() == null ? 0 : s.room().jitterMs(),
                    s.sip() == null ? 0 : s.sip().jitterMs(),
                    s.transcoding(),
                    s.roomConnected());
        }
    }

    private MediaTotals totals;
    private double[] jitterMax = new double[LEGS.length];
    private int transcoding;
    private int connected;
    private long sampledAt;

    @PostConstruct
    void register() {
        for (int leg = 0; leg < LEGS.length; leg++) {
            int l = leg;
            counter(
                    "dialout.media.packets",
                    "media packets per leg and direction",
                    l,
                    "received",
                    MediaTotals.Leg::packetsReceived);
            counter(
                    "dialout.media.packets",
                    "media packets per leg and direction",
                    l,
                    "sent",
                    MediaTotals.Leg::packetsSent);
            counter(
                    "dialout.media.bytes",
                    "media bytes per leg and direction",
                    l,
                    "received",
                    MediaTotals.Leg::bytesReceived);
            counter("dialout.media.bytes", "media bytes per leg and direction", l, "sent", MediaTotals.Leg::bytesSent);
            FunctionCounter.builder("dialout.media.packets.lost", this, m -> m.leg(l, MediaTotals.Leg::packetsLost))
                    .tag("leg", LEGS[l])
                    .description("packets lost on receive (RFC 3550 A.3)")
                    .register(meters);
            Gauge.builder("dialout.media.jitter.max", this, m -> m.jitter(l))
                    .tag("leg", LEGS[l])
                    .baseUnit("seconds")
                    .description("largest interarrival jitter among live calls (RFC 3550 6.4.1)")
                    .register(meters);
        }
        for (MediaTotals.Stage st : engine.totals().stages()) {
            stageCounter(st.direction(), st.stage(), "passed");
            stageCounter(st.direction(), st.stage(), "dropped");
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

    private void counter(
            String name, String description, int leg, String direction, ToLongFunction<MediaTotals.Leg> field) {
        FunctionCounter.builder(name, this, m -> m.leg(leg, field))
                .tag("leg", LEGS[leg])
                .tag("direction", direction)
                .description(description)
                .register(meters);
    }

    private void stageCounter(String direction, String stage, String outcome) {
        FunctionCounter.builder("dialout.media.stage.packets", this, m -> m.stage(direction, stage, outcome))
                .tag("direction", direction)
                .tag("stage", stage)
                .tag("outcome", outcome)
                .description("packets per stage of the relay's pipeline: passed on, or dropped there")
                .register(meters);
    }

    private synchronized double leg(int leg, ToLongFunction<MediaTotals.Leg> field) {
        MediaTotals t = sample().totals;
        return field.applyAsLong(leg == 0 ? t.room() : t.sip());
    }

    private synchronized double stage(String direction, String stage, String outcome) {
        for (MediaTotals.Stage st : sample().totals.stages()) {
            if (st.direction().equals(direction) && st.stage().equals(stage)) {
                return "dropped".equals(outcome) ? st.dropped() : st.in() - st.dropped();
            }
        }
        return 0;
    }

    private synchronized double jitter(int leg) {
        return sample().jitterMax[leg] / 1000.0;
    }

    private synchronized MediaMetrics sample() {
        long now = System.nanoTime();
        if (totals != null && now - sampledAt < SAMPLE_NANOS) {
            return this;
        }
        sampledAt = now;
        totals = engine.totals();
        Map<String, Sample> live = new HashMap<>();
        for (Call call : registry.all()) {
            try {
                CallSnapshot s = call.snapshot().get(200, TimeUnit.MILLISECONDS);
                if (s.media() != null) {
                    live.put(s.id(), Sample.of(s.media()));
                }
            } catch (Exception busyOrGone) {
                Sample last = lastSeen.get(call.id());
                if (last != null) {
                    live.put(call.id(), last); // keep its last sample; it is still a live call
                }
            }
        }
        lastSeen.clear();
        lastSeen.putAll(live);
        double[] j = new double[LEGS.length];
        int tc = 0;
        int conn = 0;
        for (Sample s : live.values()) {
            j[0] = Math.max(j[0], s.roomJitterMs());
            j[1] = Math.max(j[1], s.sipJitterMs());
            tc += s.transcoding() ? 1 : 0;
            conn += s.roomConnected() ? 1 : 0;
        }
        jitterMax = j;
        transcoding = tc;
        connected = conn;
        return this;
    }
}
