package io.dialout.loadgen;

import io.dialout.testkit.GatewayProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code scripts/bench.sh --per-core}: how many calls ONE gateway core holds. The gateway runs pinned to one core
 * ({@code taskset}) with one media I/O thread; this process (the rooms), its plain-RTP echo ({@link RtpEcho}, one
 * thread) and the sipp UASs that answer the SIP side all run pinned to another core. Pass-through audio calls, then
 * 1.5 Mb/s video calls, are ramped up in steps; each step is measured twice in the same run, straight to the echo
 * (baseline) and through the gateway, and the ramp stops once the gateway's added p99 round trip passes the limit.
 * The figures: the calls held with the added p99 under 2 ms and under 5 ms, the gateway's CPU per relayed packet at
 * each step, and how busy each core was, so the reader sees which side saturated first.
 */
final class BenchPerCore {
    static final String BEGIN = "<!-- percore:begin (written by scripts/bench.sh --per-core) -->";
    static final String END = "<!-- percore:end -->";
    private static final double[] LIMITS_MS = {2, 5};

    private record Step(String mode, int calls) {}

    private record Row(Step step, Report baseline, Report load) {
        double addedP99() {
            return load.rttMs(.99) - baseline.rttMs(.99);
        }

        boolean clean() {
            long failed =
                    load.failures().values().stream().mapToLong(Long::longValue).sum();
            return failed == 0 && load.callsHeld() == step.calls() && load.lossPercent() < 0.1;
        }
    }

    private BenchPerCore() {}

    static void main(String[] args) throws Exception {
        int gatewayCpu = 0;
        int loadCpu = 1;
        int hold = 15;
        double limitMs = 5;
        Path docs = Path.of("docs");
        List<Integer> audio = List.of(100, 200, 400, 700, 1000, 1400, 1800, 2400);
        List<Integer> video = List.of(25, 50, 100, 150, 200, 300);
        List<String> jvm = new ArrayList<>(Bench.gatewayJvm());
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--per-core" -> {}
                case "--gateway-cpu" -> gatewayCpu = Integer.parseInt(args[++i]);
                case "--load-cpu" -> loadCpu = Integer.parseInt(args[++i]);
                case "--hold" -> hold = Integer.parseInt(args[++i]);
                case "--limit-ms" -> limitMs = Double.parseDouble(args[++i]);
                case "--audio" -> audio = ints(args[++i]);
                case "--video" -> video = ints(args[++i]);
                case "--docs" -> docs = Path.of(args[++i]);
                case "--jvm" -> jvm.add(args[++i]);
                case "--quick" -> {
                    audio = List.of(50, 100);
                    video = List.of(10);
                    hold = 5;
                }
                default ->
                    throw new IllegalArgumentException("unknown option " + args[i] + " (--per-core [--quick]"
                            + " [--gateway-cpu N] [--load-cpu N] [--hold S] [--limit-ms MS] [--audio N,N..]"
                            + " [--video N,N..] [--docs DIR] [--jvm ARG])");
            }
        }
        if (Runtime.getRuntime().availableProcessors() < 2 && !pinned(loadCpu)) {
            throw new IllegalStateException("--per-core needs two cores (one for the gateway, one for the load)");
        }
        pinSelf(loadCpu);
        String loadBefore = loadAverage();
        Instant started = Instant.now();
        int maxCalls = Math.max(
                audio.stream().mapToInt(Integer::intValue).max().orElse(0),
                video.stream().mapToInt(Integer::intValue).max().orElse(0));
        Map<String, String> settings = new HashMap<>(EchoPeers.gatewaySettings(maxCalls));
        settings.put("gateway.media.io-threads", "1");
        List<Row> rows = new ArrayList<>();
        // sockets: enough that one socket's queue never holds a whole 20 ms of every call's packets
        try (RtpEcho echo = new RtpEcho(8);
                GatewayProcess gateway = GatewayProcess.start(
                        settings, List.of("taskset", "-c", Integer.toString(gatewayCpu)), jvm.toArray(String[]::new));
                EchoPeers audioPeers = EchoPeers.plain("sipp/plain-echo-uas.xml", peers(maxCalls), echo);
                EchoPeers videoPeers = EchoPeers.plain("sipp/plain-echo-uas-video.xml", 2, echo)) {
            System.out.printf(
                    Locale.ROOT,
                    "== per core: gateway pid %d on cpu %d (%s), load on cpu %d (%s); echo ports %s%n",
                    gateway.pid(),
                    gatewayCpu,
                    affinity(gateway.pid()),
                    loadCpu,
                    affinity(ProcessHandle.current().pid()),
                    echo.ports());
            // Warm-up at the first steps' sizes: both JVMs (the gateway's and this generator's) compile the paths a
            // step takes before it is measured; a smaller warm-up left C2 compiling through the first hold.
            System.out.println("== warm-up (not measured)");
            if (!audio.isEmpty()) {
                run(gateway, audioPeers, "passthrough", Math.min(audio.get(0), 400), 8, echo);
            }
            if (!video.isEmpty()) {
                run(gateway, videoPeers, "video", Math.min(video.get(0), 50), 5, echo);
            }
            for (String mode : List.of("passthrough", "video")) {
                EchoPeers peers = mode.equals("video") ? videoPeers : audioPeers;
                for (int n : mode.equals("video") ? video : audio) {
                    System.out.println("== " + mode + " " + n + ": baseline");
                    Report base =
                            run(gateway, peers, mode.equals("video") ? "baseline-video" : "baseline", n, hold, echo);
                    System.out.print(base.table());
                    System.out.println("== " + mode + " " + n + ": through the gateway");
                    Report load = run(gateway, peers, mode, n, hold, echo);
                    System.out.print(load.table());
                    Row row = new Row(new Step(mode, n), base, load);
                    rows.add(row);
                    if (!row.clean() || row.addedP99() > limitMs) {
                        break; // the core held no more than this: the next steps would only measure a queue
                    }
                }
            }
        }
        String section = section(rows, started, loadBefore, loadAverage(), gatewayCpu, loadCpu, hold, jvm);
        System.out.println();
        System.out.print(section);
        Files.createDirectories(docs);
        Bench.replaceSection(docs.resolve("benchmarks.md"), BEGIN, END, section);
        System.out.println("wrote " + docs.resolve("benchmarks.md"));
    }

    /** One sipp per 500 calls: sipp answers the SIP side only here, which costs little. */
    private static int peers(int calls) {
        return Math.max(1, (calls + 499) / 500);
    }

    private static Report run(GatewayProcess gateway, EchoPeers peers, String mode, int calls, int hold, RtpEcho echo)
            throws Exception {
        boolean baseline = mode.startsWith("baseline");
        LoadConfig c = LoadConfig.parse(
                "--gateway",
                gateway.websocket().toString(),
                "--to",
                baseline ? peers.mediaTargets() : peers.uris(),
                "--mode",
                mode,
                "--calls",
                Integer.toString(calls),
                "--rate",
                mode.contains("video") ? "25" : "100",
                "--hold",
                Integer.toString(hold),
                "--gateway-pid",
                Long.toString(gateway.pid()),
                "--metrics",
                gateway.http("/q/metrics").toString());
        return LoadRun.execute(c, echo);
    }

    static String section(
            List<Row> rows,
            Instant started,
            String loadBefore,
            String loadAfter,
            int gatewayCpu,
            int loadCpu,
            int hold,
            List<String> jvm) {
        StringBuilder s = new StringBuilder(BEGIN).append('\n');
        s.append("## Calls per core (scripts/bench.sh --per-core, ")
                .append(started.toString(), 0, 16)
                .append(" UTC)\n\n");
        s.append("The gateway (gateway/target/quarkus-app, `")
                .append(String.join(" ", jvm))
                .append("`, `gateway.media.io-threads=1`) runs pinned to cpu ")
                .append(gatewayCpu)
                .append(
                        " with `taskset`; the load generator's rooms (ICE, DTLS, SRTP, 20 ms packets at their own phases),"
                                + " its plain-RTP echo (`RtpEcho`: one thread, 8 sockets) and the sipp UASs that answer the SIP"
                                + " side with an SDP pointing at that echo all run pinned to cpu ")
                .append(loadCpu)
                .append(". Each step is measured twice in the same run: *baseline* sends the same RTP straight to the"
                        + " echo (no gateway), then the same number of calls goes through the gateway; *added p99* is"
                        + " the difference of the two round-trip p99s. Ramp 100 calls/s (video 25/s), then a ")
                .append(hold)
                .append(" s hold, measured. *gateway CPU* is the gateway process's (utime+stime from /proc) in % of its"
                        + " one core; *cpu N busy* is the whole core's (other jobs on the machine included); *load"
                        + " CPU* is this generator's process (rooms and echo) and *echo* its echo thread alone. The ramp"
                        + " stops at the first step that loses packets, fails calls or adds more than 5 ms. Load"
                        + " average (1 min) at the start / end: ")
                .append(loadBefore)
                .append(" / ")
                .append(loadAfter)
                .append(".\n\n");
        s.append("| scenario | held | failed | loss % | RTT p50 / p99 (ms) | baseline p99 (ms) | **added p99 (ms)** "
                        + "| gateway CPU % of its core | **gateway µs / relayed packet** | cpu")
                .append(gatewayCpu)
                .append(" busy % | cpu")
                .append(loadCpu)
                .append(" busy % | load CPU % (echo %) | in gateway > 1 / 5 ms (%) | RSS hold (MiB) |\n");
        s.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            Report l = r.load();
            long failed =
                    l.failures().values().stream().mapToLong(Long::longValue).sum();
            double[] d = l.relayDelay();
            s.append("| ")
                    .append(r.step().mode().equals("video") ? "video @1.5 Mb/s " : "pass-through ")
                    .append(r.step().calls())
                    .append(" | ")
                    .append(l.callsHeld())
                    .append(" | ")
                    .append(failed)
                    .append(" | ")
                    .append(f("%.3f", l.lossPercent()))
                    .append(" | ")
                    .append(f("%.2f / %.2f", l.rttMs(.5), l.rttMs(.99)))
                    .append(" | ")
                    .append(f("%.2f", r.baseline().rttMs(.99)))
                    .append(" | **")
                    .append(f("%.2f", r.addedP99()))
                    .append("** | ")
                    .append(f("%.1f", l.cpuPercent()))
                    .append(" | **")
                    .append(f("%.1f", l.cpuMicrosPerPacket()))
                    .append("** | ")
                    .append(core(l, gatewayCpu))
                    .append(" | ")
                    .append(core(l, loadCpu))
                    .append(" | ")
                    .append(f("%.0f (%.0f)", l.results().generatorCpuPercent, l.results().echoCpuPercent))
                    .append(" | ")
                    .append(d == null ? "-" : f("%.2f / %.3f", d[2], d[3]))
                    .append(" | ")
                    .append(l.holdEnd().rssKb() / 1024)
                    .append(" |\n");
        }
        s.append('\n');
        for (String mode : List.of("passthrough", "video")) {
            List<Row> m =
                    rows.stream().filter(r -> r.step().mode().equals(mode)).toList();
            if (m.isEmpty()) {
                continue;
            }
            s.append("- **")
                    .append(mode.equals("video") ? "Video at 1.5 Mb/s" : "Pass-through audio")
                    .append("**: ");
            for (double limit : LIMITS_MS) {
                s.append(heldUnder(m, limit, gatewayCpu, loadCpu)).append(limit == LIMITS_MS[0] ? "; " : ".\n");
            }
        }
        rows.stream()
                .filter(r -> coreShared(r.load(), gatewayCpu))
                .findFirst()
                .ifPresent(r -> s.append("- **The gateway did not have its core to itself**: at ")
                        .append(r.step().calls())
                        .append(" calls it used ")
                        .append(f("%.0f", r.load().cpuPercent()))
                        .append(" % of cpu")
                        .append(gatewayCpu)
                        .append(" while the core was ")
                        .append(core(r.load(), gatewayCpu))
                        .append(" % busy: other processes ran there, so these rows measure the machine's load, not"
                                + " what one gateway core holds. Re-run on an otherwise idle machine.\n"));
        s.append(END).append('\n');
        return s.toString();
    }

    /** More than a fifth of the gateway's core went to other processes during the hold. */
    private static boolean coreShared(Report r, int cpu) {
        double[] c = r.results().coreBusyPercent;
        return cpu < c.length && c[cpu] >= 0 && r.cpuPercent() >= 0 && c[cpu] - r.cpuPercent() > 20;
    }

    /** "N calls held with p99 added under L ms (next step ...)", and which core was the busier at the first miss. */
    private static String heldUnder(List<Row> rows, double limitMs, int gatewayCpu, int loadCpu) {
        Row best = null;
        Row miss = null;
        for (Row r : rows) {
            if (r.clean() && r.addedP99() <= limitMs) {
                best = r;
            } else {
                miss = r;
                break;
            }
        }
        StringBuilder s = new StringBuilder();
        s.append(best == null ? "no step" : best.step().calls() + " calls")
                .append(" held with added p99 ≤ ")
                .append(f("%.0f", limitMs))
                .append(" ms");
        if (best != null) {
            s.append(" (")
                    .append(f("%.1f", best.load().cpuMicrosPerPacket()))
                    .append(" µs of gateway CPU per relayed packet)");
        }
        if (miss == null) {
            s.append(", and the last step still under it: the core holds more than the steps tried");
        } else {
            s.append(", not ")
                    .append(miss.step().calls())
                    .append(" (added ")
                    .append(f("%.2f", miss.addedP99()))
                    .append(" ms, loss ")
                    .append(f("%.3f", miss.load().lossPercent()))
                    .append(" %, cpu")
                    .append(gatewayCpu)
                    .append(" ")
                    .append(core(miss.load(), gatewayCpu))
                    .append(" % / cpu")
                    .append(loadCpu)
                    .append(" ")
                    .append(core(miss.load(), loadCpu))
                    .append(" % busy)");
        }
        return s.toString();
    }

    private static String core(Report r, int cpu) {
        double[] c = r.results().coreBusyPercent;
        return cpu < c.length && c[cpu] >= 0 ? f("%.0f", c[cpu]) : "-";
    }

    /** Pins this process (every thread it has and will have) to {@code cpu}; the sipps it starts inherit it. */
    private static void pinSelf(int cpu) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(
                        "taskset",
                        "-a",
                        "-p",
                        "-c",
                        Integer.toString(cpu),
                        Long.toString(ProcessHandle.current().pid()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("taskset could not pin the load generator to cpu " + cpu);
        }
    }

    private static boolean pinned(int cpu) {
        return affinity(ProcessHandle.current().pid()).equals(Integer.toString(cpu));
    }

    /** Cpus_allowed_list of a process, from /proc. */
    static String affinity(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // unknown
        }
        return "?";
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static List<Integer> ints(String csv) {
        return Arrays.stream(csv.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty()) // --video "" runs no video step
                .map(Integer::parseInt)
                .toList();
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
