package io.dialout.bench.relay;

import io.dialout.media.relay.DirectionConfig;
import io.dialout.media.relay.DirectionPipeline;
import io.dialout.media.relay.LegCounters;
import io.dialout.media.relay.OutboundStream;
import io.dialout.media.relay.PacketRing;
import io.dialout.media.relay.PacketSink;
import io.dialout.media.rtp.RtpPacket;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-packet CPU of pass-through forwarding, without sockets or SRTP (those are measured by the webrtc
 * benchmarks and the I/O figures in shared/DEPENDENCIES.md): parsing the RTP header, rewriting SSRC/PT/seq/ts, the
 * whole room-to-SIP stage chain (receive-stats, demux, audio-mode, dtmf-priority, audio-rewrite, send-audio, delay),
 * and the hand-off ring from the room reader to the I/O thread. One 172-byte PCMU packet (12-byte header, 160-byte payload).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ForwardingBenchmark {

    private final byte[] packet = new byte[172 + 64];
    private final RtpPacket view = new RtpPacket();
    private final OutboundStream out = new OutboundStream(0x5555L, 8000, 1000, 123456);
    private final PacketRing ring = new PacketRing(64, 1664);
    private final PacketRing.Consumer drain = (kind, buf, len, arrival) -> {};
    private DirectionPipeline pipeline;
    private long sent;
    private int seq;
    private long ts;
    private long now;

    @Setup(Level.Trial)
    public void setUp() {
        RtpPacket.writeHeader(packet, 0, false, 0, 0, 0, 0xabcdefL);
        PacketSink sink = new PacketSink() {
            @Override
            public boolean ready() {
                return true;
            }

            @Override
            public boolean sendRtp(byte[] buf, int off, int len) {
                sent += len;
                return true;
            }

            @Override
            public boolean sendRtcp(byte[] buf, int off, int len) {
                return true;
            }
        };
        pipeline = new DirectionPipeline(
                "bench", sink, new LegCounters(), new LegCounters(), 0x1111L, 0x2222L, (digit, forwarded) -> {});
        pipeline.configure(new DirectionConfig(
                new DirectionConfig.LegFormats(
                        new DirectionConfig.Payload(0, 8000),
                        new DirectionConfig.Payload(101, 8000),
                        DirectionConfig.Payload.NONE),
                new DirectionConfig.LegFormats(
                        new DirectionConfig.Payload(0, 8000),
                        new DirectionConfig.Payload(101, 8000),
                        DirectionConfig.Payload.NONE),
                true,
                null));
        now = System.nanoTime();
    }

    /** The next packet of a 50 packets/s stream: a fresh sequence number and timestamp in the header. */
    private void nextPacket() {
        seq = (seq + 1) & 0xffff;
        ts += 160;
        now += 20_000_000L;
        RtpPacket.writeHeader(packet, 0, false, 0, seq, ts, 0xabcdefL);
    }

    @Benchmark
    public int parseHeader() {
        nextPacket();
        view.wrap(packet, 0, 172);
        return view.payloadLength();
    }

    @Benchmark
    public long rewriteHeader() {
        nextPacket();
        view.wrap(packet, 0, 172);
        out.forward(view, 8, now);
        return view.timestamp();
    }

    @Benchmark
    public long passThroughStageChain() {
        nextPacket();
        pipeline.onRtp(packet, 172, now);
        return sent;
    }

    @Benchmark
    public int handOffRing() {
        nextPacket();
        ring.offer(PacketRing.RTP, packet, 0, 172, now);
        return ring.drain(drain, 1);
    }
}
