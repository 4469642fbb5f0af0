package io.dialout.bench.codec;

import io.dialout.media.codec.CodecOptions.OpusImplementation;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cost of a meeting's mix by the thread's CPU clock (see {@link CpuTimeReport} for why), in one run with its
 * baseline, a single-source transcoded call (opus>PCMU), so that the ratios hold whatever else loads the machine:
 * {@link MixBenchmark}'s cases, then the ratios the issue sets targets for (three participants against one
 * transcoded source; a silent or DTX participant against a speaking one, each the difference it adds to two
 * speakers).
 * <p>
 * Run: {@code java -cp bench/target/benchmarks.jar io.dialout.bench.codec.MixCpuReport [frames] [rounds]}
 */
public final class MixCpuReport {

    private MixCpuReport() {}

    public static void main(String[] args) {
        int frames = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        System.out.printf("%-34s %14s%n", "case (CPU time per 20 ms frame)", "us/frame");
        TranscodeBenchmark t = new TranscodeBenchmark();
        t.direction = "opus>PCMU";
        t.implementation = OpusImplementation.NATIVE;
        t.setUp();
        double single =
                CpuTimeReport.report("transcode opus>PCMU (1 source)", t::receiveAndProduceFrame, frames, rounds);
        t.tearDown();
        Map<String, Double> mix = new LinkedHashMap<>();
        for (String room : new String[] {"1", "2", "3", "8", "2+silent", "2+dtx"}) {
            MixBenchmark m = new MixBenchmark();
            m.room = room;
            m.implementation = OpusImplementation.NATIVE;
            m.setUp();
            mix.put(room, CpuTimeReport.report("mix " + room, m::receiveAndProduceFrame, frames, rounds));
            m.tearDown();
        }
        double speaker = mix.get("3") - mix.get("2");
        System.out.printf("%-34s %14.2f%n", "ratio mix 3 / transcode 1", mix.get("3") / single);
        System.out.printf("%-34s %14.2f%n", "ratio mix 8 / transcode 1", mix.get("8") / single);
        System.out.printf(
                "%-34s %14.2f%n", "ratio silent / speaking (added)", (mix.get("2+silent") - mix.get("2")) / speaker);
        System.out.printf(
                "%-34s %14.2f%n", "ratio DTX / speaking (added)", (mix.get("2+dtx") - mix.get("2")) / speaker);
    }
}
