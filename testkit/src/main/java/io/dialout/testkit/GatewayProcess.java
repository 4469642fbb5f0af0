package io.dialout.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The packaged gateway (gateway/target/quarkus-app/quarkus-run.jar) run as its own process on free loopback ports,
 * as an operator would run it: for the load generator's smoke test and the benchmarks.
 */
public final class GatewayProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final int httpPort;
    private final int sipPort;
    private final int roomPort;

    private GatewayProcess(Process process, Path log, int httpPort, int sipPort, int roomPort) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
        this.sipPort = sipPort;
        this.roomPort = roomPort;
    }

    /** Starts the gateway with these extra {@code -Dkey=value} settings and waits until it is ready. */
    public static GatewayProcess start(Map<String, String> settings, String... jvmArgs) {
        return start(settings, List.of(), jvmArgs);
    }

    /**
     * As {@link #start(Map, String...)}, with {@code launcher} put before the java command: e.g. {@code taskset -c 0}
     * to pin the gateway to one core for a per-core benchmark.
     */
    public static GatewayProcess start(Map<String, String> settings, List<String> launcher, String... jvmArgs) {
        // -Ddialout.gateway.jar=...: another build of the gateway (a benchmark's "before", built in a worktree)
        String other = System.getProperty("dialout.gateway.jar");
        Path jar = other != null
                ? Path.of(other)
                : Processes.repoRoot().resolve("gateway/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    jar + " is missing: build the gateway first (./mvnw -pl gateway -am package)");
        }
        int http = FreePorts.tcp();
        int sip = FreePorts.udpAndTcp();
        int room = FreePorts.udp();
        int rtp = FreePorts.udpRange(400);
        Map<String, String> props = new LinkedHashMap<>();
        props.put("quarkus.http.port", String.valueOf(http));
        props.put("gateway.sip.port", String.valueOf(sip));
        props.put("gateway.sip.tls.port", String.valueOf(FreePorts.tcp()));
        props.put("gateway.media.room-port", String.valueOf(room));
        props.put("gateway.media.sip-rtp-port-min", String.valueOf(rtp));
        props.put("gateway.media.sip-rtp-port-max", String.valueOf(rtp + 399));
        // the peers (sipp, baresip) run on loopback and are dialled by URI: the packaged defaults refuse both
        props.put("gateway.dialplan.direct-uris", "true");
        props.put("gateway.dialplan.allow-networks", "127.0.0.0/8");
        props.putAll(settings);
        List<String> cmd = new ArrayList<>(launcher);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(jvmArgs));
        props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-jar", jar.toString()));
        try {
            Path log = Files.createTempFile("gateway-", ".log");
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            GatewayProcess g = new GatewayProcess(p, log, http, sip, room);
            g.awaitReady(Duration.ofSeconds(90));
            return g;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public int httpPort() {
        return httpPort;
    }

    public int sipPort() {
        return sipPort;
    }

    public int roomPort() {
        return roomPort;
    }

    public URI websocket() {
        return URI.create("ws://127.0.0.1:" + httpPort + "/v1/dialout");
    }

    public URI http(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    /** What the gateway logged. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    private void awaitReady(Duration timeout) {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the gateway exited at start:\n" + log());
            }
            try {
                HttpResponse<String> r = client.send(
                        HttpRequest.newBuilder(http("/q/health/ready"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            try {
                Thread.sleep(100); // polling readiness: there is no event to wait on across processes
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        close();
        throw new IllegalStateException("the gateway was not ready within " + timeout + ":\n" + log());
    }

    /** kill -9: the gateway ends at once, without a word to its peers. Waits until it is gone. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(15));
    }

    /** SIGTERM: the gateway drains (calls end with cause shutdown after the grace) and exits. Does not wait. */
    public void terminate() {
        process.destroy();
    }

    /** Waits for the process to end; returns its exit code. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the gateway did not exit within " + timeout);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        Processes.stop(process, Duration.ofSeconds(15));
    }
}
