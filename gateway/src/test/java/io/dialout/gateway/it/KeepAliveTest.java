package io.dialout.gateway.it;

import static io.dialout.gateway.it.DialoutClient.dial;
import static io.dialout.gateway.it.DialoutClient.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dialout.gateway.testing.OneCallNoDemoFastPing;
import io.dialout.testkit.Sipp;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.Test;

/**
 * The gateway pings the controlling WebSocket (quarkus.websockets-next.server.auto-ping-interval), so a controller
 * that sends nothing while its call lasts is not dropped by its own idle timeout or by a proxy's: losing that
 * connection ends the call (controller-gone). Found by the load generator, whose Jetty client closed every call's
 * WebSocket after 30 idle seconds. Here the interval is 1 s and the client's idle timeout 3 s.
 */
@QuarkusTest
@TestProfile(OneCallNoDemoFastPing.class) // auto-ping-interval 1s
class KeepAliveTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/v1/dialout")
    URI http;

    public static final class Listener implements Session.Listener.AutoDemanding {
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        final AtomicInteger pings = new AtomicInteger();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        volatile Session session;

        @Override
        public void onWebSocketOpen(Session s) {
            session = s;
        }

        @Override
        public void onWebSocketText(String message) {
            texts.add(message);
        }

        @Override
        public void onWebSocketPing(ByteBuffer payload) {
            pings.incrementAndGet();
            session.sendPong(payload, Callback.NOOP);
        }

        @Override
        public void onWebSocketClose(int status, String reason, Callback callback) {
            closed.complete(status + " " + reason);
            callback.succeed();
        }

        JsonNode next(String type) throws Exception {
            String t = texts.poll(20, TimeUnit.SECONDS);
            assertThat(t).as("a " + type + " message").isNotNull();
            JsonNode n = JSON.readTree(t);
            assertThat(n.path("type").asText()).as(t).isEqualTo(type);
            return n;
        }
    }

    @Test
    void anIdleControllerKeepsItsCallThroughThePings() throws Exception {
        URI ws = DialoutClient.ws(http);
        WebSocketClient client = new WebSocketClient();
        client.setIdleTimeout(Duration.ofSeconds(3));
        client.setMaxTextMessageSize(1 << 20);
        client.start();
        try (Sipp uas =
                Sipp.scenarioResource("sipp/api/uas_ring_until_cancel.xml").start()) {
            Listener room = new Listener();
            Session session = client.connect(room, ws).get(10, TimeUnit.SECONDS);
            session.sendText(dial("k1", uas.uri("service")).toString(), Callback.NOOP);
            room.next("answer");
            room.next("state"); // trying
            assertThat(room.next("state").path("state").asText()).isEqualTo("ringing");
            // Idle from here on: wait (on events, with a generous deadline) for 5 pings, i.e. longer than the
            // client's 3 s idle timeout, and the connection must still be up.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (room.pings.get() < 5 && !room.closed.isDone()) {
                assertThat(System.nanoTime()).as("5 pings within 30 s").isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThat(room.closed).as("the idle controller's connection").isNotDone();
            assertThat(room.texts).as("nothing ended the call meanwhile").isEmpty();
            session.sendText(message("hangup", "k1").toString(), Callback.NOOP);
            JsonNode ended = room.next("state");
            assertThat(ended.path("state").asText()).isEqualTo("ended");
            assertThat(ended.path("cause").asText()).isEqualTo("local-hangup");
            assertThat(uas.awaitExit(Duration.ofSeconds(20))).as(uas.output()).isZero();
        } finally {
            client.stop();
        }
    }
}
