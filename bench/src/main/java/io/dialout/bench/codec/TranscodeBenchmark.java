package io.dialout.bench.codec;

import io.dialout.media.codec.AudioCodecs;
import io.dialout.media.codec.AudioEncoder;
import io.dialout.media.codec.AudioFormat;
import io.dialout.media.codec.AudioTranscoder;
import io.dialout.media.codec.CodecOptions;
import io.dialout.media.codec.OpusSettings;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One direction of a transcoded call, per 20 ms frame: receive a payload into the jitter buffer, then produce one
 * frame (decode, resample 48k/8k, encode). The input packets are encoded once in set-up and replayed in a loop
 * with advancing sequence numbers and timestamps, so only the transcoder's own work is measured.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TranscodeBenchmark {

    @Param({"opus>PCMU", "PCMU>opus", "opus>G722", "G722>PCMU"})
    public String direction;

    @Param({"NATIVE", "JAVA"})
    public CodecOptions.OpusImplementation implementation;

    private static final int PACKETS = 50;

    private AudioTranscoder transcoder;
    private byte[][] packets;
    private int[] lengths;
    private int index;
    private int seq;
    private long timestamp;
    private long arrival;
    private int increment;
    private final byte[] out = new byte[1500];

    @Setup(Level.Trial)
    public void setUp() {
        String[] parts = direction.split(">");
        AudioFormat in = format(parts[0]);
        AudioFormat outFormat = format(parts[1]);
        CodecOptions options = new CodecOptions(implementation, new OpusSettings(32000, 5, true, 10));
        transcoder = new AudioTranscoder(in, outFormat, options);
        increment = in.timestampIncrement();
        short[] pcm = BenchSignals.voiceLike(in.sampleRate(), 20 * PACKETS);
        packets = new byte[PACKETS][1500];
        lengths = new int[PACKETS];
        try (AudioEncoder encoder = AudioCodecs.encoder(in, options)) {
            for (int k = 0; k < PACKETS; k++) {
                lengths[k] = encoder.encode(pcm, k * in.samplesPerFrame(), packets[k], 0);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        transcoder.close();
    }

    @Benchmark
    public int receiveAndProduceFrame() {
        transcoder.receive(seq & 0xFFFF, timestamp & 0xFFFFFFFFL, packets[index], 0, lengths[index], arrival);
        seq++;
        timestamp += increment;
        arrival += 20_000_000L;
        index = (index + 1) % PACKETS;
        return transcoder.produce(out, 0);
    }

    private static AudioFormat format(String name) {
        return switch (name) {
            case "opus" -> AudioFormat.opus(111);
            case "PCMU" -> AudioFormat.pcmu();
            case "PCMA" -> AudioFormat.pcma();
            case "G722" -> AudioFormat.g722();
            default -> throw new IllegalArgumentException(name);
        };
    }
}
