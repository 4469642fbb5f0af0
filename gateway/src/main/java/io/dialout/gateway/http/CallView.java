package io.dialout.gateway.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.dialout.gateway.call.CallSnapshot;
import io.dialout.gateway.call.CallTimeline;
import io.dialout.gateway.call.SetupStages;
import io.dialout.media.CallMediaStats;
import io.dialout.media.quality.LegQuality;
import java.util.List;

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
        Leg sip,
        Pipeline pipeline,
        CallTimeline timeline,
        List<Source> sources,
        SetupStages setup) {

    /**
     * One stream the room sends (a participant's audio or video): its mid and stream id, kind, SSRC, the smoothed
     * audio level in dBov (audio only), and {@code onSipVideo}: for video, whether it is the one on the SIP video
     * leg; for audio, whether it is the active speaker's (an addition to the v1 contract: docs/API.md).
     */
    public record Source(String mid, String msid, String kind, long ssrc, Double level, boolean onSipVideo) {
        static List<Source> of(CallMediaStats m) {
            return m.sources().isEmpty()
                    ? null
                    : m.sources().stream()
                            .map(s -> new Source(s.mid(), s.msid(), s.kind(), s.ssrc(), s.level(), s.onSipVideo()))
                            .toList();
        }
    }

    /**
     * The relay's stages per direction, in the order packets meet them, each with the packets that reached it and
     * those it dropped (an addition to the v1 contract: docs/API.md).
     */
    public record Pipeline(List<Stage> roomToSip, List<Stage> sipToRoom) {
        static Pipeline of(CallMediaStats m) {
            return m.roomToSip().isEmpty() && m.sipToRoom().isEmpty()
                    ? null
                    : new Pipeline(stages(m.roomToSip()), stages(m.sipToRoom()));
        }

        private static List<Stage> stages(List<CallMediaStats.StageStats> list) {
            return list.stream()
                    .map(s -> new Stage(s.stage(), s.in(), s.dropped()))
                    .toList();
        }
    }

    /** One stage of a direction: its name, packets in, packets dropped. */
    public record Stage(String stage, long in, long dropped) {}

    /**
     * One side of the call: its codecs and counters, and (an addition to the v1 contract: docs/API.md) its quality
     * both ways: RTT, jitter, loss and a MOS estimate.
     */
    public record Leg(
            String audioCodec,
            String videoCodec,
            long packetsReceived,
            long bytesReceived,
            long packetsSent,
            long bytesSent,
            long packetsLost,
            double jitterMs,
            long packetsRefused,
            LegQuality quality) {
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
                            s.jitterMs(),
                            s.packetsRefused(),
                            s.quality());
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
                m == null ? null : Leg.of(m.sip()),
                m == null ? null : Pipeline.of(m),
                s.timeline(),
                m == null ? null : Source.of(m),
                s.setup());
    }
}
