package io.dialout.loadgen;

import io.dialout.testkit.GatewayProcess;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The benchmark command: starts the packaged gateway and a sipp echo callee on loopback, runs a fixed set of load
 * scenarios through the load generator (plus the same load straight to sipp without the gateway, the baseline, in
 * the same run), prints a table, and writes the "Load" section of docs/benchmarks.md with a PNG plot of latency and
 * CPU against concurrent calls.
 * <p>
 * {@code scripts/bench.sh [--quick] [--soak SECONDS]}; {@code scripts/bench.sh --per-core} runs {@link BenchPerCore}.
 */
public final class Bench {
    private static final String BEGIN = "<!-- load:begin (written by scripts/bench.sh) -->";
    private static final String END = "<!-- load:end -->";

    private record Step(String name, String mode, int calls, double rate, int holdSec, double churn) {}

    private record Row(Step step, Report report) {}

    /**
     * The gateway's JVM flags in every benchmark: a 2 GiB heap, and the container image's collector and thread priority
     * flags (G1 with a 10 ms pause goal; the media loops above the JIT's compiler threads and the DTLS handshake
     * threads; see the Dockerfile), so a benchmark measures the gateway as it is shipped.
     */
    static List<String> gatewayJvm() {
        return List.of(
                "-Xmx2g",
                "-XX:+UseG1GC",
                "-XX:MaxGCPauseMillis=10",
                "-XX:ThreadPriorityPolicy=1",
                "-XX:JavaPriority1_To_OSPriority=19",
                "-XX:CompilerThreadPriority=5");
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--per-core")) {
            BenchPerCore.main(args);
            return;
        }
        if (List.of(args).contains("--memory")) {
            BenchMemory.main(args);
            return;
        }
        boolean quick = List.of(args).contains("--quick");
        int soak = 60;
        int warmup = 300;
        Path docs = Path.of("docs");
        List<String> only = List.of();
        List<String> jvm = new ArrayList<>(gatewayJvm());
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--soak" -> soak = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--docs" -> docs = Path.of(args[++i]);
                case "--only" -> only = List.of(args[++i].split(","));
                case "--jfr" ->
                    jvm.add("-XX:StartFlightRecording=settings=profile,filename=" + args[++i] + ",dumponexit=true");
                case "--jvm" -> jvm.add(args[++i]); // e.g. an -agentpath for a profiler
                case "--quick" -> {}
                default ->
                    throw new IllegalArgumentException("unknown option " + args[i]
                            + " (--quick, --soak S, --warmup CALLS, --docs DIR, --only NAME[,NAME], --jfr FILE, --jvm ARG;"
                            + " --per-core: see BenchPerCore)");
            }
        }
        List<Step> steps = quick ? quickSteps() : fullSteps(soak);
        if (!only.isEmpty()) {
            List<String> wanted = only;
            steps = steps.stream()
                    .filter(s -> wanted.stream().anyMatch(w -> s.name().startsWith(w.trim())))
                    .toList();
        }
        int maxCalls = steps.stream()
                .mapToInt(s -> s.calls() + (int) Math.ceil(s.churn() * 3))
                .max()
                .orElse(20);
        int videoCalls = steps.stream()
                .filter(s -> s.mode().equals("video"))
                .mapToInt(Step::calls)
                .max()
                .orElse(1);
        List<Row> rows = new ArrayList<>();
        try (GatewayProcess gateway =
                        GatewayProcess.start(EchoPeers.gatewaySettings(maxCalls), jvm.toArray(String[]::new));
                EchoPeers audio = EchoPeers.forCalls("sipp/echo-uas.xml", maxCalls, 50);
                EchoPeers video = EchoPeers.forCalls("sipp/echo-uas-video.xml", videoCalls, 15)) {
            String audioTo = audio.uris();
            String videoTo = video.uris();
            String baselineTo = audio.mediaTargets();
            int audioPeers = audio.size();
            int videoPeers = video.size();
            System.out.println("== SIP side: " + audioPeers + " sipp audio echo peer(s), " + videoPeers + " video");
            // Unmeasured warm-up: JIT, class loading and the first SRTP/Opus/SIP use would otherwise land in the
            // first measured rows (seen: dial->INVITE p50 221 ms cold against 11-16 ms warm, and dial->answered p50
            // 28-42 ms after 40 warm-up calls against 9 ms after a few hundred: C2 was still compiling the set-up
            // path, 14-19 ms of compiler CPU per call).
            System.out.println("== warm-up (not measured): " + warmup + " pass-through set-ups, 20 transcoded");
            warmUp(gateway.websocket().toString(), audioTo, warmup);
            LoadRun.execute(LoadConfig.parse(
                    "--gateway",
                    gateway.websocket().toString(),
                    "--to",
                    audioTo,
                    "--mode",
                    "transcode",
                    "--calls",
                    "20",
                    "--rate",
                    "20",
                    "--hold",
                    "3"));
            for (Step s : steps) {
                String to = switch (s.mode()) {
                    case "baseline" -> baselineTo;
                    case "video" -> videoTo;
                    default -> audioTo;
                };
                LoadConfig c = LoadConfig.parse(
                        "--gateway",
                        gateway.websocket().toString(),
                        "--to",
                        to,
                        "--mode",
                        s.mode(),
                        "--calls",
                        Integer.toString(s.calls()),
                        "--rate",
                        Double.toString(s.rate()),
                        "--hold",
                        Integer.toString(s.holdSec()),
                        "--churn",
                        Double.toString(s.churn()),
                        "--gateway-pid",
                        Long.toString(gateway.pid()),
                        "--metrics",
                        gateway.http("/q/metrics").toString());
                System.out.println("== " + s.name());
                Report r = LoadRun.execute(c);
                System.out.print(r.table());
                rows.add(new Row(s, r));
            }
        }
        String table = table(rows);
        System.out.println();
        System.out.print(table);
        Files.createDirectories(docs);
        Path png = docs.resolve("bench-load.png");
        plot(rows, png);
        writeSection(docs.resolve("benchmarks.md"), table, quick, warmup);
        System.out.println("wrote " + docs.resolve("benchmarks.md") + " and " + png);
    }

    /**
     * {@code calls} pass-through calls set up, held 2 s and hung up, in rounds of at most 100 at 100 calls/s: the JIT
     * compiles the set-up path (WebSocket, dial plan, media allocation, JAIN-SIP, DTLS) in both JVMs before anything is
     * measured.
     */
    static void warmUp(String websocket, String to, int calls) throws Exception {
        for (int left = calls; left > 0; left -= 100) {
            LoadRun.execute(LoadConfig.parse(
                    "--gateway",
                    websocket,
                    "--to",
                    to,
                    "--mode",
                    "passthrough",
                    "--calls",
                    Integer.toString(Math.min(100, left)),
                    "--rate",
                    "100",
                    "--hold",
                    "2"));
        }
    }

    private static List<Step> quickSteps() {
        return List.of(
                new Step("baseline 20", "baseline", 20, 50, 5, 0),
                new Step("pass-through 20", "passthrough", 20, 50, 5, 0),
                new Step("transcode 10", "transcode", 10, 20, 5, 0),
                new Step("video 3", "video", 3, 10, 5, 0));
    }

    private static List<Step> fullSteps(int soakSec) {
        return List.of(
                new Step("baseline 200", "baseline", 200, 100, 15, 0),
                new Step("baseline 1000", "baseline", 1000, 100, 15, 0),
                new Step("pass-through 50", "passthrough", 50, 50, 15, 0),
                new Step("pass-through 200", "passthrough", 200, 100, 15, 0),
                new Step("pass-through 500", "passthrough", 500, 100, 15, 0),
                new Step("pass-through 1000", "passthrough", 1000, 100, 15, 0),
                new Step("transcode 50", "transcode", 50, 50, 15, 0),
                new Step("transcode 100", "transcode", 100, 50, 15, 0),
                new Step("transcode 200", "transcode", 200, 50, 15, 0),
                new Step("transcode 400", "transcode", 400, 50, 15, 0),
                new Step("video 10 @1.5 Mb/s", "video", 10, 10, 15, 0),
                new Step("video 30 @1.5 Mb/s", "video", 30, 10, 15, 0),
                new Step("video 60 @1.5 Mb/s", "video", 60, 10, 15, 0),
                new Step("video 100 @1.5 Mb/s", "video", 100, 10, 15, 0),
                new Step("video 150 @1.5 Mb/s", "video", 150, 10, 15, 0),
                new Step("churn 20/s", "passthrough", 20, 20, soakSec, 20));
    }

    private static String table(List<Row> rows) {
        List<Report> baselines = rows.stream()
                .filter(r -> r.step().mode().equals("baseline"))
                .map(Row::report)
                .toList();
        StringBuilder s = new StringBuilder();
        s.append("| scenario | calls held | failed | loss % | RTT p50 / p99 / max (ms) | added p99 vs baseline (ms) "
                + "| dial→INVITE p50 / p99 (ms) | dial→answered p50 / p99 (ms) | gateway CPU % | machine busy % "
                + "| CPU µs / packet | in gateway > 1 / 5 ms (%) "
                + "| threads idle→end | fds idle→end | heap / call (KiB) |\n");
        s.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            Report r = row.report();
            // the baseline of the nearest call count: the generator and sipp cost more with more calls
            Report baseline = baselines.stream()
                    .min(java.util.Comparator.comparingInt(b -> Math.abs(b.callsHeld() - r.callsHeld())))
                    .orElse(null);
            String rtt = r.roundTrips() == 0
                    ? "n/a (transcoded payload)"
                    : f("%.2f / %.2f / %.1f", r.rttMs(.5), r.rttMs(.99), r.rttMaxMs());
            String added = baseline == null || r == baseline || r.roundTrips() == 0
                    ? "-"
                    : f("%.2f", r.rttMs(.99) - baseline.rttMs(.99));
            long failed =
                    r.failures().values().stream().mapToLong(Long::longValue).sum();
            s.append("| ")
                    .append(row.step().name())
                    .append(" | ")
                    .append(r.callsHeld())
                    .append(" | ")
                    .append(failed)
                    .append(" | ")
                    .append(f("%.3f", r.lossPercent()))
                    .append(" | ")
                    .append(rtt)
                    .append(" | ")
                    .append(added)
                    .append(" | ")
                    .append(ms(r, r.results().dialToTrying))
                    .append(" | ")
                    .append(ms(r, r.results().dialToAnswered))
                    .append(" | ")
                    .append(r.cpuPercent() < 0 ? "-" : f("%.1f", r.cpuPercent()))
                    .append(" | ")
                    .append(r.results().machineBusyPercent < 0 ? "-" : f("%.0f", r.results().machineBusyPercent))
                    .append(" | ")
                    .append(r.cpuMicrosPerPacket() < 0 ? "-" : f("%.1f", r.cpuMicrosPerPacket()))
                    .append(" | ")
                    .append(r.relayDelay() == null ? "-" : f("%.2f / %.3f", r.relayDelay()[2], r.relayDelay()[3]))
                    .append(" | ")
                    .append(r.idle().threads())
                    .append("→")
                    .append(r.end().threads())
                    .append(" | ")
                    .append(r.idle().fds())
                    .append("→")
                    .append(r.end().fds())
                    .append(" | ")
                    .append(r.heapPerCallKb() < 0 ? "-" : f("%.0f", r.heapPerCallKb()))
                    .append(" |\n");
        }
        return s.toString();
    }

    private static String ms(Report r, Histogram h) {
        return h.count() == 0 ? "-" : f("%.1f / %.1f", r.setupMs(h, .5), r.setupMs(h, .99));
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    /** Two charts side by side: RTT p99 and gateway CPU against concurrent pass-through and transcoded calls. */
    private static void plot(List<Row> rows, Path png) throws IOException {
        int w = 1000;
        int h = 420;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        chart(g, rows, 20, "round trip p99 (ms)", r -> r.roundTrips() == 0 ? Double.NaN : r.rttMs(.99));
        chart(g, rows, w / 2 + 10, "gateway CPU (% of one core)", Report::cpuPercent);
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
    }

    private static void chart(
            Graphics2D g, List<Row> rows, int x0, String title, java.util.function.ToDoubleFunction<Report> metric) {
        int left = x0 + 50;
        int top = 40;
        int width = 400;
        int height = 320;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title + " vs concurrent calls", x0 + 10, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        double maxX = 1;
        double maxY = 0;
        for (Row r : rows) {
            double y = metric.applyAsDouble(r.report());
            if (!r.step().mode().equals("baseline") && r.step().churn() == 0 && !Double.isNaN(y)) {
                maxX = Math.max(maxX, r.report().callsHeld());
                maxY = Math.max(maxY, y);
            }
        }
        maxY = maxY <= 0 ? 1 : maxY * 1.15;
        g.drawLine(left, top + height, left + width, top + height);
        g.drawLine(left, top, left, top + height);
        for (int i = 0; i <= 4; i++) {
            int y = top + height - i * height / 4;
            g.drawString(f("%.1f", maxY * i / 4), x0, y + 4);
            g.drawString(f("%.0f", maxX * i / 4), left + i * width / 4 - 8, top + height + 16);
        }
        String[] modes = {"passthrough", "transcode", "video"};
        Color[] colors = {new Color(0x2f6fed), new Color(0xd98c00), new Color(0x1f9d55)};
        for (int m = 0; m < modes.length; m++) {
            g.setColor(colors[m]);
            g.setStroke(new BasicStroke(2));
            int px = -1;
            int py = -1;
            for (Row r : rows) {
                double y = metric.applyAsDouble(r.report());
                if (!r.step().mode().equals(modes[m]) || r.step().churn() > 0 || Double.isNaN(y) || y < 0) {
                    continue;
                }
                int x = left + (int) (width * r.report().callsHeld() / maxX);
                int yy = top + height - (int) (height * y / maxY);
                g.fillOval(x - 4, yy - 4, 8, 8);
                if (px >= 0) {
                    g.drawLine(px, py, x, yy);
                }
                px = x;
                py = yy;
            }
            g.drawString(modes[m], left + width - 90, top + 14 + 16 * m);
        }
    }

    private static void writeSection(Path md, String table, boolean quick, int warmup) throws IOException {
        String section = BEGIN + "\n## Load (scripts/bench.sh" + (quick ? " --quick" : "") + ", "
                + LocalDate.now() + ")\n\n"
                + "The gateway runs as its own process (gateway/target/quarkus-app, -Xmx2g and the image's G1 and thread-priority flags), the callees are sipp"
                + " UASs with RTP echo (one per 50 audio calls, one per 15 video calls: a single sipp echo socket"
                + " overflows past about 150 calls), the rooms are the load generator's synthetic WebRTC peers (ICE,"
                + " DTLS, SRTP), each sending every 20 ms at its own random phase with the send time in the payload,"
                + " all on loopback on this machine: 2 cores shared by the generator, sipp and the gateway, so"
                + " *machine busy* says how close the whole machine was to saturation. Round trips, loss and CPU are"
                + " measured over the hold only (all calls up); in-flight packets are drained before loss is counted."
                + " *baseline* is the same RTP sent straight to the sipp echoes without the gateway, in the same run, at"
                + " the nearest call count: *added p99* is the gateway's own share of the round trip. *in gateway > 1 /"
                + " 5 ms* is the gateway's own count (dialout_media_relay_delayed_total) of forwarded packets that"
                + " spent longer than that between socket read and socket write. CPU figures are the gateway"
                + " process's only (utime+stime from /proc); *heap / call* is the live heap (after a full collection)"
                + " with the calls up, minus idle, per call. An unmeasured warm-up (" + warmup
                + " pass-through calls in rounds of"
                + " 100, 20 transcoded) runs first.\n\n"
                + table + "\n![latency and CPU against concurrent calls](bench-load.png)\n" + END + "\n";
        replaceSection(md, BEGIN, END, section);
    }

    /**
     * Puts {@code section} (which starts with {@code begin} and ends with {@code end} and a newline) in place of the
     * text between those markers in {@code md}, or appends it when the markers are not there yet.
     */
    static void replaceSection(Path md, String begin, String end, String section) throws IOException {
        String text = Files.exists(md) ? Files.readString(md) : "# Benchmarks\n\n";
        int a = text.indexOf(begin);
        int b = text.indexOf(end);
        if (a >= 0 && b > a) {
            text = text.substring(0, a) + section + text.substring(b + end.length() + 1);
        } else {
            text = text + (text.endsWith("\n") ? "\n" : "\n\n") + section;
        }
        Files.writeString(md, text);
    }
}
