package io.dialout.loadgen;

import io.dialout.testkit.GatewayProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code scripts/bench.sh --memory}: the gateway's memory as the container image runs it. Starts the packaged gateway
 * with the image's JVM options (Dockerfile {@code JAVA_OPTS}) in a container of {@code --container-mib} (the JVM is
 * told the limit with {@code -XX:MaxRAM}, as it would read it from the cgroup), and reports
 * <ul>
 *   <li>RSS (VmRSS from /proc) once ready and idle (10 s and 30 s after ready), and again after 20 calls came and
 *       went; with {@code --nmt} the JVM's own native-memory summary too (heap, class metadata, code cache, threads,
 *       GC): what the RSS is made of;</li>
 *   <li>live heap per pass-through call: a class histogram of live objects (jcmd GC.class_histogram, which collects
 *       first) idle and with {@code --calls} calls up, the difference per call, largest classes first.</li>
 * </ul>
 * {@code --jvm ARG} (repeatable) adds options after the image's, to try other settings; the figures are printed, not
 * written to docs/benchmarks.md (the memory section there is edited by hand from them, before and after).
 */
final class BenchMemory {
    private BenchMemory() {}

    static void main(String[] args) throws Exception {
        int containerMib = 1024;
        int calls = 200;
        boolean nmt = false;
        Path dockerfile = Path.of("Dockerfile");
        List<String> extra = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--memory" -> {}
                case "--container-mib" -> containerMib = Integer.parseInt(args[++i]);
                case "--calls" -> calls = Integer.parseInt(args[++i]);
                case "--jvm" -> extra.add(args[++i]);
                case "--nmt" -> nmt = true;
                case "--dockerfile" -> dockerfile = Path.of(args[++i]); // e.g. an older one, for a before/after
                default ->
                    throw new IllegalArgumentException("unknown option " + args[i]
                            + " (--memory [--container-mib MIB] [--calls N] [--nmt] [--dockerfile F] [--jvm ARG]...)");
            }
        }
        List<String> jvm = new ArrayList<>(imageOpts(dockerfile));
        jvm.add("-XX:MaxRAM=" + containerMib + "m");
        if (nmt) { // the JVM's own accounting costs about 5 MiB of RSS itself: off for the headline figures
            jvm.add("-XX:NativeMemoryTracking=summary");
        }
        jvm.addAll(extra);
        System.out.println("== gateway JVM: " + String.join(" ", jvm));
        Map<String, String> settings = new HashMap<>(EchoPeers.gatewaySettings(calls));
        try (GatewayProcess gateway = GatewayProcess.start(settings, jvm.toArray(String[]::new));
                EchoPeers callee = EchoPeers.forCalls("sipp/echo-uas.xml", calls, 50)) {
            long pid = gateway.pid();
            settle();
            long idle = rssKib(pid);
            // and once settled: the gateway hands memory back once it has had no call for
            // gateway.limits.idle-memory-release (5 s), which the first reading may come just before
            settle();
            settle();
            long idleSettled = rssKib(pid);
            String nmtIdle = nmt ? jcmd(pid, "VM.native_memory", "summary") : "";
            LoadRun.execute(LoadConfig.parse(
                    "--gateway",
                    gateway.websocket().toString(),
                    "--to",
                    callee.uris(),
                    "--calls",
                    "20",
                    "--rate",
                    "20",
                    "--hold",
                    "3"));
            settle();
            long after20 = rssKib(pid);
            String nmtAfter = nmt ? jcmd(pid, "VM.native_memory", "summary") : "";
            System.out.printf(
                    Locale.ROOT,
                    "RSS idle after start: %.1f MiB (10 s after ready), %.1f MiB (30 s); after 20 calls came and"
                            + " went: %.1f MiB (target < 150)%n",
                    idle / 1024.0,
                    idleSettled / 1024.0,
                    after20 / 1024.0);
            if (nmt) {
                System.out.println("-- native memory, idle after start (committed, KiB):");
                System.out.print(nmtDigest(nmtIdle));
                System.out.println("-- native memory after 20 calls (committed, KiB):");
                System.out.print(nmtDigest(nmtAfter));
            }

            Map<String, long[]> before = histogram(jcmd(pid, "GC.class_histogram"));
            Map<String, long[]> held = new HashMap<>();
            LoadConfig c = LoadConfig.parse(
                    "--gateway",
                    gateway.websocket().toString(),
                    "--to",
                    callee.uris(),
                    "--calls",
                    Integer.toString(calls),
                    "--rate",
                    "50",
                    "--hold",
                    "5",
                    "--gateway-pid",
                    Long.toString(pid));
            // the histogram is taken during the hold, with every call up
            Thread t = new Thread(() -> {
                try {
                    Report r = LoadRun.execute(c);
                    System.out.println("calls held: " + r.callsHeld() + ", failures: " + r.failures());
                } catch (Exception e) {
                    System.out.println("load failed: " + e);
                }
            });
            t.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(calls / 50 + 30);
            while (activeCalls(gateway) < calls && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            Thread.sleep(1500); // media flowing on the last calls (their rings and buffers touched)
            int up = activeCalls(gateway);
            held.putAll(histogram(jcmd(pid, "GC.class_histogram")));
            long rssHeld = rssKib(pid);
            t.join();
            printPerCall(before, held, up, rssHeld);
        }
    }

    private static void printPerCall(Map<String, long[]> before, Map<String, long[]> held, int calls, long rss) {
        long total = 0;
        List<Map.Entry<String, long[]>> rows = new ArrayList<>();
        for (var e : held.entrySet()) {
            long[] b = before.getOrDefault(e.getKey(), new long[2]);
            long[] d = {e.getValue()[0] - b[0], e.getValue()[1] - b[1]};
            total += d[1];
            if (d[1] > 0) {
                rows.add(Map.entry(e.getKey(), d));
            }
        }
        rows.sort((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]));
        System.out.printf(
                Locale.ROOT,
                "== live heap with %d calls up, minus idle: %.1f KiB per call (target <= 64); RSS %.1f MiB%n",
                calls,
                total / 1024.0 / Math.max(1, calls),
                rss / 1024.0);
        System.out.println("| class | instances / call | bytes / call |");
        System.out.println("|---|---:|---:|");
        for (var e : rows.subList(0, Math.min(25, rows.size()))) {
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %.1f | %.0f |%n",
                    e.getKey(),
                    e.getValue()[0] / (double) calls,
                    e.getValue()[1] / (double) calls);
        }
    }

    private static int activeCalls(GatewayProcess gateway) {
        try {
            String body = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(gateway.http("/q/metrics"))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString())
                    .body();
            for (String line : body.split("\n")) {
                if (line.startsWith("dialout_calls_active ")) {
                    return (int) Double.parseDouble(
                            line.substring(line.indexOf(' ') + 1).trim());
                }
            }
        } catch (IOException e) {
            // not yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** Instances and bytes per class from a GC.class_histogram. */
    static Map<String, long[]> histogram(String text) {
        Map<String, long[]> m = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":")) {
                try {
                    m.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
                } catch (NumberFormatException header) {
                    // not a row
                }
            }
        }
        return m;
    }

    /** The "Total" and each area's committed KiB of a VM.native_memory summary. */
    static String nmtDigest(String summary) {
        StringBuilder s = new StringBuilder();
        for (String line : summary.split("\n")) {
            String l = line.trim();
            if (l.startsWith("Total:") || (l.startsWith("-") && l.contains("committed="))) {
                String name = l.startsWith("Total:")
                        ? "Total"
                        : l.substring(1, l.indexOf('(')).trim();
                String committed = l.replaceAll(".*committed=(\\d+)KB.*", "$1");
                s.append(String.format(Locale.ROOT, "  %-28s %s%n", name, committed));
            }
        }
        return s.toString();
    }

    /** 10 s for the gateway to finish starting its pools and the calls' teardown. */
    private static void settle() throws InterruptedException {
        Thread.sleep(10_000);
    }

    static long rssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    static String jcmd(long pid, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid)));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    /** JAVA_OPTS of a Dockerfile (by default the repository's: the image's defaults). */
    private static List<String> imageOpts(Path dockerfile) {
        try {
            String d = Files.readString(dockerfile);
            int a = d.indexOf("ENV JAVA_OPTS=\"");
            String v = d.substring(a + "ENV JAVA_OPTS=\"".length(), d.indexOf('"', a + "ENV JAVA_OPTS=\"".length()));
            List<String> opts = new ArrayList<>();
            for (String o : v.replace("\\\n", " ").trim().split("\\s+")) {
                opts.add(o);
            }
            return opts;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read JAVA_OPTS from the Dockerfile", e);
        }
    }
}
