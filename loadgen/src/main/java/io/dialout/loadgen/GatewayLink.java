package io.dialout.loadgen;

import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/** One WebSocket connection to /v1/dialout carrying the calls of one or more rooms. */
final class GatewayLink implements AutoCloseable {
    private final Session session;
    volatile boolean closed;
    private int ended;

    GatewayLink(WebSocketClient client, URI uri, BiConsumer<GatewayLink, String> onText) throws Exception {
        this.session = client.connect(new Inbox(this, onText), uri).get(20, TimeUnit.SECONDS);
    }

    void send(String json) {
        session.sendText(json, Callback.NOOP);
    }

    /**
     * One of this link's calls ended; closes the connection once all {@code callsPerLink} calls it was given have
     * (a churn run would otherwise keep one idle connection per call it ever made).
     */
    synchronized void callEnded(int callsPerLink) {
        if (++ended >= callsPerLink && !closed) {
            closed = true;
            session.close();
        }
    }

    @Override
    public void close() {
        session.close();
    }
}
