package io.dialout.gateway.sip;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Test-local runner for /usr/bin/sipp as a UAS far end, until testkit's Sipp lands (then this class goes).
 * Starts sipp on a free port, waits until it listens, exposes its exit code and its -trace_msg log.
 */
final class SippRunner implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path dir;

    private SippRunner(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    static SippRunner uas(String scenario, String transport, Map<String, String> vars, String... extra)
            throws IOException, InterruptedException {
        Path xml;
        try {
            xml = Path.of(SippRunner.class.getResource("/sipp/" + scenario).toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        int port = freePort();
        Path dir = Files.createTempDirectory("sipp");
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/sipp", "-sf", xml.toString(), "-i", "127.0.0.1",
                "-p", String.valueOf(port), "-mp", String.valueOf(freePort()), "-t", transport, "-m", "1",
                "-nostdin", "-trace_msg", "-message_file", dir.resolve("messages.log").toString(),
                "-trace_err", "-error_file", dir.resolve("errors.log").toString(), "-timeout", "30s",
                "-timeout_error"));
        vars.forEach((k, v) -> {
            cmd.add("-set");
            cmd.add(k);
            cmd.add(v);
        });
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("output.log").toFile()).start();
        SippRunner r = new SippRunner(p, port, dir);
        r.awaitListening(transport.startsWith("t"));
        return r;
    }

    int port() {
        return port;
    }

    /** sipp's exit code: 0 when its one call followed the scenario. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("sipp still running after " + timeout + "\n" + output());
        }
        return process.exitValue();
    }

    String messages() {
        return read("messages.log");
    }

    String output() {
        return read("output.log") + read("errors.log");
    }

    /** The first lines of the messages sipp received, in order ("INVITE", "ACK", "BYE", "SIP/2.0 200"...). */
    List<String> received() {
        List<String> out = new ArrayList<>();
        String[] lines = messages().split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains("message received") && i + 2 < lines.length) {
                String first = lines[i + 2].trim();
                out.add(first.startsWith("SIP/2.0") ? first.substring(0, 11) : first.split(" ")[0]);
            }
        }
        return out;
    }

    /** Waits until sipp logged {@code count} received messages starting with {@code first}. */
    void awaitReceived(String first, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received().stream().filter(first::equals).count() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("sipp did not receive " + count + " " + first + ": " + received() + "\n" + messages());
            }
            Thread.sleep(20); // polling sipp's log file
        }
    }

    private String read(String name) {
        try {
            Path f = dir.resolve(name);
            return Files.exists(f) ? Files.readString(f) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private void awaitListening(boolean tcp) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("sipp exited: " + output());
            }
            if (bound(tcp)) {
                return;
            }
            Thread.sleep(20); // polling for the bind, not a fixed wait
        }
        throw new IOException("sipp did not listen on " + port + ": " + output());
    }

    private boolean bound(boolean tcp) {
        InetSocketAddress a = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        try {
            if (tcp) {
                new ServerSocket(port, 1, InetAddress.getLoopbackAddress()).close();
            } else {
                new DatagramSocket(a).close();
            }
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    static int freePort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
