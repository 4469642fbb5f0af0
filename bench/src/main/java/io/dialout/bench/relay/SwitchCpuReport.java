package io.dialout.bench.relay;

import io.dialout.bench.relay.MeetingSimulation.Variant;
import io.dialout.media.srtp.SrtpProfile;
import io.dialout.media.srtp.SrtpSession;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The CPU cost per call of a meeting's speaker switching with video, by the thread's CPU clock (which, unlike the
 * wall clock, does not count the wait for a core on a loaded machine), against a single-participant video call in
 * the same run: see {@link MeetingSimulation} for the simulated room and what is measured. The cases run in turns,
 * one round of each after the other, so that a change of load hits them alike; each case's figure is the median of
 * its rounds. Each case is also run with SRTP unprotect only (no pipeline), and with the pipeline only (no SRTP), which splits its cost in two, and the
 * meeting once more with the real mixer in place of the stand-in (the whole room-to-SIP cost of the call). A case
 * whose output toward SIP is wrong (see {@link MeetingSimulation#errors}) fails the run.
 * <p>
 * Run: {@code java -cp bench/target/benchmarks.jar io.dialout.bench.relay.SwitchCpuReport [seconds] [rounds]
 * [speaker-period-s] [profile]} (simulated seconds of call per round, default 60; rounds, default 7; seconds
 * between changes of loud participant, default 3; SRTP profile, default AEAD_AES_128_GCM, the gateway's first
 * choice).
 */
public final class SwitchCpuReport {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private SwitchCpuReport() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        double period = args.length > 2 ? Double.parseDouble(args[2]) : 3;
        SrtpProfile profile = SrtpProfile.valueOf(args.length > 3 ? args[3] : "AEAD_AES_128_GCM");
        System.out.println("load average at start: " + loadAverage());
        SrtpSession.warmUp();
        MeetingSimulation[] cases = {
            new MeetingSimulation(1, period, profile, Variant.STAND_IN_MIX),
            new MeetingSimulation(3, period, profile, Variant.STAND_IN_MIX),
            new MeetingSimulation(1, period, profile, Variant.SRTP_ONLY),
            new MeetingSimulation(3, period, profile, Variant.SRTP_ONLY),
            new MeetingSimulation(1, period, profile, Variant.NO_SRTP),
            new MeetingSimulation(3, period, profile, Variant.NO_SRTP),
            new MeetingSimulation(3, period, profile, Variant.OPUS_MIX),
        };
        String[] names = {
            "single: 1 audio + 1 video passed",
            "meeting of 3: switching, mix stand-in",
            "  single, SRTP unprotect only",
            "  meeting, SRTP unprotect only",
            "  single, pipeline only (no SRTP)",
            "  meeting, pipeline only (no SRTP)",
            "meeting of 3 with the real Opus mix",
        };
        int chunks = seconds * 1000 / MeetingSimulation.CHUNK_MS;
        long clockCost = clockCost();
        for (MeetingSimulation c : cases) { // warm-up: the JIT compiles the whole path
            run(c, chunks, clockCost);
        }
        double[][] usPerSecond = new double[cases.length][rounds];
        double[][] usPerPacket = new double[cases.length][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < cases.length; i++) {
                long packets0 = cases[i].packetsIn();
                long cpu = run(cases[i], chunks, clockCost);
                long packets = cases[i].packetsIn() - packets0;
                usPerSecond[i][r] = cpu / 1e3 / seconds;
                usPerPacket[i][r] = cpu / 1e3 / packets;
            }
        }
        System.out.println("load average at end: " + loadAverage());
        System.out.printf(
                "%s, %d rounds of %d s of call each (median shown), loud participant changing every %.1f s%n",
                profile, rounds, seconds, period);
        System.out.printf(
                "%-36s %9s %10s %15s %9s %10s %9s %11s%n",
                "case", "pkts/s", "CPU us/s", "(rounds)", "% core", "us/packet", "switches", "keyframes");
        double[] medians = new double[cases.length];
        boolean broken = false;
        for (int i = 0; i < cases.length; i++) {
            MeetingSimulation c = cases[i];
            medians[i] = median(usPerSecond[i]);
            System.out.printf(
                    "%-36s %9.0f %10.1f %15s %9.3f %10.3f %9s %11s%n",
                    names[i],
                    c.packetsIn() / c.seconds(),
                    medians[i],
                    String.format("%.0f-%.0f", min(usPerSecond[i]), max(usPerSecond[i])),
                    medians[i] / 1e4,
                    median(usPerPacket[i]),
                    c.variant() == Variant.SRTP_ONLY ? "-" : c.switches() + "/" + c.loudChanges(),
                    c.variant() == Variant.SRTP_ONLY ? "-" : c.keyframesSent() + "/" + c.keyframeRequests());
            List<String> errors = c.errors();
            if (!errors.isEmpty()) {
                broken = true;
                System.out.println("  OUTPUT WRONG: " + errors);
            }
            c.close();
        }
        System.out.printf("%-36s %10.2f%n", "ratio meeting (stand-in) / single", medians[1] / medians[0]);
        System.out.printf("%-36s %10.2f%n", "ratio, SRTP only", medians[3] / medians[2]);
        System.out.printf("%-36s %10.2f%n", "ratio, pipeline only", medians[5] / medians[4]);
        System.out.printf("%-36s %10.2f%n", "ratio meeting with mix / single", medians[6] / medians[0]);
        System.out.printf("%-36s %10.1f%n", "the mix's share, CPU us/s", medians[6] - medians[1]);
        System.out.println(
                "(switches: video switches done / changes of loud participant; keyframes: sent by the room / asked)");
        if (broken) {
            System.exit(1);
        }
    }

    /** Runs {@code chunks} chunks of the simulation; returns the CPU time of consuming them, in ns. */
    private static long run(MeetingSimulation c, int chunks, long clockCost) {
        long cpu = 0;
        for (int k = 0; k < chunks; k++) {
            c.generate();
            long start = THREADS.getCurrentThreadCpuTime();
            c.consume();
            cpu += THREADS.getCurrentThreadCpuTime() - start - clockCost;
        }
        return cpu;
    }

    /** What one reading of the CPU clock adds to a measured interval (the median of many), in ns. */
    private static long clockCost() {
        long[] d = new long[20_001];
        for (int i = 0; i < d.length; i++) {
            long a = THREADS.getCurrentThreadCpuTime();
            d[i] = THREADS.getCurrentThreadCpuTime() - a;
        }
        Arrays.sort(d);
        return d[d.length / 2];
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(0);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(0);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
