package io.dialout.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * dnsmasq (Debian's {@code dnsmasq-base}) as a DNS server on 127.0.0.1 and a free UDP port, in the foreground,
 * answering only from the records given here (no upstream, no /etc/hosts): SRV, NAPTR and host records for RFC 3263
 * tests. Stopped by {@link #close()}.
 */
public final class Dnsmasq implements AutoCloseable {

    public static final Path DNSMASQ = Path.of("/usr/sbin/dnsmasq");

    private final Process process;
    private final Path log;
    private final int port;

    private Dnsmasq(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** The server's address for a resolver setting: {@code 127.0.0.1:<port>}. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Starts dnsmasq, authoritative for {@code localDomain} (names in it without records are NXDOMAIN), with these
     * options (e.g. {@code --srv-host=_sip._udp.trunk.test,a.trunk.test,5070,10,100},
     * {@code --host-record=a.trunk.test,127.0.0.1}), and returns once it listens.
     */
    public static Dnsmasq start(String localDomain, List<String> records) {
        Processes.require(DNSMASQ, "install Debian's dnsmasq-base package (scripts/install-test-deps.sh)");
        int port = FreePorts.udp();
        List<String> cmd = new ArrayList<>(List.of(
                DNSMASQ.toString(),
                "-k",
                "-d",
                "--no-resolv",
                "--no-hosts",
                "--conf-file=/dev/null",
                "--user=root",
                "-p",
                String.valueOf(port),
                "--listen-address=127.0.0.1",
                "--bind-interfaces",
                "--local=/" + localDomain + "/"));
        cmd.addAll(records);
        try {
            Path log = Files.createTempFile("dnsmasq-", ".log");
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Dnsmasq d = new Dnsmasq(p, log, port);
            d.awaitListening(Duration.ofSeconds(10));
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitListening(Duration timeout) {
        Processes.awaitListening(
                "dnsmasq", process, port, () -> SocketTable.listening("udp", port), timeout, this::output, this::close);
    }

    @Override
    public void close() {
        Processes.stop(process, Duration.ofSeconds(3));
    }
}
