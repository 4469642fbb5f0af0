package io.dialout.loadgen;

import java.util.function.BiConsumer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/** Jetty WebSocket listener of one gateway connection (public and named: Jetty requires it). */
public class Inbox implements Session.Listener.AutoDemanding {
    private final GatewayLink link;
    private final BiConsumer<GatewayLink, String> onText;

    Inbox(GatewayLink link, BiConsumer<GatewayLink, String> onText) {
        this.link = link;
        this.onText = onText;
    }

    @Override
    public void onWebSocketText(String message) {
        onText.accept(link, message);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        link.closed = true;
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        link.closed = true;
    }
}
