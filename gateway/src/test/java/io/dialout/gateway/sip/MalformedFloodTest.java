package io.dialout.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.testkit.Sipp;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 2: each malformed datagram made the stack log its whole 64 KiB receive buffer at SEVERE (252 KB of
 * junk wrote 539 MB of log and delayed a call's set-up). 2,000 malformed datagrams of the kinds that reached the
 * stack's error paths, while a call is placed: the log written stays small, every datagram is counted, the call is
 * answered.
 */
class MalformedFloodTest extends SippTestSupport {

    static final int FLOOD = 2000;
    static final int BATCH = 50;

    /** The markers between batches come from 127.0.0.1 (trusted): a rate limit above their number. */
    @Override
    io.dialout.gateway.sip.ingress.SipIngressConfig ingress() {
        var d = super.ingress();
        return new io.dialout.gateway.sip.ingress.SipIngressConfig(
                d.trustedSources(),
                1000,
                d.rateWindow(),
                d.maxMessageSize(),
                d.readTimeout(),
                d.maxTcpConnections(),
                d.maxTcpConnectionsPerSource(),
                d.tcpIdleTimeout(),
                d.malformedLogInterval());
    }

    /** Everything logged at INFO and above (what production writes), as formatted bytes. */
    static final class LogVolume extends Handler implements AutoCloseable {
        final AtomicLong chars = new AtomicLong();
        final AtomicLong records = new AtomicLong();
        private final SimpleFormatter f = new SimpleFormatter();
        private final Logger root = Logger.getLogger("");

        LogVolume() {
            setLevel(Level.INFO);
            root.addHandler(this);
        }

        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.INFO.intValue()) {
                records.incrementAndGet();
                chars.addAndGet(f.format(r).length());
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {
            root.removeHandler(this);
        }
    }

    @Test
    void aFloodOfMalformedDatagramsIsCountedNotLoggedAndCallsGoOn() throws Exception {
        Logger.getLogger("gov.nist").setLevel(Level.WARNING); // as application.properties sets it
        try (LogVolume log = new LogVolume();
                DatagramSocket junk = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                Sipp sipp = uas("uas_answer.xml", "udp")) {
            Random random = new Random(14);
            OutboundCall call = ua.invite(request(sipp, "udp"), l);
            // in batches, each closed by a valid OPTIONS whose 200 is awaited: the user agent reads datagrams in
            // order on one thread, so once it is answered every datagram before it has been handled (and the
            // socket's receive buffer never overflows, so each malformed datagram reaches the user agent)
            for (int i = 0; i < FLOOD; i++) {
                byte[] b = malformed(i, random, junk.getLocalPort());
                junk.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), ua.port()));
                if ((i + 1) % BATCH == 0) {
                    String marker = "after-" + (i + 1);
                    byte[] options = UnsolicitedSipTest.options(junk, marker).getBytes(StandardCharsets.US_ASCII);
                    junk.send(new DatagramPacket(options, options.length, InetAddress.getLoopbackAddress(), ua.port()));
                    assertThat(awaitOk(junk, marker, Duration.ofSeconds(30)))
                            .as("the OPTIONS after " + (i + 1) + " malformed datagrams")
                            .isTrue();
                }
            }

            assertThat(log.chars.get())
                    .as("characters logged for " + FLOOD + " malformed datagrams (" + log.records + " records)")
                    .isLessThan(16 * 1024);
            assertThat(ua.ingressCounters().malformed()).isEqualTo(FLOOD);

            l.await("provisional 100", WAIT);
            l.await("provisional 180", WAIT);
            l.await("answered", WAIT);
            call.hangup();
            l.awaitTerminated(WAIT);
            assertPassed(sipp, "INVITE", "ACK", "BYE");
        }
    }

    /** The kinds seen in the attack run, in turn: missing CSeq, missing Via and From, a CSeq of another method, random bytes. */
    static byte[] malformed(int i, Random random, int port) {
        String via = "Via: SIP/2.0/UDP 127.0.0.1:" + port + ";branch=z9hG4bK-junk" + i + "\r\n";
        String s = switch (i % 4) {
            case 0 ->
                "INVITE sip:x@127.0.0.1 SIP/2.0\r\n" + via + "From: <sip:a@b>;tag=1\r\nTo: <sip:x@127.0.0.1>\r\n"
                        + "Call-ID: junk-" + i + "\r\nContent-Length: 0\r\n\r\n";
            case 1 ->
                "OPTIONS sip:x@127.0.0.1 SIP/2.0\r\nTo: <sip:x@127.0.0.1>\r\nCall-ID: junk-" + i
                        + "\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
            case 2 ->
                "OPTIONS sip:x@127.0.0.1 SIP/2.0\r\n" + via + "From: <sip:a@b>;tag=1\r\nTo: <sip:x@127.0.0.1>\r\n"
                        + "Call-ID: junk-" + i + "\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";
            default -> null;
        };
        if (s != null) {
            return s.getBytes(StandardCharsets.US_ASCII);
        }
        byte[] b = new byte[64 + random.nextInt(200)];
        random.nextBytes(b);
        b[0] = 'X'; // not a CR/LF keep-alive
        return b;
    }

    private static boolean awaitOk(DatagramSocket s, String callId, Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        byte[] buf = new byte[65536];
        while (System.nanoTime() < deadline) {
            s.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                s.receive(p);
            } catch (SocketTimeoutException e) {
                return false;
            }
            String r = new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII);
            if (r.startsWith("SIP/2.0 200") && r.contains("Call-ID: " + callId + "\r\n")) {
                return true;
            }
        }
        return false;
    }
}
