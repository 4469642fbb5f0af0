package io.dialout.bench.codec;

import io.dialout.media.codec.CodecOptions.OpusImplementation;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.IntSupplier;

/**
 * The codec benchmarks again, timed by the thread's CPU clock instead of the wall clock. On a shared machine
 * (other builds running, load above the core count) JMH's wall-clock averages include time spent waiting for a
 * core; CPU time per frame does not, so it is the figure to compare runs by. Same set-up and operations as the
 * JMH classes; each case warms up for {@code warmup} frames, then reports the median of {@code rounds} rounds.
 * <p>
 * Run: {@code java -cp bench/target/benchmarks.jar io.dialout.bench.codec.CpuTimeReport [frames] [rounds]}
 */
public final class CpuTimeReport {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CpuTimeReport() {}

    public static void main(String[] args) {
        int frames = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        System.out.printf("%-34s %14s%n", "case (CPU time per 20 ms frame)", "us/frame");

        G722Benchmark g722 = new G722Benchmark();
        g722.setUp();
        report("G.722 encode+decode", g722::encodeDecodeFrame, frames, rounds);

        double nativeOpus = 0;
        for (OpusImplementation impl : new OpusImplementation[] {OpusImplementation.NATIVE, OpusImplementation.JAVA}) {
            OpusBenchmark opus = new OpusBenchmark();
            opus.implementation = impl;
            opus.complexity = 5;
            opus.setUp();
            double us = report("Opus encode+decode " + impl, opus::encodeDecodeFrame, frames, rounds);
            opus.tearDown();
            if (impl == OpusImplementation.NATIVE) {
                nativeOpus = us;
            } else {
                System.out.printf("%-34s %14.1f%n", "  ratio JAVA / NATIVE", us / nativeOpus);
            }
        }

        for (String direction : new String[] {"opus>PCMU", "PCMU>opus", "opus>G722", "G722>PCMU"}) {
            for (OpusImplementation impl :
                    new OpusImplementation[] {OpusImplementation.NATIVE, OpusImplementation.JAVA}) {
                if (!direction.contains("opus") && impl == OpusImplementation.JAVA) {
                    continue;
                }
                TranscodeBenchmark t = new TranscodeBenchmark();
                t.direction = direction;
                t.implementation = impl;
                t.setUp();
                report(
                        "transcode " + direction + " " + (direction.contains("opus") ? impl : ""),
                        t::receiveAndProduceFrame,
                        frames,
                        rounds);
                t.tearDown();
            }
        }
    }

    static double report(String name, IntSupplier op, int frames, int rounds) {
        int sink = 0;
        for (int i = 0; i < frames; i++) {
            sink += op.getAsInt();
        }
        double[] perRound = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long start = THREADS.getCurrentThreadCpuTime();
            for (int i = 0; i < frames; i++) {
                sink += op.getAsInt();
            }
            perRound[r] = (THREADS.getCurrentThreadCpuTime() - start) / 1000.0 / frames;
        }
        java.util.Arrays.sort(perRound);
        double median = perRound[rounds / 2];
        System.out.printf("%-34s %14.1f%s%n", name, median, sink == 42 ? " " : "");
        return median;
    }
}
