package io.dialout.bench.relay;

import io.dialout.media.srtp.SrtpProfile;
import io.dialout.media.srtp.SrtpSession;
import java.util.List;
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
 * The wall-clock counterpart of {@link SwitchCpuReport}: one operation is {@value MeetingSimulation#CHUNK_MS} ms of
 * a simulated call's room-to-SIP packets (SRTP unprotect, then the pipeline), for a single-participant video call
 * ({@code participants=1}) or a meeting whose loud participant changes every 3 s ({@code participants=3}). The
 * packets are made in an invocation-level set-up, outside the timing (an operation takes a few hundred µs, well
 * above JMH's per-invocation overhead). The trial fails if the output toward SIP was wrong.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SwitchBenchmark {

    @Param({"1", "3"})
    public int participants;

    @Param({"AEAD_AES_128_GCM"})
    public String profile;

    /** STAND_IN_MIX: the packet path and the switching; OPUS_MIX: with the meeting's real mixer. */
    @Param({"STAND_IN_MIX"})
    public MeetingSimulation.Variant variant;

    private MeetingSimulation call;

    @Setup(Level.Trial)
    public void setUp() {
        SrtpSession.warmUp();
        call = new MeetingSimulation(participants, 3, SrtpProfile.valueOf(profile), variant);
    }

    @Setup(Level.Invocation)
    public void nextChunk() {
        call.generate();
    }

    @Benchmark
    public int chunkOfCall() {
        return call.consume();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        List<String> errors = call.errors();
        call.close();
        if (!errors.isEmpty()) {
            throw new IllegalStateException("the output toward SIP was wrong: " + errors);
        }
    }
}
