package io.dialout.gateway.call;

import io.dialout.media.CallMediaStats;
import java.time.Instant;

/**
 * What GET /v1/calls shows about one call; taken on the call's executor. {@code media} is null before allocation;
 * {@code timeline} is the set-up so far in ms and {@code setup} stage by stage in µs (each null from a source that has
 * none).
 */
public record CallSnapshot(
        String id,
        String callId,
        String to,
        String state,
        Instant startedAt,
        Instant answeredAt,
        String sipCallId,
        CallMediaStats media,
        CallTimeline timeline,
        SetupStages setup) {

    public CallSnapshot(
            String id,
            String callId,
            String to,
            String state,
            Instant startedAt,
            Instant answeredAt,
            String sipCallId,
            CallMediaStats media,
            CallTimeline timeline) {
        this(id, callId, to, state, startedAt, answeredAt, sipCallId, media, timeline, null);
    }

    public CallSnapshot(
            String id,
            String callId,
            String to,
            String state,
            Instant startedAt,
            Instant answeredAt,
            String sipCallId,
            CallMediaStats media) {
        this(id, callId, to, state, startedAt, answeredAt, sipCallId, media, null, null);
    }
}
