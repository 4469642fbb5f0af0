package io.dialout.gateway.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dialout.gateway.call.CallQuality;
import io.dialout.media.quality.LegQuality;

/**
 * The {@code quality} object of the {@code ended} message, the webhook's {@code call.ended} and the CDR (docs/API.md):
 * {@code {"room": {...}, "sip": {...}}}, each leg with the numbers it has (unknown ones left out).
 */
public final class QualityJson {
    private QualityJson() {}

    public static ObjectNode of(ObjectMapper json, CallQuality q) {
        ObjectNode n = json.createObjectNode();
        if (q.room() != null) {
            n.set("room", leg(json, q.room()));
        }
        if (q.sip() != null) {
            n.set("sip", leg(json, q.sip()));
        }
        return n;
    }

    private static ObjectNode leg(ObjectMapper json, LegQuality l) {
        ObjectNode n = json.createObjectNode();
        put(n, "rttMs", l.rttMs());
        put(n, "jitterMs", l.jitterMs());
        put(n, "fractionLost", l.fractionLost());
        if (l.packetsLost() != null) {
            n.put("packetsLost", l.packetsLost());
        }
        put(n, "remoteJitterMs", l.remoteJitterMs());
        put(n, "remoteFractionLost", l.remoteFractionLost());
        if (l.remotePacketsLost() != null) {
            n.put("remotePacketsLost", l.remotePacketsLost());
        }
        put(n, "mos", l.mos());
        return n;
    }

    private static void put(ObjectNode n, String field, Double v) {
        if (v != null) {
            n.put(field, Math.round(v * 1000) / 1000.0);
        }
    }
}
