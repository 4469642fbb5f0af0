package io.dialout.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/** A room as the gateway sees it: a WebSocket client of /v1/dialout (Jetty), with helpers to dial and to wait. */
public final class DialoutClient implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(20);

    private final WebSocketClient client;
    private final MessageRecorder recorder = new MessageRecorder();
    private final Session session;
    private final List<JsonNode> seen = new ArrayList<>();

    private DialoutClient(URI uri, Map<String, String> headers) throws Exception {
        client = new WebSocketClient();
        client.setMaxTextMessageSize(1 << 20);
        client.start();
        ClientUpgradeRequest request = new ClientUpgradeRequest(uri);
        headers.forEach(request::setHeader);
        try {
            session = client.connect(recorder, request).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            client.stop();
            throw e;
        }
    }

    public static DialoutClient connect(URI uri) throws Exception {
        return new DialoutClient(uri, Map.of());
    }

    public static DialoutClient connect(URI uri, Map<String, String> headers) throws Exception {
        return new DialoutClient(uri, headers);
    }

    public static String offer() {
        try (var in = DialoutClient.class.getResourceAsStream("/sdp/chromium-offer-audio.sdp")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode dial(String callId, String to) {
        return JSON.createObjectNode()
                .put("type", "dial")
                .put("callId", callId)
                .put("to", to)
                .put("offer", offer());
    }

    public static ObjectNode message(String type, String callId) {
        return JSON.createObjectNode().put("type", type).put("callId", callId);
    }

    public void send(JsonNode message) {
        sendText(message.toString());
    }

    public void sendText(String text) {
        session.sendText(text, Callback.NOOP);
    }

    /** The next message, within {@link #WAIT}; fails the test when none comes. */
    public JsonNode next() throws InterruptedException {
        return next(WAIT);
    }

    /** The next message, within {@code wait}. */
    public JsonNode next(Duration wait) throws InterruptedException {
        String text = recorder.messages.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(text)
                .as("a message within " + wait + "; got so far: " + seen)
                .isNotNull();
        try {
            JsonNode n = JSON.readTree(text);
            seen.add(n);
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next message within {@code wait}, or null when none came (for tests that collect until a deadline). */
    public JsonNode poll(Duration wait) throws InterruptedException {
        String text = recorder.messages.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (text == null) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(text);
            seen.add(n);
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next message, which must be of this type. */
    public JsonNode next(String type) throws InterruptedException {
        JsonNode n = next();
        assertThat(n.path("type").asText()).as("type of " + n).isEqualTo(type);
        return n;
    }

    /** The next message must be an {@code error} with this code. */
    public JsonNode nextError(String code) throws InterruptedException {
        JsonNode n = next("error");
        assertThat(n.path("code").asText()).as("code of " + n).isEqualTo(code);
        return n;
    }

    /** The next message must be {@code state} with this state. */
    public JsonNode nextState(String state) throws InterruptedException {
        JsonNode n = next("state");
        assertThat(n.path("state").asText()).as("state of " + n).isEqualTo(state);
        return n;
    }

    /** Dials {@code to} as {@code callId} and takes the opening up to ringing: answer, trying, ringing. */
    public JsonNode dialUntilRinging(String callId, String to) throws InterruptedException {
        send(dial(callId, to));
        JsonNode answer = next("answer");
        nextState("trying");
        nextState("ringing");
        return answer;
    }

    /** Dials {@code to} as {@code callId} and takes the opening up to the answer: answer, trying, ringing, answered. */
    public JsonNode dialUntilAnswered(String callId, String to) throws InterruptedException {
        JsonNode answer = dialUntilRinging(callId, to);
        nextState("answered");
        return answer;
    }

    /** After the {@code answer} message: the states of a callee that rings and answers (trying, ringing, answered). */
    public void awaitAnswered() throws InterruptedException {
        nextState("trying");
        nextState("ringing");
        nextState("answered");
    }

    /** Hangs up {@code callId} and returns its {@code ended}, whose cause must be {@code local-hangup}. */
    public JsonNode hangUp(String callId) throws InterruptedException {
        send(message("hangup", callId));
        JsonNode ended = nextState("ended");
        assertThat(ended.path("cause").asText()).as("cause of " + ended).isEqualTo("local-hangup");
        return ended;
    }

    /** The WebSocket address of an HTTP one ({@code @TestHTTPResource} gives http://). */
    public static URI ws(URI http) {
        return URI.create(http.toString().replaceFirst("^http", "ws"));
    }

    /**
     * Every message up to and including the call's {@code ended}, summarised as "answer", "state:ringing", ... so a
     * test can assert the exact sequence; the full messages are in {@link #seen()}.
     */
    public List<String> sequenceUntilEnded(String callId) throws InterruptedException {
        List<String> seq = new ArrayList<>();
        while (true) {
            JsonNode n = next();
            assertThat(n.path("callId").asText()).as("callId of " + n).isEqualTo(callId);
            String type = n.path("type").asText();
            seq.add(type.equals("state") ? "state:" + n.path("state").asText() : type);
            if (type.equals("state") && n.path("state").asText().equals("ended")) {
                return seq;
            }
        }
    }

    public List<JsonNode> seen() {
        return seen;
    }

    public JsonNode last() {
        return seen.get(seen.size() - 1);
    }

    /** Closes the WebSocket (the controller goes away) and waits for the close handshake. */
    public void closeSocket() throws Exception {
        session.close();
        recorder.closed.get(10, TimeUnit.SECONDS);
    }

    /** Waits for the gateway to close the connection; returns the close status code. */
    public int awaitClose() throws Exception {
        return recorder.closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isOpen() {
        return session.isOpen();
    }

    @Override
    public void close() throws Exception {
        try {
            if (session.isOpen()) {
                session.close();
            }
        } finally {
            client.stop();
        }
    }
}
