package io.dialout.gateway.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dialout.gateway.call.CallEnd;
import io.dialout.gateway.call.CallSnapshot;
import io.dialout.gateway.call.StateReport;
import io.dialout.media.CallMediaStats;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One JSON line per ended call, appended to the configured file by the writer's own thread. */
class CdrWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static CallLifecycleEvent event(String callId, String kind, StateReport report) {
        CallMediaStats.LegStats room = new CallMediaStats.LegStats("opus/48000/2", "VP8/90000", 1, 2, 3, 4, 0, 1.5);
        CallMediaStats.LegStats sip = new CallMediaStats.LegStats("PCMU/8000", null, 1, 2, 3, 4, 0, 1.5);
        Instant started = Instant.parse("2026-12-05T10:00:00Z");
        CallSnapshot s = new CallSnapshot(
                "gw-" + callId,
                callId,
                "tel:+15551234567",
                "ended",
                started,
                started.plusMillis(1500),
                "sip-" + callId,
                new CallMediaStats(room, sip, true, true));
        return new CallLifecycleEvent(
                kind,
                "e-" + callId + kind,
                1,
                started.plusSeconds(30),
                new CallFacts("gw-" + callId, callId, "tel:+15551234567", "room-42", null),
                report,
                s);
    }

    @Test
    void endedCallsBecomeOneJsonLineEachInTheFile() throws Exception {
        Path file = dir.resolve("cdr/calls.jsonl");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        CdrWriter w = new CdrWriter(new LifecycleJson(JSON), file, false, 100, meters);
        w.publish(event("c1", "answered", StateReport.sip("answered", 200, "OK")));
        w.publish(event("c1", "ended", StateReport.ended(CallEnd.remoteHangup(), 28)));
        w.publish(event("c2", "ended", StateReport.ended(CallEnd.finalResponse(486, "Busy Here"), 0)));
        w.close(Duration.ofSeconds(10));
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        JsonNode c1 = JSON.readTree(lines.get(0));
        assertThat(c1.path("callId").asText()).isEqualTo("c1");
        assertThat(c1.path("cause").asText()).isEqualTo("remote-hangup");
        assertThat(c1.path("durationSec").asInt()).isEqualTo(28);
        assertThat(c1.path("setupMs").asInt()).isEqualTo(1500);
        assertThat(c1.path("sipCallId").asText()).isEqualTo("sip-c1");
        assertThat(c1.path("codecs").path("room").path("video").asText()).isEqualTo("VP8/90000");
        assertThat(c1.path("codecs").path("sip").path("audio").asText()).isEqualTo("PCMU/8000");
        assertThat(c1.path("codecs").path("transcoding").asBoolean()).isTrue();
        assertThat(c1.has("quality")).isTrue();
        JsonNode c2 = JSON.readTree(lines.get(1));
        assertThat(c2.path("cause").asText()).isEqualTo("busy");
        assertThat(c2.path("sipStatus").asInt()).isEqualTo(486);
        assertThat(meters.find("dialout.cdr.written").counter().count()).isEqualTo(2);
        assertThat(meters.find("dialout.cdr.dropped").counter().count()).isZero();
    }

    @Test
    void withNeitherFileNorLogNothingIsWrittenOrCounted() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        CdrWriter w = new CdrWriter(new LifecycleJson(JSON), null, false, 100, meters);
        assertThat(w.enabled()).isFalse();
        w.publish(event("c1", "ended", StateReport.ended(CallEnd.remoteHangup(), 1)));
        w.close(Duration.ofSeconds(1));
        assertThat(meters.find("dialout.cdr.written").counter().count()).isZero();
        assertThat(meters.find("dialout.cdr.dropped").counter().count()).isZero();
    }
}
