package io.dialout.loadgen;

import io.dialout.testkit.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Janus (Debian package {@code janus}, 1.1.2) as a child process on loopback, the peer the benchmark compares the
 * gateway with. {@code scripts/janus/start.sh} writes minimal config files into a temporary directory (HTTP API on a
 * free 127.0.0.1 port, only the SIP plugin and the HTTP transport, separate port ranges for ICE and for the SIP
 * plugin's RTP), builds the LD_PRELOAD shim that lets Janus gather on {@code lo}, and execs Janus, so
 * {@link #pid()} is Janus's own pid for the /proc CPU figures.
 */
public final class JanusProcess implements AutoCloseable {
    /** Where the Debian package puts the binary; tests skip themselves when it is missing. */
    public static final Path BINARY = Path.of("/usr/bin/janus");

    private static final int RANGE = 1000;

    private final Process process;
    private final Path work;
    private final Path log;
    private final URI api;

    private JanusProcess(Process process, Path work, Path log, URI api) {
        this.process = process;
        this.work = work;
        this.log = log;
        this.api = api;
    }

    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** Starts Janus and waits until its HTTP API answers {@code {"janus":"info"}}. */
    public static JanusProcess start() throws IOException, InterruptedException {
        Path script = findStartScript();
        Path work = Files.createTempDirectory("janus-bench-");
        int httpPort = FreePorts.tcp();
        // one block, split in two: ICE (one port per bundled call) below, the SIP plugin's RTP+RTCP pairs above
        int base = FreePorts.udpRange(2 * RANGE);
        String ice = base + "-" + (base + RANGE - 1);
        String sip = (base + RANGE) + "-" + (base + 2 * RANGE - 1);
        Path log = work.resolve("janus.log");
        Process p = new ProcessBuilder(
                        "bash", script.toString(), work.toString(), Integer.toString(httpPort), ice, sip, "3")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        JanusProcess j = new JanusProcess(p, work, log, URI.create("http://127.0.0.1:" + httpPort + "/janus"));
        try {
            j.awaitInfo(Duration.ofSeconds(30));
        } catch (IOException | RuntimeException e) {
            j.close();
            throw e;
        }
        return j;
    }

    /** The Janus API base, e.g. http://127.0.0.1:PORT/janus. */
    public URI api() {
        return api;
    }

    public long pid() {
        return process.pid();
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    private void awaitInfo(Duration timeout) throws IOException, InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest info = HttpRequest.newBuilder(api)
                .timeout(Duration.ofSeconds(2))
                .POST(HttpRequest.BodyPublishers.ofString("{\"janus\":\"info\",\"transaction\":\"up\"}"))
                .build();
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IOException("janus exited with " + process.exitValue() + ":\n" + tail());
            }
            try {
                HttpResponse<String> r = http.send(info, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("server_info")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IOException("janus did not answer on " + api + " within " + timeout + ":\n" + tail());
    }

    private String tail() {
        String s = log();
        return s.length() > 3000 ? s.substring(s.length() - 3000) : s;
    }

    /** scripts/janus/start.sh, searched upwards from the working directory (the repo root or a module). */
    static Path findStartScript() throws IOException {
        String override = System.getProperty("janus.start", System.getenv("JANUS_START"));
        if (override != null) {
            return Path.of(override);
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path s = d.resolve("scripts/janus/start.sh");
            if (Files.isRegularFile(s)) {
                return s;
            }
        }
        throw new IOException(
                "scripts/janus/start.sh not found above " + Path.of("").toAbsolutePath());
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM: Janus hangs up and exits cleanly
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try (var files = Files.walk(work)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind
        }
    }
}
