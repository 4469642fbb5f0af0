package io.dialout.bench.codec;

import io.dialout.media.codec.AudioCodecs;
import io.dialout.media.codec.AudioDecoder;
import io.dialout.media.codec.AudioEncoder;
import io.dialout.media.codec.AudioFormat;
import io.dialout.media.codec.CodecOptions;
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

/** G.722 (our pure-Java implementation) encode + decode of one 20 ms frame (320 samples at 16 kHz, 160 octets). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class G722Benchmark {

    private AudioEncoder encoder;
    private AudioDecoder decoder;
    private short[] input;
    private final byte[] payload = new byte[160];
    private final short[] pcm = new short[320];
    private int position;

    @Setup(Level.Trial)
    public void setUp() {
        encoder = AudioCodecs.encoder(AudioFormat.g722(), CodecOptions.DEFAULT);
        decoder = AudioCodecs.decoder(AudioFormat.g722(), CodecOptions.DEFAULT);
        input = BenchSignals.voiceLike(16000, 1000);
    }

    @Benchmark
    public int encodeDecodeFrame() {
        int len = encoder.encode(input, position, payload, 0);
        position = (position + 320) % input.length;
        return decoder.decode(payload, 0, len, pcm);
    }
}
