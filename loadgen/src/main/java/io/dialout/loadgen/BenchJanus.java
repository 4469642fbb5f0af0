package io.dialout.loadgen;

import io.dialout.testkit.GatewayProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The side-by-side benchmark of issue 7: the same pass-through audio load (the generator's browser-style WebRTC
 * offers, PCMU first, to a sipp echo callee answering PCMU only) through our gateway and through Janus 1.1.2's SIP
 * plugin, in one run, on loopback, each size run through both back to back so the shared machine's drift hits both.
 * CPU, RSS and threads are read from /proc of each server's own pid (the generator and sipp are not counted).
 * Writes the "Janus" section of docs/benchmarks.md.
 * <p>
 * {@code scripts/bench-janus.sh [--calls 50,100,200] [--hold 15] [--rate 50] [--quick]}
 */
public final class BenchJanus {
    private static final String BEGIN = "<!-- janus:begin (written by scripts/bench-janus.sh) -->";
    private static final String END = "<!-- janus:end -->";

    /** One measured run. */
    record Row(String system, int calls, Report report) {}

    public static void main(String[] args) throws Exception {
        int[] sizes = {50, 100, 200};
        int hold = 15;
        double rate = 50;
        boolean quick = false;
        int warmup = 300;
        Path docs = Path.of("docs");
        List<String> jvm = new ArrayList<>(Bench.gatewayJvm());
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--calls" ->
                    sizes = Arrays.stream(args[++i].split(","))
                            .mapToInt(Integer::parseInt)
                            .toArray();
                case "--hold" -> hold = Integer.parseInt(args[++i]);
                case "--rate" -> rate = Double.parseDouble(args[++i]);
                case "--docs" -> docs = Path.of(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--jvm" -> jvm.add(args[++i]); // e.g. an -agentpath or -XX:StartFlightRecording for the gateway
                case "--quick" -> {
                    quick = true;
                    sizes = new int[] {10, 20};
                    hold = 5;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (!JanusProcess.installed()) {
            throw new IllegalStateException("Janus is not installed: run scripts/install-bench-deps.sh");
        }
        List<Row> rows = new ArrayList<>();
        String loadBefore = loadAverage();
        int most = Arrays.stream(sizes).max().orElse(20);
        try (GatewayProcess gateway =
                        GatewayProcess.start(EchoPeers.gatewaySettings(most), jvm.toArray(String[]::new));
                JanusProcess janus = JanusProcess.start();
                EchoPeers callee = EchoPeers.forCalls("sipp/echo-uas.xml", most, 50)) {
            // unmeasured warm-up of both (the JVMs' JIT, Janus's first sessions), so the first size is not the cold
            // one:
            // a few hundred set-ups through the gateway (after 20, C2 was still compiling its set-up path and the
            // 50-call row's dial->answered p50 was 36-42 ms, against 9 ms once a few hundred calls had gone through)
            int warm = Math.min(20, sizes[0]);
            System.out.println("== gateway warm-up: " + warmup + " set-ups");
            Bench.warmUp(gateway.websocket().toString(), callee.uris(), warmup);
            run(
                    "janus (warm-up)",
                    warm,
                    rate,
                    3,
                    callee,
                    "--target",
                    "janus",
                    "--janus",
                    janus.api().toString());
            for (int n : sizes) {
                rows.add(run(
                        "gateway",
                        n,
                        rate,
                        hold,
                        callee,
                        "--gateway",
                        gateway.websocket().toString(),
                        "--gateway-pid",
                        Long.toString(gateway.pid()),
                        "--metrics",
                        gateway.http("/q/metrics").toString()));
                rows.add(run(
                        "janus",
                        n,
                        rate,
                        hold,
                        callee,
                        "--target",
                        "janus",
                        "--janus",
                        janus.api().toString(),
                        "--gateway-pid",
                        Long.toString(janus.pid())));
            }
        }
        String load = "Load average of the machine (1 min, /proc/loadavg) at the start / end of the run: " + loadBefore
                + " / " + loadAverage() + " (other jobs share the 2 cores).\n\n";
        String table = load + table(rows);
        System.out.println();
        System.out.print(table);
        Files.createDirectories(docs);
        writeSection(docs.resolve("benchmarks.md"), table, quick, hold, rate, warmup);
        System.out.println("wrote " + docs.resolve("benchmarks.md"));
    }

    private static Row run(String system, int calls, double rate, int hold, EchoPeers callee, String... target)
            throws Exception {
        List<String> a = new ArrayList<>(List.of(
                "--to",
                callee.uris(),
                "--mode",
                "passthrough",
                "--calls",
                Integer.toString(calls),
                "--rate",
                Double.toString(rate),
                "--hold",
                Integer.toString(hold)));
        a.addAll(List.of(target));
        System.out.println("== " + system + " " + calls + " pass-through calls");
        Report r = LoadRun.execute(LoadConfig.parse(a.toArray(String[]::new)));
        System.out.print(r.table());
        return new Row(system, calls, r);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    static double cpuPerCall(Report r) {
        return r.callsHeld() == 0 || r.cpuPercent() < 0 ? Double.NaN : r.cpuPercent() / r.callsHeld();
    }

    /** RSS growth from before the run's first call to the end of its hold, per call held. */
    static double rssPerCallKb(Report r) {
        return r.callsHeld() == 0
                ? Double.NaN
                : (double) (r.holdEnd().rssKb() - r.idle().rssKb()) / r.callsHeld();
    }

    static String table(List<Row> rows) {
        StringBuilder s = new StringBuilder();
        s.append(
                "| system | calls | held | failed | loss % | RTT p50 / p99 (ms) | CPU % of a core | CPU / call (% of a core) "
                        + "| CPU µs / relayed packet | RSS hold (MiB) | RSS / call (KiB) | threads hold | "
                        + "setup: dial→answered p50 / p99 (ms) | dial→DTLS up p50 (ms) |\n");
        s.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            Report r = row.report();
            long failed =
                    r.failures().values().stream().mapToLong(Long::longValue).sum();
            s.append("| ")
                    .append(row.system().equals("gateway") ? "**ours**" : "Janus 1.1.2 SIP plugin")
                    .append(" | ")
                    .append(row.calls())
                    .append(" | ")
                    .append(r.callsHeld())
                    .append(" | ")
                    .append(failed)
                    .append(" | ")
                    .append(f("%.3f", r.lossPercent()))
                    .append(" | ")
                    .append(f("%.2f / %.2f", r.rttMs(.5), r.rttMs(.99)))
                    .append(" | ")
                    .append(f("%.1f", r.cpuPercent()))
                    .append(" | ")
                    .append(f("%.3f", cpuPerCall(r)))
                    .append(" | ")
                    .append(f("%.1f", r.cpuMicrosPerPacket()))
                    .append(" | ")
                    .append(r.holdEnd().rssKb() / 1024)
                    .append(" | ")
                    .append(f("%.0f", rssPerCallKb(r)))
                    .append(" | ")
                    .append(r.holdEnd().threads())
                    .append(" | ")
                    .append(f(
                            "%.1f / %.1f",
                            r.setupMs(r.results().dialToAnswered, .5), r.setupMs(r.results().dialToAnswered, .99)))
                    .append(" | ")
                    .append(f("%.0f", r.setupMs(r.results().dialToConnected, .5)))
                    .append(" |\n");
        }
        s.append("\nRatios, ours / Janus (below 1: ours costs less or is faster):\n\n");
        s.append("| calls | CPU / call | CPU µs / packet | RSS / call | RTT p50 | RTT p99 | setup p50 | setup p99 |\n");
        s.append("|---|---|---|---|---|---|---|---|\n");
        for (Row ours : rows) {
            if (!ours.system().equals("gateway")) {
                continue;
            }
            Row theirs = rows.stream()
                    .filter(x -> x.system().equals("janus") && x.calls() == ours.calls())
                    .findFirst()
                    .orElse(null);
            if (theirs == null) {
                continue;
            }
            Report a = ours.report();
            Report b = theirs.report();
            s.append("| ")
                    .append(ours.calls())
                    .append(" | ")
                    .append(ratio(cpuPerCall(a), cpuPerCall(b)))
                    .append(" | ")
                    .append(ratio(a.cpuMicrosPerPacket(), b.cpuMicrosPerPacket()))
                    .append(" | ")
                    .append(ratio(rssPerCallKb(a), rssPerCallKb(b)))
                    .append(" | ")
                    .append(ratio(a.rttMs(.5), b.rttMs(.5)))
                    .append(" | ")
                    .append(ratio(a.rttMs(.99), b.rttMs(.99)))
                    .append(" | ")
                    .append(ratio(a.setupMs(a.results().dialToAnswered, .5), b.setupMs(b.results().dialToAnswered, .5)))
                    .append(" | ")
                    .append(ratio(
                            a.setupMs(a.results().dialToAnswered, .99), b.setupMs(b.results().dialToAnswered, .99)))
                    .append(" |\n");
        }
        return s.toString();
    }

    private static String ratio(double ours, double theirs) {
        if (Double.isNaN(ours) || Double.isNaN(theirs) || ours < 0 || theirs <= 0) {
            return "-";
        }
        return f("%.2f", ours / theirs);
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private static void writeSection(Path md, String table, boolean quick, int hold, double rate, int warmup)
            throws IOException {
        String section = BEGIN + "\n## Side by side with Janus (scripts/bench-janus.sh" + (quick ? " --quick" : "")
                + ", " + LocalDate.now() + ")\n\n"
                + "The same pass-through audio load through our gateway and through Janus 1.1.2's SIP plugin (Debian"
                + " package, started by scripts/janus/start.sh on loopback), in one run, each size back to back on"
                + " both: the load generator's rooms (browser-style offer with PCMU first, ICE, DTLS-SRTP, 50 packets/s"
                + " each way with a send timestamp in the payload) call a sipp UAS that answers PCMU only and echoes"
                + " RTP. Our gateway (-Xmx2g and the container image's G1 and thread-priority flags) is dialled over its WebSocket API; Janus over its HTTP API (a session per room,"
                + " guest `register` for every room before the ramp, then `call` with the offer as JSEP; events by"
                + " long poll). Ramp " + f("%.0f", rate) + " calls/s, then a " + hold + " s hold with media flowing,"
                + " measured; before the first size, an unmeasured warm-up (JIT) of " + warmup
                + " set-ups through the gateway (in rounds of 100) and 20 through Janus. CPU, RSS and threads come from /proc of each server's own process; the generator (a"
                + " JVM) and sipp run on the same 2 shared cores and are not counted, so the figures are cost per"
                + " call, not a saturation point. *setup* is dial → SIP 200 (our `answered` state; Janus's `accepted`"
                + " event, which also carries its answer); *DTLS up* adds ICE and DTLS (Janus does full ICE, our"
                + " gateway ICE-lite). *RSS / call* is the growth from before the run to the end of the hold: the"
                + " JVM keeps the heap it has grown, so after the first size ours shows little growth; *RSS hold* is"
                + " the absolute figure. Janus's HTTP transport holds one long poll (one connection, one thread in"
                + " Janus) per session, as a Janus web client does; its threads column counts them.\n\n"
                + table + END + "\n";
        Bench.replaceSection(md, BEGIN, END, section);
    }
}
