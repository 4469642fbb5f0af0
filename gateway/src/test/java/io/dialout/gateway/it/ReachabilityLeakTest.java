package io.dialout.gateway.it;

import static io.dialout.gateway.it.DialoutClient.dial;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dialout.testkit.FreePorts;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A dial must not work as a port scanner (issue 14, item 4): a closed port and a port where something listens but
 * speaks no SIP end the same way for the room. Before, the closed TCP port ended with the stack's "Connection
 * refused" text and the open one with a timeout text, and their {@code sipStatus} differed.
 */
@QuarkusTest
@TestProfile(ReachabilityLeakTest.ShortTimerB.class)
class ReachabilityLeakTest {

    /** T1 50 ms: timer B (64*T1) fires after 3.2 s instead of 32 s. */
    public static class ShortTimerB implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.sip.t1", "50ms", "gateway.sip.t2", "400ms");
        }
    }

    @TestHTTPResource("/v1/dialout")
    URI http;

    URI ws() {
        return URI.create(http.toString().replaceFirst("^http", "ws"));
    }

    @Test
    void closedAndOpenTcpPortsLookTheSame() throws Exception {
        int closed = FreePorts.tcp();
        try (ServerSocket open = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                SilentAcceptor acceptor = new SilentAcceptor(open)) {
            JsonNode toClosed = endedAfterDial("sip:probe@127.0.0.1:" + closed + ";transport=tcp");
            JsonNode toOpen = endedAfterDial("sip:probe@127.0.0.1:" + open.getLocalPort() + ";transport=tcp");
            assertThat(acceptor.accepted()).as("the open port was reached").isPositive();
            assertSame(toClosed, toOpen);
        }
    }

    @Test
    void closedAndSilentUdpPortsLookTheSame() throws Exception {
        int closed = FreePorts.udp();
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            JsonNode toClosed = endedAfterDial("sip:probe@127.0.0.1:" + closed);
            JsonNode toOpen = endedAfterDial("sip:probe@127.0.0.1:" + silent.getLocalPort());
            assertSame(toClosed, toOpen);
        }
    }

    private static void assertSame(JsonNode a, JsonNode b) {
        ObjectNode x = a.deepCopy();
        ObjectNode y = b.deepCopy();
        x.remove("durationSec");
        y.remove("durationSec");
        assertThat(x.path("cause").asText()).isEqualTo("unreachable");
        assertThat(x.has("sipStatus")).as(x.toString()).isFalse();
        assertThat(x).as("what the room learns").isEqualTo(y);
    }

    private JsonNode endedAfterDial(String to) throws Exception {
        try (DialoutClient room = DialoutClient.connect(ws())) {
            room.send(dial("c1", to));
            room.next("answer");
            for (JsonNode m = room.next(Duration.ofSeconds(20)); ; m = room.next(Duration.ofSeconds(20))) {
                if ("ended".equals(m.path("state").asText())) {
                    return m;
                }
            }
        }
    }

    /** Accepts connections and reads whatever comes, never answering. */
    static final class SilentAcceptor implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> sockets = new ArrayList<>();
        private final Thread thread;
        private volatile int accepted;

        SilentAcceptor(ServerSocket server) {
            this.server = server;
            this.thread = new Thread(this::run, "silent-acceptor");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            try {
                while (true) {
                    Socket s = server.accept();
                    accepted++;
                    synchronized (sockets) {
                        sockets.add(s);
                    }
                    Thread reader = new Thread(() -> drain(s), "silent-reader");
                    reader.setDaemon(true);
                    reader.start();
                }
            } catch (Exception closed) {
                // the test is over
            }
        }

        private static void drain(Socket s) {
            byte[] buf = new byte[4096];
            try (InputStream in = s.getInputStream()) {
                while (in.read(buf) >= 0) {
                    // discard
                }
            } catch (Exception closed) {
                // the peer or the test closed it
            }
        }

        int accepted() {
            return accepted;
        }

        @Override
        public void close() throws Exception {
            server.close();
            synchronized (sockets) {
                for (Socket s : sockets) {
                    s.close();
                }
            }
            thread.join(2000);
        }
    }
}
