package io.dialout.bench.codec;

import io.dialout.media.codec.AudioCodecs;
import io.dialout.media.codec.AudioDecoder;
import io.dialout.media.codec.AudioEncoder;
import io.dialout.media.codec.AudioFormat;
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

/** Opus encode + decode of one 20 ms mono 48 kHz frame: libjitsi's native libopus against Concentus (pure Java). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OpusBenchmark {

    @Param({"NATIVE", "JAVA"})
    public CodecOptions.OpusImplementation implementation;

    @Param({"5"})
    public int complexity;

    private AudioEncoder encoder;
    private AudioDecoder decoder;
    private short[] input;
    private final byte[] packet = new byte[1500];
    private final short[] pcm = new short[5760];
    private int position;

    @Setup(Level.Trial)
    public void setUp() {
        CodecOptions options = new CodecOptions(implementation, new OpusSettings(32000, complexity, true, 10));
        AudioFormat opus = AudioFormat.opus(111);
        encoder = AudioCodecs.encoder(opus, options);
        decoder = AudioCodecs.decoder(opus, options);
        input = BenchSignals.voiceLike(48000, 1000);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        encoder.close();
        decoder.close();
    }

    @Benchmark
    public int encodeDecodeFrame() {
        int len = encoder.encode(input, position, packet, 0);
        position = (position + 960) % input.length;
        return decoder.decode(packet, 0, len, pcm);
    }
}
