package io.dialout.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the per-core and memory benches read from /proc/stat and jcmd, on captured text. */
class BenchParsingTest {

    @Test
    void aCoreIsAsBusyAsItsIdleTicksSay() {
        // idle ticks of cpu0 and cpu1, then the time they were read: one second apart (100 ticks per core)
        long[] a = {1000, 5000, 0};
        long[] b = {1025, 5100, 1_000_000_000L};
        assertThat(ProcessStats.coreBusyPercent(a, b, 0)).isEqualTo(75.0);
        assertThat(ProcessStats.coreBusyPercent(a, b, 1)).isEqualTo(0.0);
        assertThat(ProcessStats.coreBusyPercent(a, b, 2)).isEqualTo(-1); // no such core
    }

    @Test
    void aClassHistogramGivesInstancesAndBytesPerClass() {
        String text = """
                12345:
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:         29934        6642168  [B (java.base@17.0.15)
                   2:          4096         151552  [J (java.base@17.0.15)
                   3:            76           2432  io.dialout.media.CallMediaStats$StageStats
                Total        34106        6796152
                """;
        Map<String, long[]> h = BenchMemory.histogram(text);
        assertThat(h).containsOnlyKeys("[B", "[J", "io.dialout.media.CallMediaStats$StageStats");
        assertThat(h.get("[B")).containsExactly(29934, 6642168);
        assertThat(h.get("io.dialout.media.CallMediaStats$StageStats")).containsExactly(76, 2432);
    }

    @Test
    void theNativeMemorySummaryIsReducedToCommittedKibPerArea() {
        String text = """
                Native Memory Tracking:

                Total: reserved=2132201KB, committed=186569KB
                -                 Java Heap (reserved=643072KB, committed=55296KB)
                                            (mmap: reserved=643072KB, committed=55296KB)
                -                        GC (reserved=52321KB, committed=40281KB)
                """;
        assertThat(BenchMemory.nmtDigest(text))
                .contains("Total", "186569")
                .contains("Java Heap", "55296")
                .contains("GC", "40281")
                .doesNotContain("643072");
    }
}
