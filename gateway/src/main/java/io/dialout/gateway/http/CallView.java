package io.dialout.gateway.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.dialout.gateway.call.CallSnapshot;
import io.dialout.media.CallMediaStats;

/** One entry of GET /v1/calls. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CallView(
        String id,
        String callId,
        String to,
        String state,
        String startedAt,
        String answeredAt,
        String sipCallId,
        Boolean transcoding,
        Boolean roomConnected,
        Leg room,
        Leg sip) {

    /** One side of the call: its codecs and counters. */
    public record Leg(
            String audioCodec,
            String videoCodec,
            long packetsReceived,
            long bytesReceived,
            long packetsSent,
            long bytesSent,
            long packetsLost,
            double jitterMs) {
        static Leg of(CallMediaStats.LegStats s) {
            return s == null
                    ? null
                    : new Leg(
                            s.audioCodec(),
                            s.videoCodec(),
                            s.packetsReceived(),
                            s.bytesReceived(),
                            s.packetsSent(),
                            s.bytesSent(),
                            s.packetsLost(),
                            s.jitterMs());
        }
    }

    static CallView of(CallSnapshot s) {
        CallMediaStats m = s.media();
        return new CallView(
                s.id(),
                s.callId(),
                s.to(),
                s.state(),
                s.startedAt().toString(),
                s.answeredAt() == null ? null : s.answeredAt().toString(),
                s.sipCallId(),
                m == null ? null : m.transcoding(),
                m == null ? null : m.roomConnected(),
                m == null ? null : Leg.of(m.room()),
                m == null ? null : Leg.of(m.sip()));
    }
}
