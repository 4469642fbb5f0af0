package io.dialout.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dialout.gateway.call.StateReport;
import io.dialout.gateway.lifecycle.QualityJson;

/** Builds the gateway's messages (API.md "Gateway -> client"); fields in the documented order, nulls left out. */
public final class ServerMessages {

    private final ObjectMapper json;

    public ServerMessages(ObjectMapper json) {
        this.json = json;
    }

    public String answer(String callId, String sdp) {
        return write(base("answer", callId).put("sdp", sdp));
    }

    public String state(String callId, StateReport r) {
        ObjectNode n = base("state", callId).put("state", r.state());
        if (r.sipStatus() != null) {
            n.put("sipStatus", r.sipStatus());
        }
        putIfSet(n, "reason", r.reason());
        putIfSet(n, "cause", r.cause());
        putIfSet(n, "by", r.by());
        if (r.durationSec() != null) {
            n.put("durationSec", r.durationSec());
        }
        if (r.retryAfter() != null) {
            n.put("retryAfter", r.retryAfter()); // an addition to the contract (docs/API.md)
        }
        putIfSet(n, "redirectedTo", r.redirectedTo()); // an addition to the contract (docs/API.md)
        if (r.quality() != null) { // an addition to the v1 contract (docs/API.md)
            n.set("quality", QualityJson.of(json, r.quality()));
        }
        putIfSet(n, "transferredTo", r.transferredTo()); // an addition (docs/API.md)
        return write(n);
    }

    /** A step of a transfer (an addition to the v1 contract, docs/API.md). */
    public String transfer(String callId, io.dialout.gateway.call.TransferReport r) {
        ObjectNode n = base("transfer", callId)
                .put("by", r.by().wire())
                .put("target", r.target())
                .put("sipStatus", r.sipStatus());
        putIfSet(n, "reason", r.reason());
        n.put("final", r.last());
        return write(n);
    }

    public String dtmf(String callId, char digit) {
        return write(base("dtmf", callId).put("digit", String.valueOf(digit)));
    }

    /** The room participant on the phone's video (an addition to API.md: "speaker"). */
    public String speaker(String callId, String mid, String msid) {
        return write(base("speaker", callId).put("mid", mid).put("msid", msid));
    }

    public String error(String callId, ErrorCode code, String message) {
        return write(base("error", callId).put("code", code.wire()).put("message", message));
    }

    private ObjectNode base(String type, String callId) {
        ObjectNode n = json.createObjectNode().put("type", type);
        if (callId != null) {
            n.put("callId", callId);
        }
        return n;
    }

    private static void putIfSet(ObjectNode n, String field, String value) {
        if (value != null) {
            n.put(field, value);
        }
    }

    private String write(ObjectNode n) {
        try {
            return json.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
