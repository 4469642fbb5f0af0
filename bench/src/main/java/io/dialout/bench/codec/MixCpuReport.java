package io.dialout.bench.codec;

import io.dialout.media.codec.CodecOptions.OpusImplementation;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cost of a meeting's mix by the thread's CPU clock (see {@link CpuTimeReport} for why), in one run with its
 * baseline, a single-source transcoded call, so that the ratios hold whatever else loads the machine:
 * {@link MixBenchmark}'s cases, then the ratios the issue sets targets for. Three participants against one
 * transcoded source, per direction (room to SIP: the mix against opus>PCMU) and per call (both directions: the SIP
 * side's audio is encoded once toward the room, PCMU>opus, in both kinds of call); a silent or DTX participant against
 * a speaking one, each the difference it adds to two speakers (and an eighth of what eight add to one speaker, a
 * figure less lost in the noise).
 * <p>
 * Run: {@code java -cp bench/target/benchmarks.jar io.dialout.bench.codec.MixCpuReport [frames] [rounds]}
 */
public final class MixCpuReport {

    private MixCpuReport() {}

    public static void main(String[] args) {
        int frames = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        System.out.printf("%-34s %14s%n", "case (CPU time per 20 ms frame)", "us/frame");
        double toSip = transcode("opus>PCMU", frames, rounds);
        double toRoom = transcode("PCMU>opus", frames, rounds);
        Map<String, Double> mix = new LinkedHashMap<>();
        for (String room : new String[] {
            "1", "2", "3", "8", "2+silent", "2+dtx", "2+silent-nolevel", "1+2silent", "1+8silent", "1+8dtx"
        }) {
            MixBenchmark m = new MixBenchmark();
            m.room = room;
            m.implementation = OpusImplementation.NATIVE;
            m.setUp();
            mix.put(room, CpuTimeReport.report("mix " + room, m::receiveAndProduceFrame, frames, rounds));
            m.tearDown();
        }
        double speaker = mix.get("3") - mix.get("2");
        print("ratio mix 3 / transcode 1 (room>SIP)", mix.get("3") / toSip);
        print("ratio mix 8 / transcode 1 (room>SIP)", mix.get("8") / toSip);
        print("ratio call of 3 / call of 1", (mix.get("3") + toRoom) / (toSip + toRoom));
        print("ratio call of 1+2 silent / call of 1", (mix.get("1+2silent") + toRoom) / (toSip + toRoom));
        print("ratio silent / speaking (added)", (mix.get("2+silent") - mix.get("2")) / speaker);
        print("ratio DTX / speaking (added)", (mix.get("2+dtx") - mix.get("2")) / speaker);
        // one silent participant adds too little to measure against the noise of a shared machine: eight do
        print("ratio silent / speaking (8 added)", (mix.get("1+8silent") - mix.get("1")) / 8 / speaker);
        print("ratio DTX / speaking (8 added)", (mix.get("1+8dtx") - mix.get("1")) / 8 / speaker);
        print("ratio silent, no level / speaking", (mix.get("2+silent-nolevel") - mix.get("2")) / speaker);
        print("transcoded call, both directions", toSip + toRoom);
        print("  % of a core", (toSip + toRoom) / 20_000 * 100);
    }

    private static double transcode(String direction, int frames, int rounds) {
        TranscodeBenchmark t = new TranscodeBenchmark();
        t.direction = direction;
        t.implementation = OpusImplementation.NATIVE;
        t.setUp();
        double us = CpuTimeReport.report(
                "transcode " + direction + " (1 source)", t::receiveAndProduceFrame, frames, rounds);
        t.tearDown();
        return us;
    }

    private static void print(String name, double value) {
        System.out.printf("%-38s %10.2f%n", name, value);
    }
}
