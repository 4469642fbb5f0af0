package io.dialout.gateway.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real webhook receiver for the tests: the JDK's HTTP server on a loopback port of its own, which can be started,
 * stopped (connections then refused) and started again on the same port. {@link #respond} decides the status of the
 * n-th request (counting from 1, with its headers, names in lower case) and {@link #delayMs} how long the n-th request is held before it is answered.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as it arrived. */
    public record Received(Map<String, String> headers, String body, int number, int status) {
        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    public final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    public final BlockingQueue<Received> accepted = new LinkedBlockingQueue<>();
    public volatile java.util.function.ToIntBiFunction<Integer, Map<String, String>> respond = (n, headers) -> 204;
    public volatile java.util.function.ToIntFunction<Received> delayMs = r -> 0;
    private final AtomicInteger requests = new AtomicInteger();
    private final int port;
    private HttpServer server;
    private ExecutorService threads;

    private WebhookReceiver(int port) {
        this.port = port;
    }

    /** A receiver on a free port, not started yet. */
    public static WebhookReceiver onFreePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new WebhookReceiver(s.getLocalPort());
        }
    }

    public static WebhookReceiver onPort(int port) {
        return new WebhookReceiver(port);
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port + "/hooks");
    }

    public int port() {
        return port;
    }

    public int requests() {
        return requests.get();
    }

    public synchronized WebhookReceiver start() throws IOException {
        if (server == null) {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
            threads = Executors.newCachedThreadPool();
            server.setExecutor(threads);
            server.createContext("/hooks", this::handle);
            server.start();
        }
        return this;
    }

    /** Stops listening: connections are refused until {@link #start()}. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            threads.shutdownNow();
            server = null;
        }
    }

    private void handle(HttpExchange x) throws IOException {
        int n = requests.incrementAndGet();
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> headers = new java.util.HashMap<>();
        x.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
        int status = respond.applyAsInt(n, headers);
        Received r = new Received(headers, body, n, status);
        received.add(r);
        long delay = delayMs.applyAsInt(r);
        if (delay > 0) {
            try {
                TimeUnit.MILLISECONDS.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        x.sendResponseHeaders(status, -1);
        x.close();
        if (status >= 200 && status < 300 && delay == 0) {
            accepted.add(r);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
