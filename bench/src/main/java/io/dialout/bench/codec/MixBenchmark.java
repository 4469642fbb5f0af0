package io.dialout.bench.codec;

import io.dialout.media.codec.AudioCodecs;
import io.dialout.media.codec.AudioEncoder;
import io.dialout.media.codec.AudioFormat;
import io.dialout.media.codec.AudioMixer;
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
 * A meeting's room-to-SIP audio, per 20 ms frame: each room participant's Opus payload received into the mixer (its
 * own jitter buffer), then one frame produced (each speaking source decoded, mixed, limited, encoded once in PCMU).
 * The sources are {@code room}: a number of speaking participants, optionally followed by silent ones (Opus frames
 * of digital silence every 20 ms, as a muted browser track without DTX sends) or one in DTX (Opus DTX: one packet
 * every 400 ms, RFC 7587 section 3.1.3). Every packet comes with its RFC 6464 audio level, as browsers send it (-12
 * dBov for the talkers, 127 for silence), except in the "silent-nolevel" case: a room without the extension. Set-up
 * encodes the packets once; they are replayed with advancing sequence numbers and timestamps, so only the mixer's own
 * work is measured. Compare with {@link TranscodeBenchmark} opus>PCMU, a single-source transcoded call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MixBenchmark {

    /**
     * "N" speaking participants, or "N+silent" / "N+dtx" / "N+silent-nolevel": N speaking and one more that is silent
     * or in DTX (or silent without RFC 6464 levels), or "N+Msilent" / "N+Mdtx": N speaking and M silent or in DTX.
     */
    @Param({"1", "2", "3", "8", "2+silent", "2+dtx", "2+silent-nolevel", "1+2silent", "1+8silent", "1+8dtx"})
    public String room;

    @Param({"NATIVE"})
    public CodecOptions.OpusImplementation implementation;

    private static final int PACKETS = 50;
    private static final int DTX_EVERY = 20; // 400 ms
    /** RFC 6464 levels (-dBov) the packets carry: the talkers' RMS level, and silence. */
    private static final int TALKER_LEVEL = 12;

    private static final int SILENCE_LEVEL = 127;

    private AudioMixer mixer;
    private int speaking;
    private String extra;
    private int silentCount;
    private int silentLevel;
    private boolean silent;
    private boolean dtx;
    private byte[][][] voice;
    private int[][] voiceLengths;
    private byte[][] silence;
    private int[] silenceLengths;
    private int frame;
    private long arrival;
    private final byte[] out = new byte[1500];

    @Setup(Level.Trial)
    public void setUp() {
        String[] parts = room.split("\\+");
        speaking = Integer.parseInt(parts[0]);
        extra = parts.length > 1 ? parts[1] : "";
        silentCount = extra.matches("[0-9]+(silent|dtx)") ? Integer.parseInt(extra.replaceAll("[a-z]", "")) : 1;
        silentLevel = extra.endsWith("-nolevel") ? -1 : SILENCE_LEVEL;
        silent = extra.contains("silent");
        dtx = extra.endsWith("dtx");
        AudioFormat opus = AudioFormat.opus(111);
        CodecOptions options = new CodecOptions(implementation, new OpusSettings(32000, 5, true, 10));
        mixer = new AudioMixer(opus, AudioFormat.pcmu(), options);
        voice = new byte[speaking][PACKETS][1500];
        voiceLengths = new int[speaking][PACKETS];
        for (int s = 0; s < speaking; s++) {
            // each talker its own signal: the voice-like test signal, shifted by a few frames per talker
            short[] pcm = BenchSignals.voiceLike(opus.sampleRate(), 20 * (PACKETS + s * 7));
            try (AudioEncoder encoder = AudioCodecs.encoder(opus, options)) {
                for (int k = 0; k < PACKETS; k++) {
                    voiceLengths[s][k] = encoder.encode(pcm, (k + s * 7) * opus.samplesPerFrame(), voice[s][k], 0);
                }
            }
        }
        silence = new byte[PACKETS][1500];
        silenceLengths = new int[PACKETS];
        if (dtx) {
            // a DTX packet: the TOC byte alone (RFC 6716 section 3.2.1, a zero-length frame), as browsers send
            for (int k = 0; k < PACKETS; k++) {
                silence[k][0] = (byte) 0xF8;
                silenceLengths[k] = 1;
            }
        } else {
            short[] zeros = new short[opus.samplesPerFrame() * PACKETS];
            try (AudioEncoder encoder = AudioCodecs.encoder(opus, options)) {
                for (int k = 0; k < PACKETS; k++) {
                    silenceLengths[k] = encoder.encode(zeros, k * opus.samplesPerFrame(), silence[k], 0);
                }
            }
        }
        for (int i = 0; i < 25; i++) { // fill the jitter buffers to their playout depth
            receiveAndProduceFrame();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        mixer.close();
    }

    @Benchmark
    public int receiveAndProduceFrame() {
        int k = frame % PACKETS;
        long ts = (long) frame * 960;
        for (int s = 0; s < speaking; s++) {
            mixer.receive(
                    1000 + s,
                    frame & 0xFFFF,
                    ts & 0xFFFFFFFFL,
                    voice[s][k],
                    0,
                    voiceLengths[s][k],
                    arrival,
                    TALKER_LEVEL);
        }
        if (silent || dtx && frame % DTX_EVERY == 0) {
            for (int s = 0; s < silentCount; s++) {
                mixer.receive(
                        2000 + s,
                        frame & 0xFFFF,
                        ts & 0xFFFFFFFFL,
                        silence[k],
                        0,
                        silenceLengths[k],
                        arrival,
                        silentLevel);
            }
        }
        frame++;
        arrival += 20_000_000L;
        return mixer.produce(out, 0, arrival);
    }
}
