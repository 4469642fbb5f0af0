package io.dialout.testkit;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's Kamailio 5.6 run by a test: its configuration (and any file it names, such as {@code tls.cfg}) written to a
 * temp folder of its own, started in the foreground with {@code -DD -E} (with {@code -D} alone it runs UDP only), its
 * log kept in memory for the test to read and wait on; {@link #close} stops it and removes the folder. The roles
 * (TLS proxy, registrar) are {@link KamailioTlsProxy} and the tests' own configurations.
 */
public final class Kamailio implements AutoCloseable {
    public static final Path KAMAILIO = Path.of("/usr/sbin/kamailio");
    public static final Path MODULES = Path.of("/usr/lib/x86_64-linux-gnu/kamailio/modules");
    private static final Duration READY = Duration.ofSeconds(20);

    private final Process process;
    private final Path dir;
    private final List<String> log = new ArrayList<>();

    private Kamailio(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
    }

    /**
     * Starts Kamailio and returns once it accepts TCP connections on {@code readyPort} (Kamailio says nothing when it
     * is ready; every configuration here listens on TCP or TLS).
     *
     * @param files     given the temp folder, the files to write there by name; {@code kamailio.cfg} is the
     *                  configuration
     * @param readyPort a TCP (or TLS) port of 127.0.0.1 the configuration listens on
     * @param modules   modules the configuration needs besides the core package's ({@code tls.so}): checked first
     */
    public static Kamailio start(Function<Path, Map<String, String>> files, int readyPort, String... modules)
            throws IOException, InterruptedException {
        Processes.require(KAMAILIO, "apt-get install kamailio kamailio-tls-modules (scripts/install-test-deps.sh)");
        for (String m : modules) {
            if (!Files.exists(MODULES.resolve(m))) {
                throw new IllegalStateException(MODULES.resolve(m) + " is missing: apt-get install"
                        + " kamailio-tls-modules (scripts/install-test-deps.sh)");
            }
        }
        Path dir = Files.createTempDirectory("kamailio-");
        for (Map.Entry<String, String> f : files.apply(dir).entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), f.getValue());
        }
        Process p = new ProcessBuilder(
                        KAMAILIO.toString(),
                        "-f",
                        dir.resolve("kamailio.cfg").toString(),
                        "-DD",
                        "-E",
                        "-m",
                        "32",
                        "-M",
                        "8",
                        "-Y",
                        dir.toString(),
                        "-P",
                        dir.resolve("kamailio.pid").toString())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        Kamailio k = new Kamailio(p, dir);
        Thread reader = new Thread(k::read, "kamailio-log-" + readyPort);
        reader.setDaemon(true);
        reader.start();
        k.awaitListening(readyPort);
        return k;
    }

    private void read() {
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.ISO_8859_1))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (log) {
                    log.add(line);
                    log.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        synchronized (log) {
            log.notifyAll();
        }
    }

    private void awaitListening(int port) {
        Processes.awaitListening("kamailio", process, port, () -> accepts(port), READY, this::output, this::close);
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** Everything Kamailio has logged so far, a line each. */
    public String output() {
        synchronized (log) {
            return String.join("\n", log);
        }
    }

    /** The log lines so far that {@code p} finds something in. */
    public List<String> lines(Pattern p) {
        synchronized (log) {
            return log.stream().filter(l -> p.matcher(l).find()).toList();
        }
    }

    /** Waits for the n-th (1-based) log line that {@code p} finds something in; returns its matcher. */
    public Matcher await(Pattern p, int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (log) {
            while (true) {
                int seen = 0;
                for (String line : log) {
                    Matcher m = p.matcher(line);
                    if (m.find() && ++seen == n) {
                        return m;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && seen < n)) {
                    throw new AssertionError("kamailio never logged " + p + " (" + n + "x) within " + timeout
                            + "; its log:\n" + String.join("\n", log));
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(log, Math.min(left, TimeUnit.MILLISECONDS.toNanos(500)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }

    @Override
    public void close() {
        Processes.stop(process, Duration.ofSeconds(3));
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
