package io.dialout.loadgen;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A reading of the gateway process from /proc (CPU ticks, RSS, threads, fds) and from /q/metrics its heap and how long
 * forwarded packets stayed in it ({@code relay}: count, seconds summed, and counts over 1, 5 and 20 ms).
 */
record ProcessStats(long cpuTicks, long rssKb, int threads, int fds, long heapBytes, double[] relay, long atNanos) {
    static final String[] RELAY_SERIES = {
        "dialout_media_relay_delay_seconds_count ",
        "dialout_media_relay_delay_seconds_sum ",
        "dialout_media_relay_delayed_total{over=\"0.001\"} ",
        "dialout_media_relay_delayed_total{over=\"0.005\"} ",
        "dialout_media_relay_delayed_total{over=\"0.02\"} "
    };

    /** USER_HZ: the unit of utime/stime in /proc/PID/stat (100 on Linux). */
    static final double TICKS_PER_SECOND = 100.0;

    static ProcessStats read(long pid, URI metrics) {
        return read(pid, metrics, false);
    }

    /**
     * As {@link #read(long, URI)}; with {@code liveHeap} the JVM is first asked for a full collection (jcmd GC.run),
     * so that the heap figure is what the calls keep alive rather than wherever the young generation happens to be.
     */
    static ProcessStats read(long pid, URI metrics, boolean liveHeap) {
        if (liveHeap && pid > 0 && metrics != null) {
            collect(pid);
        }
        long now = System.nanoTime();
        long ticks = -1;
        long rss = -1;
        int threads = -1;
        int fds = -1;
        if (pid > 0) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime (fields 14, 15)
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        rss = Long.parseLong(line.replaceAll("\\D", ""));
                    } else if (line.startsWith("Threads:")) {
                        threads = Integer.parseInt(line.replaceAll("\\D", ""));
                    }
                }
                try (var s = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
                    fds = (int) s.count();
                }
            } catch (IOException | RuntimeException e) {
                // the process is gone or not ours: leave -1
            }
        }
        double[] relay = new double[RELAY_SERIES.length];
        java.util.Arrays.fill(relay, -1);
        return new ProcessStats(ticks, rss, threads, fds, scrape(metrics, relay), relay, now);
    }

    private static void collect(long pid) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return;
        }
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            // no live-heap figure then; the plain reading follows
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The heap in use (-1 when unknown); fills {@code relay} with the relay-delay series found. */
    private static long scrape(URI metrics, double[] relay) {
        if (metrics == null) {
            return -1;
        }
        try {
            HttpClient c = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            String body = c.send(
                            HttpRequest.newBuilder(metrics)
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            double sum = 0;
            for (String line : body.split("\n")) {
                if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
                for (int i = 0; i < RELAY_SERIES.length; i++) {
                    if (line.startsWith(RELAY_SERIES[i])) {
                        relay[i] = Double.parseDouble(
                                line.substring(RELAY_SERIES[i].length()).trim());
                    }
                }
            }
            return (long) sum;
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * The machine's idle time from /proc/stat (idle + iowait, in USER_HZ ticks over all cores) and when it was read:
     * {idleTicks, nanoTime}, or null. Only idle is used: with a tickless kernel the busy columns are sampled on timer
     * ticks and miss short bursts (a packet relay is nothing but short bursts), while idle time is measured exactly.
     */
    static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            return new long[] {Long.parseLong(f[4]) + Long.parseLong(f[5]), System.nanoTime()};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Idle ticks (idle + iowait) of each core from the {@code cpuN} lines of /proc/stat, index N, and when they were
     * read as the last element; null when unreadable. For a per-core benchmark: how busy the gateway's core and the
     * load's core were, whoever kept them busy (other jobs on the machine included).
     */
    static long[] coreIdleTicks() {
        try {
            List<long[]> cores = new java.util.ArrayList<>();
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                if (line.startsWith("cpu") && Character.isDigit(line.charAt(3))) {
                    String[] f = line.trim().split("\\s+");
                    int n = Integer.parseInt(f[0].substring(3));
                    cores.add(new long[] {n, Long.parseLong(f[4]) + Long.parseLong(f[5])});
                }
            }
            int max = cores.stream().mapToInt(c -> (int) c[0]).max().orElse(-1);
            long[] t = new long[max + 2];
            java.util.Arrays.fill(t, -1);
            cores.forEach(c -> t[(int) c[0]] = c[1]);
            t[max + 1] = System.nanoTime();
            return t;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Busy share of core {@code cpu} between two {@link #coreIdleTicks} readings, in percent; -1 when unknown. */
    static double coreBusyPercent(long[] a, long[] b, int cpu) {
        if (a == null || b == null || a.length != b.length || cpu >= a.length - 1 || a[cpu] < 0) {
            return -1;
        }
        double capacity = (b[b.length - 1] - a[a.length - 1]) / 1e9 * TICKS_PER_SECOND;
        return capacity <= 0 ? -1 : Math.max(0, Math.min(100, 100.0 * (1 - (b[cpu] - a[cpu]) / capacity)));
    }

    /**
     * CPU ticks (utime + stime) of each thread of {@code pid} summed by thread group: the name from
     * /proc/PID/task/TID/comm with digits and trailing separators removed ("room-dtls-41237-3" and "room-dtls-41237-1"
     * are "room-dtls"). Threads that ended are missing, so compare readings taken while the same pools live.
     */
    static Map<String, Long> threadTicks(long pid) {
        Map<String, Long> m = new java.util.TreeMap<>();
        if (pid <= 0) {
            return m;
        }
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    String comm = Files.readString(t.resolve("comm")).trim();
                    String stat = Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    String group = comm.replaceAll("[0-9]+", "")
                            .replaceAll("[-_#. ]+$", "")
                            .replaceAll("--+", "-");
                    m.merge(group.isEmpty() ? "?" : group, ticks, Long::sum);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended while we read
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
        return m;
    }

    /** Busy share of all cores between two {@link #machineTicks} readings, in percent. */
    static double machineBusyPercent(long[] a, long[] b) {
        if (a == null || b == null || b[1] == a[1]) {
            return -1;
        }
        double capacity =
                (b[1] - a[1]) / 1e9 * TICKS_PER_SECOND * Runtime.getRuntime().availableProcessors();
        return Math.max(0, 100.0 * (1 - (b[0] - a[0]) / capacity));
    }

    /** CPU used between two readings, in percent of one core. */
    static double cpuPercent(ProcessStats a, ProcessStats b) {
        if (a.cpuTicks < 0 || b.cpuTicks < 0) {
            return -1;
        }
        double seconds = (b.atNanos - a.atNanos) / 1e9;
        return 100.0 * (b.cpuTicks - a.cpuTicks) / TICKS_PER_SECOND / seconds;
    }
}
