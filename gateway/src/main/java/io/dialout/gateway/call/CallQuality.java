package io.dialout.gateway.call;

import io.dialout.media.CallMediaStats;
import io.dialout.media.quality.LegQuality;

/** The quality of both legs of a call (each as {@link LegQuality}); a leg is null when it has no media yet. */
public record CallQuality(LegQuality room, LegQuality sip) {

    /** From the media counters; null when there is no media. */
    public static CallQuality of(CallMediaStats m) {
        if (m == null) {
            return null;
        }
        return new CallQuality(
                m.room() == null ? null : m.room().quality(),
                m.sip() == null ? null : m.sip().quality());
    }
}
