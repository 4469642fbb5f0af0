package io.dialout.gateway.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dialout.gateway.it.DialoutClient;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Waits for a given message of a given call on a {@link DialoutClient}, keeping the others (of this or other calls)
 * for later waits, so tests do not depend on how messages of several calls interleave. Every message must come
 * within {@link DialoutClient}'s wait (20 s).
 */
final class CallMessages {

    static final ObjectMapper JSON = new ObjectMapper();

    private final DialoutClient client;
    private final List<JsonNode> pending = new ArrayList<>();
    private final List<JsonNode> all = new ArrayList<>();

    CallMessages(DialoutClient client) {
        this.client = client;
    }

    static ObjectNode dial(String callId, String to, String offer) {
        return JSON.createObjectNode()
                .put("type", "dial")
                .put("callId", callId)
                .put("to", to)
                .put("offer", offer);
    }

    static ObjectNode message(String type, String callId) {
        return JSON.createObjectNode().put("type", type).put("callId", callId);
    }

    void send(JsonNode message) {
        client.send(message);
    }

    /** The first message of {@code callId} matching {@code p}, skipping (and keeping) the others. */
    JsonNode await(String callId, String what, Predicate<JsonNode> p) throws InterruptedException {
        for (Iterator<JsonNode> it = pending.iterator(); it.hasNext(); ) {
            JsonNode n = it.next();
            if (callId.equals(n.path("callId").asText()) && p.test(n)) {
                it.remove();
                return n;
            }
        }
        while (true) {
            JsonNode n = client.next();
            all.add(n);
            boolean mine = callId.equals(n.path("callId").asText());
            if (mine && p.test(n)) {
                return n;
            }
            if (mine && "ended".equals(n.path("state").asText())) {
                throw new AssertionError(
                        callId + " ended while waiting for " + what + ": " + n + "; seen " + summary());
            }
            pending.add(n);
        }
    }

    JsonNode awaitType(String callId, String type) throws InterruptedException {
        return await(callId, type, n -> type.equals(n.path("type").asText()));
    }

    JsonNode awaitState(String callId, String state) throws InterruptedException {
        return await(
                callId,
                "state:" + state,
                n -> "state".equals(n.path("type").asText())
                        && state.equals(n.path("state").asText()));
    }

    /** Every message received so far, in order, summarised as "callId answer", "callId state:ringing", ... */
    List<String> summary() {
        List<String> s = new ArrayList<>();
        for (JsonNode n : all) {
            String type = n.path("type").asText();
            s.add(n.path("callId").asText() + " "
                    + (type.equals("state")
                            ? "state:" + n.path("state").asText()
                            : type.equals("dtmf") ? "dtmf:" + n.path("digit").asText() : type));
        }
        return s;
    }
}
