package io.dialout.gateway.it;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.eclipse.jetty.websocket.api.Session;

/** Jetty WebSocket listener that records every text message and the close. Public and named: Jetty requires it. */
public class MessageRecorder implements Session.Listener.AutoDemanding {

    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();

    @Override
    public void onWebSocketText(String message) {
        messages.add(message);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        closed.complete(statusCode);
    }

    /** Jetty reports the close (1006 when the connection just dropped) after an error too. */
    @Override
    public void onWebSocketError(Throwable cause) {
        error = cause;
    }

    volatile Throwable error;
}
