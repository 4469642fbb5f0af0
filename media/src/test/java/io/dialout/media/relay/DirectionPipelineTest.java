package io.dialout.media.relay;

import static io.dialout.media.relay.StageFixture.MS;
import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.media.rtp.RtpPacket;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The assembled direction, in memory: its stages, the paths packets take, and the cost of the fast path. */
class DirectionPipelineTest {

    private final StageFixture.Sink sink = new StageFixture.Sink();
    private final LegCounters in = new LegCounters();
    private final LegCounters out = new LegCounters();
    private final List<String> digits = new ArrayList<>();
    private final DirectionPipeline pipeline = new DirectionPipeline(
            "room->sip", sink, in, out, 0x51, 0x52, (d, forwarded) -> digits.add(d + ":" + forwarded));

    private static byte[] packet(int pt, int seq, long ts, int payload) {
        byte[] b = new byte[12 + payload + 64];
        RtpPacket.writeHeader(b, 0, false, pt, seq, ts, 0xABCD);
        return b;
    }

    @Test
    void stagesAreListedOnceInTheOrderPacketsMeetThem() {
        assertThat(pipeline.stages().stream().map(Stage::name))
                .containsExactly(
                        "receive-stats",
                        "sources",
                        "demux",
                        "speaker-select",
                        "audio-mode",
                        "event-digits",
                        "event-rewrite",
                        "send-audio",
                        "video-switch",
                        "video-rewrite",
                        "keyframe-request",
                        "send-video",
                        "delay",
                        "dtmf-priority",
                        "audio-rewrite",
                        "transcode-in",
                        "mix-in",
                        "transcode-out",
                        "dtmf-out");
    }

    @Test
    void passThroughAudioEventsAndUnknownPayloadsAreCountedWhereTheyGo() {
        pipeline.configure(new DirectionConfig(StageFixture.pcmu(), StageFixture.pcmu(), true, null));
        for (int i = 0; i < 10; i++) {
            pipeline.onRtp(packet(0, i, 160L * i, 160), 172, i * 20 * MS);
        }
        byte[] e = packet(101, 10, 1600, 4);
        e[1] |= (byte) 0x80;
        e[12] = 3;
        e[15] = (byte) 160;
        pipeline.onRtp(e, 16, 200 * MS);
        pipeline.onRtp(packet(13, 11, 1760, 1), 13, 220 * MS); // CN: not negotiated toward the output leg
        assertThat(sink.rtp).hasSize(11);
        assertThat(digits).containsExactly("3:true");
        assertThat(in.packetsReceived()).isEqualTo(12);
        assertThat(out.packetsSent()).isEqualTo(11);
        assertThat(count("demux")).containsExactly(12L, 1L);
        assertThat(count("audio-rewrite")).containsExactly(10L, 0L);
        assertThat(count("send-audio")).containsExactly(11L, 0L);
        assertThat(count("transcode-in")).containsExactly(0L, 0L);
        pipeline.publishQuality();
        assertThat(in.snapshot(null, null).packetsLost())
                .as("the event and the CN are not loss")
                .isZero();
    }

    @Test
    void transcodedAudioGoesInOnPacketsAndOutOnTheTick() {
        FakeTranscoder t = new FakeTranscoder();
        pipeline.configure(new DirectionConfig(StageFixture.room(), StageFixture.pcmu(), true, t));
        byte[] work = new byte[1700];
        pipeline.tick(work, 0);
        pipeline.onRtp(packet(111, 1, 0, 80), 92, 0);
        pipeline.tick(work, 20 * MS);
        pipeline.tick(work, 40 * MS);
        assertThat(t.sequences).containsExactly(1);
        assertThat(sink.rtp).hasSize(2);
        assertThat(sink.last().payloadType()).isZero();
        assertThat(count("transcode-out")).containsExactly(2L, 0L);
        assertThat(count("audio-rewrite")).containsExactly(0L, 0L);
    }

    @Test
    void thePassThroughFastPathAllocatesNothing() {
        pipeline.configure(new DirectionConfig(StageFixture.pcmu(), StageFixture.pcmu(), true, null));
        sink.record = false;
        byte[] b = packet(0, 0, 0, 160);
        long now = 0;
        for (int i = 0; i < 20_000; i++) { // warm up: compiled code, no allocation left to escape analysis doubts
            RtpPacket.writeHeader(b, 0, false, 0, i & 0xffff, 160L * i, 0xABCD);
            pipeline.onRtp(b, 172, now += 20 * MS);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 20_000; i < 120_000; i++) {
            RtpPacket.writeHeader(b, 0, false, 0, i & 0xffff, 160L * i, 0xABCD);
            pipeline.onRtp(b, 172, now += 20 * MS);
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        assertThat(allocated)
                .as("bytes allocated for 100,000 forwarded packets")
                .isLessThan(100_000);
        assertThat(count("send-audio")).containsExactly(120_000L, 0L);
    }

    private List<Long> count(String stage) {
        Stage s = pipeline.stages().stream()
                .filter(x -> x.name().equals(stage))
                .findFirst()
                .orElseThrow();
        return List.of(s.packetsIn(), s.packetsDropped());
    }
}
