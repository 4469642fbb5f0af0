package io.dialout.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * sipp (Debian package sip-tester) as a real SIP peer, run in the background for one test.
 * <pre>
 * try (Sipp uas = Sipp.scenario(xml).localPort(FreePorts.udp()).start()) {
 *     ... dial sip:service@127.0.0.1:port ...
 *     assertThat(uas.awaitExit(Duration.ofSeconds(30))).isZero();
 *     assertThat(uas.count("^BYE ")).isEqualTo(1);
 * }
 * </pre>
 */
public final class Sipp implements AutoCloseable {
    public static final Path SIPP = Path.of("/usr/bin/sipp");

    private final Process process;
    private final Path dir;
    private final Builder spec;

    private Sipp(Process process, Path dir, Builder spec) {
        this.process = process;
        this.dir = dir;
        this.spec = spec;
    }

    public static Builder scenario(Path xml) {
        return new Builder(xml);
    }

    /** One of sipp's built-in scenarios ("uac", "uas", "uac_pcap", ...). */
    public static Builder builtin(String name) {
        Builder b = new Builder(null);
        b.builtin = name;
        return b;
    }

    /** A scenario file from the classpath (e.g. "sipp/uas-answer.xml" in src/test/resources). */
    public static Builder scenarioResource(String resource) {
        var url = Thread.currentThread().getContextClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalArgumentException("no scenario resource " + resource);
        }
        try {
            return new Builder(Path.of(url.toURI()));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public int localPort() {
        return spec.localPort;
    }

    public int mediaPort() {
        return spec.mediaPort;
    }

    /** The SIP URI that reaches this sipp: {@code sip:user@127.0.0.1:port}, with ;transport=tcp when on TCP. */
    public String uri(String user) {
        return "sip:" + user + "@127.0.0.1:" + spec.localPort
                + (spec.transport.startsWith("t") ? ";transport=tcp" : "");
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** Waits for sipp to end by itself; returns its exit code (0: every call ran the scenario to its end). */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("sipp did not exit within " + timeout + "; output:\n" + output()
                        + "\nmessages:\n" + messages());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** What sipp printed (its screen and errors). */
    public String output() {
        return read(dir.resolve("output.txt")) + read(dir.resolve("errors.txt"));
    }

    /** Every message sipp sent and received (its -trace_msg log). */
    public String messages() {
        return read(dir.resolve("messages.txt"));
    }

    /**
     * How many messages in the trace match {@code regex} at the start of a message (multiline), e.g.
     * {@code "^BYE sip:"} or {@code "^SIP/2.0 200"}. Each message sipp logs is counted once per direction.
     */
    public int count(String regex) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(messages());
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** kill -9: sipp vanishes mid-call, without a BYE (as a crashed phone or a cut network does). */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        Processes.stop(process, Duration.ofSeconds(3));
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "";
        }
    }

    public static final class Builder {
        private final Path xml;
        private String builtin;
        private int localPort;
        private String transport = "u1";
        private String remote;
        private int mediaPort;
        private boolean rtpEcho;
        private boolean retransmit;
        private int calls = 1;
        private Duration timeout = Duration.ofSeconds(60);
        private final List<String> extra = new ArrayList<>();

        private Builder(Path xml) {
            this.xml = xml;
        }

        public Builder localPort(int port) {
            this.localPort = port;
            return this;
        }

        /** "u1" (UDP, one socket) or "t1" (TCP, one connection). */
        public Builder transport(String t) {
            this.transport = t;
            return this;
        }

        /** host:port of the peer sipp calls (UAC scenarios). */
        public Builder remote(String hostPort) {
            this.remote = hostPort;
            return this;
        }

        public Builder mediaPort(int port) {
            this.mediaPort = port;
            return this;
        }

        /** Echo RTP back to its sender on the media port (sipp -rtp_echo). */
        public Builder rtpEcho() {
            this.rtpEcho = true;
            return this;
        }

        /** A scenario variable: sipp -set name value. */
        public Builder set(String name, String value) {
            extra.add("-set");
            extra.add(name);
            extra.add(value);
            return this;
        }

        /** Digest credentials sipp checks with verifyauth (sipp -au / -ap). */
        public Builder auth(String user, String password) {
            extra.add("-au");
            extra.add(user);
            extra.add("-ap");
            extra.add(password);
            return this;
        }

        /**
         * Let sipp retransmit over UDP as its scenario's {@code retrans} attributes ask (RFC 3261 section 17: a 200 to
         * an INVITE until the ACK, a request until its response). Off by default ({@code -nr}): over loopback nothing
         * is lost, and a retransmission racing the gateway's answer would make message counts vary. Needed wherever
         * the path loses datagrams (ImpairedUdpRelay).
         */
        public Builder retransmissions() {
            this.retransmit = true;
            return this;
        }

        /** Number of calls before sipp exits (sipp -m). */
        public Builder calls(int n) {
            this.calls = n;
            return this;
        }

        /** sipp's own global timeout, after which it exits with an error. */
        public Builder timeout(Duration t) {
            this.timeout = t;
            return this;
        }

        public Builder arg(String... args) {
            extra.addAll(List.of(args));
            return this;
        }

        /** Starts sipp and returns once it is listening on its SIP port. */
        public Sipp start() {
            Processes.require(SIPP, "install Debian's sip-tester package (scripts/install-test-deps.sh)");
            if (localPort == 0) {
                localPort = transport.startsWith("t") ? FreePorts.udpAndTcp() : FreePorts.udp();
            }
            if (rtpEcho && mediaPort == 0) {
                mediaPort = FreePorts.udpPair();
            }
            try {
                Path dir = Files.createTempDirectory("sipp-");
                List<String> cmd = new ArrayList<>(List.of(
                        SIPP.toString(),
                        xml != null ? "-sf" : "-sn",
                        xml != null ? xml.toString() : builtin,
                        "-i",
                        "127.0.0.1",
                        "-p",
                        String.valueOf(localPort),
                        "-t",
                        transport,
                        "-m",
                        String.valueOf(calls),
                        "-nostdin",
                        "-timeout",
                        timeout.toSeconds() + "s",
                        "-timeout_error",
                        "-trace_msg",
                        "-message_file",
                        dir.resolve("messages.txt").toString(),
                        "-trace_err",
                        "-error_file",
                        dir.resolve("errors.txt").toString()));
                if (!retransmit) {
                    cmd.add("-nr");
                }
                if (mediaPort != 0) {
                    cmd.addAll(List.of("-mi", "127.0.0.1", "-mp", String.valueOf(mediaPort)));
                }
                if (rtpEcho) {
                    cmd.add("-rtp_echo");
                }
                cmd.addAll(extra);
                if (remote != null) {
                    cmd.add(remote);
                }
                Process p = new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("output.txt").toFile())
                        .start();
                Sipp sipp = new Sipp(p, dir, this);
                sipp.awaitListening(Duration.ofSeconds(15));
                return sipp;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Waits until the SIP port is taken by sipp (UDP: it can no longer be bound; TCP: it accepts). A calling sipp
     * (a UAC scenario) whose call is over before the port was seen, and which exited with status 0, ran its scenario
     * to the end: that is a start too (its trace and status are there for the test), not a failure to start.
     */
    private void awaitListening(Duration timeout) {
        if (spec.remote != null) {
            try {
                awaitPort(timeout);
            } catch (IllegalStateException e) {
                if (process.isAlive() || process.exitValue() != 0) {
                    throw e;
                }
            }
            return;
        }
        awaitPort(timeout);
    }

    private void awaitPort(Duration timeout) {
        Processes.awaitListening(
                "sipp",
                process,
                spec.localPort,
                () -> spec.transport.startsWith("t") ? tcpAccepts(spec.localPort) : udpTaken(spec.localPort),
                timeout,
                this::output,
                this::close);
    }

    private static boolean udpTaken(int port) {
        return SocketTable.listening("udp", port);
    }

    private static boolean tcpAccepts(int port) {
        return SocketTable.listening("tcp", port);
    }
}
