package io.dialout.gateway.sip;

import static io.dialout.gateway.sip.SippTestSupport.TIMERS;
import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.gateway.sip.ingress.SipIngressConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 item 1 for SIP over TLS: the TLS listening point's connections are admitted like TCP ones (one count for
 * both, the per-source share, the idle close). The clients are real {@code openssl s_client} processes doing a full
 * TLS handshake against the user agent's TLS listening point (a test CA's certificate for 127.0.0.1).
 */
class SipTlsAdmissionTest {

    static final int MAX = 3;
    static final Duration IDLE = Duration.ofSeconds(4);

    @TempDir
    static Path pki;

    static Path caPem;
    static Path serverP12;

    JainSipUserAgent ua;
    final List<Process> clients = new ArrayList<>();

    @BeforeAll
    static void certificates() throws Exception {
        TestPki.Issued ca = TestPki.ca("dialout test CA");
        caPem = ca.writeCertificate(pki.resolve("ca.pem"));
        serverP12 = TestPki.issue(ca, "localhost", "localhost", "127.0.0.1")
                .writePkcs12(pki.resolve("server.p12"), "secret");
    }

    @AfterEach
    void stop() {
        clients.forEach(Process::destroyForcibly);
        if (ua != null) {
            ua.close();
        }
    }

    @Test
    void tlsConnectionsPastTheLimitAreResetAndIdleOnesClosed() throws Exception {
        SipIngressConfig d = SipIngressConfig.trusting(List.of("127.0.0.1"));
        SipIngressConfig limits = new SipIngressConfig(
                d.trustedSources(),
                d.rateLimit(),
                d.rateWindow(),
                d.maxMessageSize(),
                Duration.ofSeconds(2),
                MAX,
                MAX,
                IDLE,
                d.malformedLogInterval());
        SipTls.Config tls =
                new SipTls.Config(0, new SipTls.Credentials(caPem, null, serverP12, "secret"), Map.of(), null);
        ua = new JainSipUserAgent(SipUserAgentConfig.loopback(TIMERS).withTls(tls), limits);

        List<Client> admitted = new ArrayList<>();
        for (int i = 0; i < MAX; i++) {
            admitted.add(client("admitted-" + i));
        }
        for (Client c : admitted) {
            assertThat(c.awaitOutput("-----BEGIN CERTIFICATE-----", Duration.ofSeconds(20)))
                    .as("handshake of %s:%n%s", c.name, c.output())
                    .isTrue();
        }
        assertThat(ua.ingressCounters().tcpOpen()).isEqualTo(MAX);

        // one past the limit: reset at accept, before any handshake, long before the idle time
        Client refused = client("refused");
        assertThat(refused.process.waitFor(IDLE.toMillis() / 2, TimeUnit.MILLISECONDS))
                .as("the connection past the limit ended at once:%n%s", refused.output())
                .isTrue();
        assertThat(refused.output()).doesNotContain("BEGIN CERTIFICATE");
        assertThat(ua.ingressCounters().tcpRefusedLimit()).isEqualTo(1);

        // the admitted ones send nothing after their handshake: the user agent closes them after the idle time
        for (Client c : admitted) {
            assertThat(c.process.waitFor(IDLE.toSeconds() + 15, TimeUnit.SECONDS))
                    .as("%s closed by the user agent after the idle time:%n%s", c.name, c.output())
                    .isTrue();
        }
        assertThat(ua.ingressCounters().tcpOpen()).isZero();

        // and the listening point serves again: an OPTIONS over TLS from a trusted source is answered
        Client trunk = client("trunk");
        assertThat(trunk.awaitOutput("-----BEGIN CERTIFICATE-----", Duration.ofSeconds(20)))
                .as(trunk.output())
                .isTrue();
        trunk.send(options(ua.tlsPort()));
        assertThat(trunk.awaitOutput("SIP/2.0 200 OK", Duration.ofSeconds(10)))
                .as(trunk.output())
                .isTrue();
    }

    @Test
    void aMessageTrickledOverTlsSlowerThanTheReadTimeoutIsCut() throws Exception {
        Duration readTimeout = Duration.ofSeconds(1);
        SipIngressConfig d = SipIngressConfig.trusting(List.of("127.0.0.1"));
        SipIngressConfig limits = new SipIngressConfig(
                d.trustedSources(),
                d.rateLimit(),
                d.rateWindow(),
                d.maxMessageSize(),
                readTimeout,
                MAX,
                MAX,
                IDLE,
                d.malformedLogInterval());
        SipTls.Config tls =
                new SipTls.Config(0, new SipTls.Credentials(caPem, null, serverP12, "secret"), Map.of(), null);
        ua = new JainSipUserAgent(SipUserAgentConfig.loopback(TIMERS).withTls(tls), limits);

        Client slow = client("slow");
        assertThat(slow.awaitOutput("-----BEGIN CERTIFICATE-----", Duration.ofSeconds(20)))
                .as("handshake:%n%s", slow.output())
                .isTrue();
        // after the handshake, the first 40 bytes at once, then a byte every 700 ms (within the 4 s idle time): the
        // message is not complete within the read timeout, so the decrypted stream's deadline resets the connection
        String head = options(ua.tlsPort());
        slow.send(head.substring(0, 40));
        long firstByte = System.nanoTime();
        long bound = firstByte + readTimeout.plusSeconds(2).toNanos();
        boolean ended = false;
        for (int i = 40; i < head.length() && !ended && System.nanoTime() < bound; i++) {
            long left = Math.max(1, (bound - System.nanoTime()) / 1_000_000);
            ended = slow.process.waitFor(Math.min(700, left), TimeUnit.MILLISECONDS);
            if (!ended) {
                try {
                    slow.send(head.substring(i, i + 1));
                } catch (IOException closedMeanwhile) {
                    ended = slow.process.waitFor(Math.max(1, left), TimeUnit.MILLISECONDS);
                }
            }
        }
        long tookMillis = (System.nanoTime() - firstByte) / 1_000_000;
        assertThat(ended)
                .as(
                        "s_client ended by the user agent within read timeout + 2 s (after %d ms):%n%s",
                        tookMillis, slow.output())
                .isTrue();
        assertThat(ua.ingressCounters().tcpCutSlow()).isEqualTo(1);
        assertThat(slow.output()).doesNotContain("SIP/2.0 200 OK");
    }

    /** An {@code openssl s_client} connected to the TLS port, its stdin kept open, its output in a file. */
    private Client client(String name) throws IOException {
        Path out = pki.resolve(name + ".out");
        Process p = new ProcessBuilder(
                        "openssl",
                        "s_client",
                        "-connect",
                        "127.0.0.1:" + ua.tlsPort(),
                        "-CAfile",
                        caPem.toString(),
                        "-verify_return_error",
                        "-ign_eof")
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        clients.add(p);
        return new Client(name, p, out);
    }

    private record Client(String name, Process process, Path out) {
        String output() {
            try {
                return Files.readString(out, StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                return e.toString();
            }
        }

        boolean awaitOutput(String text, Duration max) throws InterruptedException {
            long deadline = System.nanoTime() + max.toNanos();
            while (!output().contains(text)) {
                if (System.nanoTime() > deadline || !process.isAlive() && !output().contains(text)) {
                    return output().contains(text);
                }
                Thread.sleep(20); // polling s_client's output file: there is no event to wait on
            }
            return true;
        }

        void send(String text) throws IOException {
            OutputStream in = process.getOutputStream();
            in.write(text.getBytes(StandardCharsets.US_ASCII));
            in.flush();
        }
    }

    private static String options(int port) {
        return "OPTIONS sip:gateway@127.0.0.1:" + port + ";transport=tls SIP/2.0\r\n"
                + "Via: SIP/2.0/TLS 127.0.0.1:5999;branch=z9hG4bK-tls" + System.nanoTime() + "\r\n"
                + "From: <sip:trunk@127.0.0.1>;tag=t\r\n"
                + "To: <sip:gateway@127.0.0.1>\r\n"
                + "Call-ID: tls-options-" + System.nanoTime() + "\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Max-Forwards: 70\r\n"
                + "Content-Length: 0\r\n\r\n";
    }
}
