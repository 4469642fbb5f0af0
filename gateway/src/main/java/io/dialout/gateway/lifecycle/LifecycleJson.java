package io.dialout.gateway.lifecycle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dialout.gateway.call.CallQuality;
import io.dialout.gateway.call.CallSnapshot;
import io.dialout.gateway.call.StateReport;
import io.dialout.media.CallMediaStats;
import java.time.Duration;
import java.time.Instant;

/**
 * The JSON the platform gets: a webhook event per step and one CDR line per call (docs/API.md "Call events" and
 * "Call detail records"). Fields are additive: {@code quality} is null for a call that had no media, else an object
 * per leg (QualityJson); receivers ignore fields they do not know.
 */
public final class LifecycleJson {

    /** The version of the event and CDR formats; raised only for a change that is not an addition. */
    public static final int VERSION = 1;

    private final ObjectMapper json;

    public LifecycleJson(ObjectMapper json) {
        this.json = json;
    }

    /** The webhook body of one event. */
    public String event(CallLifecycleEvent e) {
        ObjectNode n = json.createObjectNode()
                .put("type", e.type())
                .put("id", e.eventId())
                .put("version", VERSION)
                .put("sequence", e.sequence())
                .put("timestamp", e.at().toString());
        n.set("call", call(e));
        StateReport r = e.report();
        n.put("state", e.kind());
        if (r.sipStatus() != null) {
            n.put("sipStatus", r.sipStatus());
        }
        putIfSet(n, "reason", r.reason());
        putIfSet(n, "cause", r.cause());
        putIfSet(n, "by", r.by());
        putIfSet(n, "transferredTo", r.transferredTo()); // call.transferred (an addition, docs/API.md)
        if (e.ended()) {
            n.put("durationSec", r.durationSec() == null ? 0 : r.durationSec());
            CallSnapshot s = e.snapshot();
            putTime(n, "answeredAt", s == null ? null : s.answeredAt());
            n.put("endedAt", e.at().toString());
            n.set("codecs", codecs(s));
            quality(n, r.quality() != null ? r.quality() : CallQuality.of(s == null ? null : s.media()));
        }
        return write(n);
    }

    /** The call detail record of an ended call: one line of JSON. */
    public String cdr(CallLifecycleEvent ended) {
        CallFacts f = ended.call();
        CallSnapshot s = ended.snapshot();
        StateReport r = ended.report();
        ObjectNode n = json.createObjectNode()
                .put("type", "cdr")
                .put("version", VERSION)
                .put("gatewayCallId", f.gatewayCallId())
                .put("callId", f.callId());
        putIfSet(n, "sipCallId", s == null ? null : s.sipCallId());
        n.put("to", f.to());
        n.set("from", from(f));
        Instant started = s == null ? null : s.startedAt();
        Instant answered = s == null ? null : s.answeredAt();
        putTime(n, "startedAt", started);
        putTime(n, "answeredAt", answered);
        n.put("endedAt", ended.at().toString());
        if (started != null && answered != null) {
            n.put("setupMs", Duration.between(started, answered).toMillis());
        }
        n.put("durationSec", r.durationSec() == null ? 0 : r.durationSec());
        putIfSet(n, "cause", r.cause());
        if (r.sipStatus() != null) {
            n.put("sipStatus", r.sipStatus());
        }
        putIfSet(n, "reason", r.reason());
        putIfSet(n, "by", r.by());
        n.set("codecs", codecs(s));
        quality(n, r.quality() != null ? r.quality() : CallQuality.of(s == null ? null : s.media()));
        if (s != null && s.timeline() != null) {
            n.set("timeline", json.valueToTree(s.timeline()));
        }
        return write(n);
    }

    /** The legs' quality as the ended report gave it (else from the last snapshot); null when the call had no media. */
    private void quality(ObjectNode n, CallQuality q) {
        if (q == null) {
            n.putNull("quality");
        } else {
            n.set("quality", QualityJson.of(json, q));
        }
    }

    private ObjectNode call(CallLifecycleEvent e) {
        CallFacts f = e.call();
        CallSnapshot s = e.snapshot();
        ObjectNode c =
                json.createObjectNode().put("gatewayCallId", f.gatewayCallId()).put("callId", f.callId());
        putIfSet(c, "sipCallId", s == null ? null : s.sipCallId());
        c.put("to", f.to());
        c.set("from", from(f));
        putTime(c, "startedAt", s == null ? null : s.startedAt());
        return c;
    }

    private ObjectNode from(CallFacts f) {
        ObjectNode from = json.createObjectNode();
        putIfSet(from, "user", f.fromUser());
        putIfSet(from, "displayName", f.fromDisplayName());
        return from;
    }

    private ObjectNode codecs(CallSnapshot s) {
        CallMediaStats m = s == null ? null : s.media();
        ObjectNode c = json.createObjectNode();
        c.set("room", leg(m == null ? null : m.room()));
        c.set("sip", leg(m == null ? null : m.sip()));
        c.put("transcoding", m != null && m.transcoding());
        return c;
    }

    private ObjectNode leg(CallMediaStats.LegStats leg) {
        ObjectNode n = json.createObjectNode();
        putIfSet(n, "audio", leg == null ? null : leg.audioCodec());
        putIfSet(n, "video", leg == null ? null : leg.videoCodec());
        return n;
    }

    private static void putTime(ObjectNode n, String field, Instant t) {
        if (t != null) {
            n.put(field, t.toString());
        }
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
