package io.dialout.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.gateway.sip.ingress.SipIngressConfig;
import io.dialout.testkit.FreePorts;
import io.dialout.testkit.Sipp;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 1 against the user agent's real TCP listening point: a 236-byte message announcing a 2 GB body made
 * the stack allocate it; idle connections were never closed and each held two threads. Here the limits are small
 * (20 connections, 16 per untrusted address, 3 s idle) so the test shows them in seconds.
 */
class SipTcpLimitsTest extends SippTestSupport {

    static final int MAX = 20;
    static final int PER_SOURCE = 16;
    static final Duration IDLE = Duration.ofSeconds(3);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(1);
    static final Duration TRICKLE = Duration.ofMillis(700);

    private final List<SocketChannel> opened = new ArrayList<>();

    @Override
    SipIngressConfig ingress() {
        SipIngressConfig d = SipIngressConfig.trusting(List.of("127.0.0.1"));
        return new SipIngressConfig(
                d.trustedSources(),
                d.rateLimit(),
                d.rateWindow(),
                d.maxMessageSize(),
                READ_TIMEOUT,
                MAX,
                PER_SOURCE,
                IDLE,
                d.malformedLogInterval());
    }

    @AfterEach
    void closeClients() throws IOException {
        for (SocketChannel c : opened) {
            c.close();
        }
    }

    static final String OVERSIZE = "INVITE sip:x@127.0.0.1 SIP/2.0\r\n"
            + "Via: SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bK-big\r\n"
            + "From: <sip:a@127.0.0.1>;tag=1\r\n"
            + "To: <sip:x@127.0.0.1>\r\n"
            + "Call-ID: big@127.0.0.1\r\n"
            + "CSeq: 1 INVITE\r\n"
            + "Max-Forwards: 70\r\n"
            + "Content-Length: 2000000000\r\n\r\n";

    @Test
    void messagesAnnouncingTwoGigabytesAreNotAllocatedAndCallsGoOn() throws Exception {
        assertThat(OVERSIZE.length()).isLessThan(260);
        List<Throwable> uncaught = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
        try {
            long before = usedHeapAfterGc();
            // two, as in the attack run: each connection's parser would allocate its own 2 GB body
            List<SocketChannel> attackers = List.of(connect("127.0.0.1"), connect("127.0.0.1"));
            for (SocketChannel c : attackers) {
                c.write(ByteBuffer.wrap(OVERSIZE.getBytes(StandardCharsets.US_ASCII)));
            }
            // nothing more comes: the gateway must give up on the connections (at the latest after the idle time)
            assertThat(awaitClosedByPeer(attackers, 2, IDLE.plusSeconds(10))).isEqualTo(2);
            long grown = usedHeapAfterGc() - before;
            assertThat(grown).as("heap growth in bytes").isLessThan(256L << 20);
            assertThat(uncaught).noneMatch(e -> e instanceof OutOfMemoryError);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }

        try (Sipp sipp = uas("uas_answer.xml", "tcp")) {
            OutboundCall call = answered(request(sipp, "tcp"), l);
            call.hangup();
            assertThat(l.awaitTerminated(WAIT))
                    .containsExactly("provisional 100", "provisional 180", "answered", "terminated");
            assertPassed(sipp, "INVITE", "ACK", "BYE");
        }
    }

    @Test
    void connectionsPastTheLimitAreClosedAndIdleOnesTimeOut() throws Exception {
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        List<SocketChannel> all = new ArrayList<>();
        for (int i = 0; i < MAX + 50; i++) {
            all.add(connectOrReset("127.0.0.1"));
        }
        // the 50 past the limit are closed at accept, well before the idle time
        assertThat(awaitClosedByPeer(all, 50, IDLE.dividedBy(2))).isEqualTo(50);
        assertThat(ua.ingressCounters().tcpRefusedLimit()).isEqualTo(50);
        assertThat(ua.ingressCounters().tcpOpen()).isEqualTo(MAX);
        // the stack's TCP transport runs two threads per connection it serves: bounded by the limit
        int grown = ManagementFactory.getThreadMXBean().getThreadCount() - threadsBefore;
        assertThat(grown).as("threads added").isLessThanOrEqualTo(2 * MAX + 5);

        // the MAX admitted ones send nothing: closed after the idle time
        assertThat(awaitClosedByPeer(all, MAX + 50, IDLE.plusSeconds(10))).isEqualTo(MAX + 50);
        assertThat(ua.ingressCounters().tcpOpen()).isZero();

        // and the listening point serves again: a trunk's OPTIONS over TCP is answered
        SocketChannel c = connect("127.0.0.1");
        c.write(ByteBuffer.wrap(optionsOverTcp(c).getBytes(StandardCharsets.US_ASCII)));
        assertThat(readSome(c, Duration.ofSeconds(10))).startsWith("SIP/2.0 200 OK");
    }

    @Test
    void anUntrustedAddressGetsOnlyItsShareOfConnections() throws Exception {
        List<SocketChannel> fromStranger = new ArrayList<>();
        for (int i = 0; i < PER_SOURCE + 10; i++) {
            fromStranger.add(connectOrReset("127.0.0.2"));
        }
        assertThat(awaitClosedByPeer(fromStranger, 10, IDLE.dividedBy(2))).isEqualTo(10);
        assertThat(ua.ingressCounters().tcpRefusedPerSource()).isEqualTo(10);
        // a trusted source still gets in meanwhile
        SocketChannel trunk = connect("127.0.0.1");
        trunk.write(ByteBuffer.wrap(optionsOverTcp(trunk).getBytes(StandardCharsets.US_ASCII)));
        assertThat(readSome(trunk, Duration.ofSeconds(10))).startsWith("SIP/2.0 200 OK");
    }

    @Test
    void aMessageTrickledSlowerThanTheReadTimeoutIsCut() throws Exception {
        SocketChannel c = connect("127.0.0.1");
        String head = optionsOverTcp(c);
        long cutBefore = ua.ingressCounters().tcpCutSlow();
        // the first bytes at once, then a byte every 700 ms: each read is within the 3 s idle time, but the message
        // does not complete within the 1 s read timeout. The stack's own READ_TIMEOUT starts only once the request
        // line is complete (here after 19 more bytes, about 13 s): the cut must come from the per-message deadline.
        c.write(ByteBuffer.wrap(head.substring(0, 40).getBytes(StandardCharsets.US_ASCII)));
        long firstByte = System.nanoTime();
        long bound = firstByte + READ_TIMEOUT.plusSeconds(2).toNanos();
        boolean closed = false;
        int sent = 40;
        for (int i = 40; i < head.length() && !closed && System.nanoTime() < bound; i++) {
            Duration left = Duration.ofNanos(Math.max(0, bound - System.nanoTime()));
            closed = awaitClosedByPeer(List.of(c), 1, left.compareTo(TRICKLE) < 0 ? left : TRICKLE) == 1;
            if (!closed) {
                try {
                    c.write(ByteBuffer.wrap(new byte[] {(byte) head.charAt(i)}));
                    sent++;
                } catch (IOException reset) {
                    closed = true;
                }
            }
        }
        long tookMillis = (System.nanoTime() - firstByte) / 1_000_000;
        assertThat(closed)
                .as("the slow message's connection was closed within read timeout + 2 s of its first byte (after "
                        + tookMillis + " ms, " + sent + " bytes)")
                .isTrue();
        assertThat(tookMillis).as("not before the read timeout").isGreaterThanOrEqualTo(READ_TIMEOUT.toMillis() - 50);
        assertThat(sent).as("cut while the request line was still coming").isLessThan(head.indexOf("\r\n"));
        assertThat(ua.ingressCounters().tcpCutSlow()).isEqualTo(cutBefore + 1);
    }

    /**
     * The same deadline on a connection the gateway opened: the callee (here a socket that speaks TCP and no more, the
     * slow peer being the attack) keeps the connection quiet longer than the inbound idle timeout, which must not
     * close it (a trunk's connection may stay quiet through a call), then trickles its response a byte every 700 ms.
     */
    @Test
    void aCalleeTricklingItsResponseOnOurConnectionIsCut() throws Exception {
        long cutBefore = ua.ingressCounters().tcpCutSlow();
        try (java.net.ServerSocket callee = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            callee.setSoTimeout((int) WAIT.toMillis());
            InviteRequest invite = new InviteRequest(
                    "sip:+15551234567@127.0.0.1:" + callee.getLocalPort(),
                    "room-42",
                    "Weekly sync",
                    java.util.Map.of(),
                    offer(),
                    Trunk.direct("slow", "tcp"));
            OutboundCall call = ua.invite(invite, l);
            try (java.net.Socket c = callee.accept()) {
                java.io.InputStream in = c.getInputStream();
                String request = readHead(in);
                assertThat(request).startsWith("INVITE sip:+15551234567@127.0.0.1:" + callee.getLocalPort());

                // quiet for longer than the inbound idle timeout: the gateway keeps its connection
                c.setSoTimeout((int) IDLE.plusSeconds(1).toMillis());
                assertThat(readOrTimeout(in))
                        .as("the gateway's connection, quiet past the idle time")
                        .isZero();

                String response =
                        "SIP/2.0 180 Ringing\r\n" + viaFromToCallIdCseq(request) + "Content-Length: 0\r\n\r\n";
                java.io.OutputStream out = c.getOutputStream();
                out.write(response.substring(0, 9).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                long firstByte = System.nanoTime();
                long bound = firstByte + READ_TIMEOUT.plusSeconds(2).toNanos();
                boolean closed = false;
                int sent = 9;
                c.setSoTimeout((int) TRICKLE.toMillis());
                while (!closed && sent < response.length() && System.nanoTime() < bound) {
                    closed = readOrTimeout(in) < 0; // the gateway's reset or end of stream, else 700 ms pass
                    if (!closed) {
                        try {
                            out.write(response.charAt(sent));
                            out.flush();
                            sent++;
                        } catch (IOException reset) {
                            closed = true;
                        }
                    }
                }
                long tookMillis = (System.nanoTime() - firstByte) / 1_000_000;
                assertThat(closed)
                        .as("the callee's slow response cut within read timeout + 2 s of its first byte (after "
                                + tookMillis + " ms, " + sent + " bytes)")
                        .isTrue();
                assertThat(tookMillis)
                        .as("not before the read timeout")
                        .isGreaterThanOrEqualTo(READ_TIMEOUT.toMillis() - 50);
                assertThat(sent)
                        .as("cut while the status line was still coming")
                        .isLessThan(response.indexOf("\r\n"));
                assertThat(ua.ingressCounters().tcpCutSlow()).isEqualTo(cutBefore + 1);
                assertThat(l.events()).doesNotContain("provisional 180");
            } finally {
                call.hangup();
            }
        }
    }

    /** A whole request (head and Content-Length bytes of body) from a blocking stream; returns its head. */
    private static String readHead(java.io.InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while (!sb.toString().endsWith("\r\n\r\n") && (b = in.read()) >= 0) {
            sb.append((char) b);
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?im)^(?:content-length|l)\\s*:\\s*(\\d+)")
                .matcher(sb);
        int body = m.find() ? Integer.parseInt(m.group(1)) : 0;
        assertThat(in.readNBytes(body)).hasSize(body);
        return sb.toString();
    }

    /** 0 when the socket's timeout passed with nothing to read, -1 at end of stream or reset, else 1. */
    private static int readOrTimeout(java.io.InputStream in) {
        try {
            return in.read() < 0 ? -1 : 1;
        } catch (java.net.SocketTimeoutException quiet) {
            return 0;
        } catch (IOException reset) {
            return -1;
        }
    }

    /** A response's Via, From, To (with a tag), Call-ID and CSeq lines for {@code request} (RFC 3261 section 8.2.6.2). */
    private static String viaFromToCallIdCseq(String request) {
        StringBuilder sb = new StringBuilder();
        for (String line : request.split("\r\n")) {
            String name = line.contains(":")
                    ? line.substring(0, line.indexOf(':')).trim().toLowerCase(java.util.Locale.ROOT)
                    : "";
            switch (name) {
                case "via", "v", "from", "f", "call-id", "i", "cseq" ->
                    sb.append(line).append("\r\n");
                case "to", "t" -> sb.append(line).append(";tag=slow\r\n");
                default -> {}
            }
        }
        return sb.toString();
    }

    @Test
    void messagesWithinTheReadTimeoutPassAndIdleKeepAlivesDoNotCount() throws Exception {
        SocketChannel c = connect("127.0.0.1");
        long cutBefore = ua.ingressCounters().tcpCutSlow();
        // three OPTIONS on one connection, each sent in two halves 300 ms apart, with CRLF keep-alives (RFC 5626
        // section 4.4.1) between them: together far longer than the read timeout, each message well within it
        for (int n = 0; n < 3; n++) {
            String m = optionsOverTcp(c);
            int half = m.length() / 2;
            c.write(ByteBuffer.wrap(m.substring(0, half).getBytes(StandardCharsets.US_ASCII)));
            assertThat(awaitClosedByPeer(List.of(c), 1, Duration.ofMillis(300))).isZero();
            c.write(ByteBuffer.wrap(m.substring(half).getBytes(StandardCharsets.US_ASCII)));
            // (stripped: the pong to the previous keep-alive may come first)
            assertThat(readSome(c, Duration.ofSeconds(10)).stripLeading()).startsWith("SIP/2.0 200 OK");
            c.write(ByteBuffer.wrap("\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            assertThat(awaitClosedByPeer(List.of(c), 1, Duration.ofMillis(700))).isZero();
        }
        assertThat(ua.ingressCounters().tcpCutSlow()).isEqualTo(cutBefore);
    }

    @Test
    void aSippClientOnOneTcpConnectionIsUnaffected() {
        long cutBefore = ua.ingressCounters().tcpCutSlow();
        // sipp -t t1: 15 OPTIONS at 5 per second over one TCP connection, 3 s in all (three read timeouts), each
        // message written at once (the rate stays under the 20 per 2 s a trusted source may send outside a call)
        try (Sipp uac = Sipp.scenarioResource("sipp/uac_options.xml")
                .transport("t1")
                .mediaPort(FreePorts.udpPair())
                .remote("127.0.0.1:" + ua.port())
                .calls(15)
                .arg("-r", "5")
                .timeout(Duration.ofSeconds(30))
                .start()) {
            assertThat(uac.awaitExit(WAIT)).as(uac.output() + uac.messages()).isZero();
            assertThat(uac.count("^SIP/2\\.0 200 OK")).as(uac.messages()).isEqualTo(15);
        }
        assertThat(ua.ingressCounters().tcpCutSlow()).isEqualTo(cutBefore);
    }

    /**
     * Like {@link #connect}, but a connection the gateway resets at accept before this thread has returned from
     * connect() (the kernel then reports the reset to connect itself) comes back closed, as reset by the peer.
     */
    private SocketChannel connectOrReset(String from) throws IOException {
        SocketChannel c = SocketChannel.open();
        opened.add(c);
        c.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        c.setOption(StandardSocketOptions.SO_LINGER, 0);
        try {
            c.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), ua.port()));
        } catch (java.net.SocketException reset) {
            c.close();
            return c;
        }
        c.configureBlocking(false);
        return c;
    }

    private SocketChannel connect(String from) throws IOException {
        SocketChannel c = SocketChannel.open();
        opened.add(c);
        c.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        c.setOption(StandardSocketOptions.SO_LINGER, 0);
        c.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), ua.port()));
        c.configureBlocking(false);
        return c;
    }

    /**
     * Waits until {@code want} of the channels have been closed by the gateway (end of stream or reset), or the time
     * is up; returns how many were closed. Readiness comes from a selector: no polling.
     */
    private static int awaitClosedByPeer(List<SocketChannel> channels, int want, Duration max) throws IOException {
        long deadline = System.nanoTime() + max.toNanos();
        int closed = 0;
        try (Selector sel = Selector.open()) {
            for (SocketChannel c : channels) {
                if (!c.isOpen()) {
                    closed++;
                } else {
                    c.register(sel, SelectionKey.OP_READ);
                }
            }
            ByteBuffer buf = ByteBuffer.allocate(4096);
            while (closed < want) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0 || sel.select(left) == 0 && System.nanoTime() >= deadline) {
                    break;
                }
                for (var it = sel.selectedKeys().iterator(); it.hasNext(); ) {
                    SelectionKey k = it.next();
                    it.remove();
                    SocketChannel c = (SocketChannel) k.channel();
                    int n;
                    try {
                        buf.clear();
                        n = c.read(buf);
                    } catch (IOException reset) {
                        n = -1;
                    }
                    if (n < 0) {
                        k.cancel();
                        c.close();
                        closed++;
                    }
                }
            }
            sel.keys().forEach(SelectionKey::cancel);
            sel.selectNow(); // deregister, so the channels can go back to blocking use
        }
        return closed;
    }

    private static String readSome(SocketChannel c, Duration max) throws IOException {
        long deadline = System.nanoTime() + max.toNanos();
        StringBuilder sb = new StringBuilder();
        try (Selector sel = Selector.open()) {
            c.register(sel, SelectionKey.OP_READ);
            ByteBuffer buf = ByteBuffer.allocate(4096);
            while (!sb.toString().contains("\r\n\r\n") && System.nanoTime() < deadline) {
                sel.select(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                sel.selectedKeys().clear();
                buf.clear();
                int n = c.read(buf);
                if (n < 0) {
                    break;
                }
                sb.append(new String(buf.array(), 0, n, StandardCharsets.US_ASCII));
            }
        }
        return sb.toString();
    }

    private String optionsOverTcp(SocketChannel c) throws IOException {
        String local = "127.0.0.1:" + ((InetSocketAddress) c.getLocalAddress()).getPort();
        return "OPTIONS sip:gateway@127.0.0.1:" + ua.port() + ";transport=tcp SIP/2.0\r\n"
                + "Via: SIP/2.0/TCP " + local + ";branch=z9hG4bK-tcp" + System.nanoTime() + "\r\n"
                + "From: <sip:trunk@" + local + ">;tag=t\r\n"
                + "To: <sip:gateway@127.0.0.1>\r\n"
                + "Call-ID: tcp-options-" + System.nanoTime() + "\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Max-Forwards: 70\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
