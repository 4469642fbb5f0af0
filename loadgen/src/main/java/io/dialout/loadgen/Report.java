package io.dialout.loadgen;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Map;

/** The figures of one run, as a table for people and JSON for the bench script. */
public record Report(
        LoadConfig config,
        Results results,
        int callsHeld,
        double rampSeconds,
        double holdSeconds,
        long audioSent,
        long audioReceived,
        long videoSent,
        long videoReceived,
        ProcessStats idle,
        ProcessStats holdStart,
        ProcessStats holdEnd,
        ProcessStats end) {

    public long dialed() {
        return results.dialed.get();
    }

    public long answered() {
        return results.answered.get();
    }

    public Map<String, Long> failures() {
        return results.failureCounts();
    }

    /** Packets sent during the hold that did not come back, in percent. */
    public double lossPercent() {
        long sent = audioSent + videoSent;
        long got = audioReceived + videoReceived;
        return sent == 0 ? 0 : Math.max(0, 100.0 * (sent - got) / sent);
    }

    public long roundTrips() {
        return results.roundTrip.count();
    }

    public double rttMs(double p) {
        return results.roundTrip.percentileMicros(p) / 1000.0;
    }

    public double rttMaxMs() {
        return results.roundTrip.maxMicros() / 1000.0;
    }

    public double setupMs(Histogram h, double p) {
        return h.percentileMicros(p) / 1000.0;
    }

    /** Gateway CPU during the hold, in percent of one core. */
    public double cpuPercent() {
        return ProcessStats.cpuPercent(holdStart, holdEnd);
    }

    /** Gateway CPU per relayed packet (each echoed packet crosses the gateway twice), in microseconds. */
    public double cpuMicrosPerPacket() {
        double cpu = cpuPercent();
        long relayed = audioSent + audioReceived + videoSent + videoReceived;
        if (cpu < 0 || relayed == 0) {
            return -1;
        }
        return cpu / 100.0 * holdSeconds * 1e6 / relayed;
    }

    /**
     * Packets forwarded during the hold as the gateway itself counts them, their mean time inside it (µs) and the
     * share (%) that stayed longer than 1, 5 and 20 ms; null when the gateway's metrics were not read.
     */
    public double[] relayDelay() {
        double[] a = holdStart.relay();
        double[] b = holdEnd.relay();
        for (int i = 0; i < a.length; i++) {
            if (a[i] < 0 || b[i] < 0) {
                return null;
            }
        }
        double n = b[0] - a[0];
        if (n <= 0) {
            return null;
        }
        return new double[] {
            n, (b[1] - a[1]) / n * 1e6, 100 * (b[2] - a[2]) / n, 100 * (b[3] - a[3]) / n, 100 * (b[4] - a[4]) / n
        };
    }

    /** Live heap per call: both readings follow a full collection (idle before the ramp, and with the calls up). */
    public double heapPerCallKb() {
        long held = results.liveHeapBytes;
        if (idle.heapBytes() < 0 || held < 0 || callsHeld == 0) {
            return -1;
        }
        return Math.max(0, held - idle.heapBytes()) / 1024.0 / callsHeld;
    }

    public String table() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(
                Locale.ROOT,
                "mode %s, %d calls at %.0f/s, hold %.1f s%s%n",
                config.mode(),
                config.calls(),
                config.rampPerSec(),
                holdSeconds,
                config.churnPerSec() > 0 ? String.format(Locale.ROOT, ", churn %.0f/s", config.churnPerSec()) : ""));
        row(s, "calls dialed / answered / held", dialed() + " / " + answered() + " / " + callsHeld);
        row(s, "failures", failures().isEmpty() ? "none" : failures().toString());
        row(
                s,
                "dial -> answer p50 / p99 (ms)",
                two(setupMs(results.dialToAnswer, .5), setupMs(results.dialToAnswer, .99)));
        row(
                s,
                "dial -> trying (INVITE sent) p50 / p99 (ms)",
                two(setupMs(results.dialToTrying, .5), setupMs(results.dialToTrying, .99)));
        row(
                s,
                "dial -> DTLS up p50 / p99 (ms)",
                two(setupMs(results.dialToConnected, .5), setupMs(results.dialToConnected, .99)));
        row(
                s,
                "dial -> answered p50 / p99 (ms)",
                two(setupMs(results.dialToAnswered, .5), setupMs(results.dialToAnswered, .99)));
        if (!results.setupStages.isEmpty()) {
            StringBuilder st = new StringBuilder();
            results.setupStages.forEach((k, h) -> st.append(st.length() == 0 ? "" : ", ")
                    .append(k)
                    .append(' ')
                    .append(String.format(
                            Locale.ROOT,
                            "%.1f/%.1f",
                            h.percentileMicros(.5) / 1000.0,
                            h.percentileMicros(.99) / 1000.0)));
            row(s, "in the gateway, ms from dial p50/p99", st.toString());
        }
        if (!results.rampThreadTicks.isEmpty() && results.rampCalls > 0) {
            StringBuilder st = new StringBuilder();
            long total = results.rampThreadTicks.values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
            st.append(String.format(Locale.ROOT, "%.2f total", ticksMsPerCall(total)));
            results.rampThreadTicks.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(6)
                    .forEach(e -> st.append(
                            String.format(Locale.ROOT, ", %s %.2f", e.getKey(), ticksMsPerCall(e.getValue()))));
            row(s, "gateway CPU per set-up, ms by thread", st.toString());
        }
        row(s, "packets sent / back (hold)", (audioSent + videoSent) + " / " + (audioReceived + videoReceived));
        row(s, "loss (%)", String.format(Locale.ROOT, "%.3f", lossPercent()));
        row(
                s,
                "round trip (hold) p50 / p99 / max (ms)",
                roundTrips() == 0
                        ? "not measured (payload transcoded)"
                        : String.format(Locale.ROOT, "%.3f / %.3f / %.3f", rttMs(.5), rttMs(.99), rttMaxMs()));
        if (results.rampRoundTrip.count() > 0) {
            row(
                    s,
                    "round trip during the ramp p50 / p99 / max",
                    String.format(
                            Locale.ROOT,
                            "%.3f / %.3f / %.3f",
                            results.rampRoundTrip.percentileMicros(.5) / 1000.0,
                            results.rampRoundTrip.percentileMicros(.99) / 1000.0,
                            results.rampRoundTrip.maxMicros() / 1000.0));
        }
        row(s, "late (> 100 ms)", Long.toString(results.late.get()));
        row(s, "rooms at the end of the hold", results.stages.toString());
        row(s, "SRTP errors / payload types back", results.srtpErrors.get() + " / " + results.payloadTypes());
        if (holdStart.cpuTicks() >= 0) {
            row(s, "gateway CPU (% of a core)", String.format(Locale.ROOT, "%.1f", cpuPercent()));
            row(
                    s,
                    "gateway CPU per call (%)",
                    callsHeld == 0 ? "-" : String.format(Locale.ROOT, "%.3f", cpuPercent() / callsHeld));
            row(s, "gateway CPU per relayed packet (µs)", String.format(Locale.ROOT, "%.1f", cpuMicrosPerPacket()));
            row(
                    s,
                    "gateway threads idle / hold / end",
                    idle.threads() + " / " + holdEnd.threads() + " / " + end.threads());
            row(s, "gateway fds idle / hold / end", idle.fds() + " / " + holdEnd.fds() + " / " + end.fds());
            row(s, "gateway RSS idle / hold (MiB)", (idle.rssKb() / 1024) + " / " + (holdEnd.rssKb() / 1024));
        }
        row(
                s,
                "generator CPU (% of a core) / machine busy (%)",
                String.format(Locale.ROOT, "%.1f / %.1f", results.generatorCpuPercent, results.machineBusyPercent));
        double[] cores = results.coreBusyPercent;
        if (cores.length > 0) {
            StringBuilder c = new StringBuilder();
            for (int i = 0; i < cores.length; i++) {
                c.append(i == 0 ? "" : " / ").append(String.format(Locale.ROOT, "cpu%d %.0f", i, cores[i]));
            }
            row(s, "each core busy (%)", c.toString());
        }
        if (results.echoCpuPercent >= 0) {
            row(
                    s,
                    "RTP echo thread CPU (% of a core) / echoed",
                    String.format(Locale.ROOT, "%.1f / %d", results.echoCpuPercent, results.echoPackets));
        }
        double[] d = relayDelay();
        if (d != null) {
            row(s, "in the gateway: forwarded, mean µs", String.format(Locale.ROOT, "%.0f, %.1f", d[0], d[1]));
            row(
                    s,
                    "in the gateway: % over 1 / 5 / 20 ms",
                    String.format(Locale.ROOT, "%.3f / %.3f / %.3f", d[2], d[3], d[4]));
        }
        if (heapPerCallKb() >= 0) {
            row(s, "gateway heap per call (KiB)", String.format(Locale.ROOT, "%.1f", heapPerCallKb()));
        }
        return s.toString();
    }

    /** Gateway CPU ms per call dialled in the ramp, from /proc ticks (10 ms each: meaningful over many calls). */
    double ticksMsPerCall(long ticks) {
        return ticks * 1000.0 / ProcessStats.TICKS_PER_SECOND / results.rampCalls;
    }

    private static void row(StringBuilder s, String name, String value) {
        s.append(String.format(Locale.ROOT, "  %-44s %s%n", name, value));
    }

    private static String two(double a, double b) {
        return a < 0 ? "-" : String.format(Locale.ROOT, "%.1f / %.1f", a, b);
    }

    public ObjectNode json() {
        ObjectNode n = new ObjectMapper().createObjectNode();
        n.put("mode", config.mode().name().toLowerCase(Locale.ROOT))
                .put("calls", config.calls())
                .put("rate", config.rampPerSec())
                .put("holdSeconds", holdSeconds)
                .put("churn", config.churnPerSec());
        n.put("dialed", dialed()).put("answered", answered()).put("held", callsHeld);
        ObjectNode f = n.putObject("failures");
        failures().forEach(f::put);
        n.put("dialToAnswerP50Ms", setupMs(results.dialToAnswer, .5))
                .put("dialToAnswerP99Ms", setupMs(results.dialToAnswer, .99));
        n.put("dialToTryingP50Ms", setupMs(results.dialToTrying, .5))
                .put("dialToTryingP99Ms", setupMs(results.dialToTrying, .99));
        n.put("dialToConnectedP50Ms", setupMs(results.dialToConnected, .5))
                .put("dialToConnectedP99Ms", setupMs(results.dialToConnected, .99));
        n.put("dialToAnsweredP50Ms", setupMs(results.dialToAnswered, .5))
                .put("dialToAnsweredP99Ms", setupMs(results.dialToAnswered, .99));
        n.put("packetsSent", audioSent + videoSent)
                .put("packetsBack", audioReceived + videoReceived)
                .put("lossPercent", lossPercent())
                .put("late", results.late.get());
        n.put("rttP50Ms", rttMs(.5)).put("rttP99Ms", rttMs(.99)).put("rttMaxMs", rttMaxMs());
        n.put("cpuPercent", cpuPercent())
                .put("cpuMicrosPerPacket", cpuMicrosPerPacket())
                .put("heapPerCallKb", heapPerCallKb());
        n.put("threadsIdle", idle.threads())
                .put("threadsHold", holdEnd.threads())
                .put("threadsEnd", end.threads());
        n.put("fdsIdle", idle.fds()).put("fdsHold", holdEnd.fds()).put("fdsEnd", end.fds());
        n.put("generatorCpuPercent", results.generatorCpuPercent).put("machineBusyPercent", results.machineBusyPercent);
        n.put("rssIdleKb", idle.rssKb()).put("rssHoldKb", holdEnd.rssKb());
        return n;
    }

    void writeJson() throws IOException {
        if (config.json() != null) {
            Files.writeString(config.json(), json().toPrettyString());
        }
    }
}
