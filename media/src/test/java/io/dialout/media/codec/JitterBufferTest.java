package io.dialout.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Table of network conditions played through the jitter buffer with a simulated 20 ms clock: which packets are
 * played, in which order, and how much is concealed.
 */
class JitterBufferTest {

    private static final int CLOCK = 8000;
    private static final int FRAME_TICKS = 160;
    private static final int FRAME_MS = 20;

    /** One packet as the network delivers it: its RTP fields and its arrival time. */
    record Arrival(int seq, long timestamp, double atMs, int id) {}

    /** What the playout side saw. */
    static final class Outcome {
        final List<Integer> played = new ArrayList<>();
        int gaps;
        int fecGaps;
        int underruns;
        JitterBuffer buffer;

        List<Integer> expectedAllExcept(int total, List<Integer> missing) {
            return IntStream.range(0, total)
                    .boxed()
                    .filter(i -> !missing.contains(i))
                    .collect(Collectors.toList());
        }
    }

    /** A stream of {@code count} 20 ms packets sent every 20 ms, each arriving after {@code delay(i)} ms. */
    static List<Arrival> stream(int count, int firstSeq, long firstTs, java.util.function.IntToDoubleFunction delay) {
        List<Arrival> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double at = i * FRAME_MS + delay.applyAsDouble(i);
            if (!Double.isNaN(at)) {
                list.add(new Arrival((firstSeq + i) & 0xFFFF, (firstTs + (long) i * FRAME_TICKS) & 0xFFFFFFFFL, at, i));
            }
        }
        return list;
    }

    static Outcome play(List<Arrival> arrivals, int ticks) {
        return play(arrivals, ticks, 20);
    }

    static Outcome play(List<Arrival> arrivals, int ticks, int minTargetMs) {
        List<Arrival> sorted = new ArrayList<>(arrivals);
        sorted.sort(Comparator.comparingDouble(Arrival::atMs));
        JitterBuffer jb = new JitterBuffer(CLOCK, minTargetMs);
        Outcome o = new Outcome();
        o.buffer = jb;
        int next = 0;
        byte[] payload = new byte[4];
        for (int tick = 0; tick < ticks; tick++) {
            if (next == sorted.size() && jb.size() == 0) {
                break; // everything delivered and played: what follows would be the end of the stream
            }
            double now = tick * FRAME_MS + 5;
            while (next < sorted.size() && sorted.get(next).atMs() <= now) {
                Arrival a = sorted.get(next++);
                payload[0] = (byte) (a.id() >> 8);
                payload[1] = (byte) a.id();
                jb.insert(a.seq(), a.timestamp(), payload, 0, 2, (long) (a.atMs() * 1_000_000L));
            }
            long need = FRAME_TICKS;
            for (int guard = 0; need > 0 && guard < 8; guard++) {
                int d = jb.poll();
                if (d == JitterBuffer.IDLE) {
                    break;
                } else if (d == JitterBuffer.FRAME) {
                    byte[] p = jb.payload();
                    o.played.add(((p[0] & 0xFF) << 8) | (p[1] & 0xFF));
                    jb.consumed(FRAME_TICKS);
                    need -= FRAME_TICKS;
                } else if (d == JitterBuffer.GAP) {
                    o.gaps++;
                    if (jb.nextFollowsGap()) {
                        o.fecGaps++;
                    }
                    need -= jb.gapTicks();
                    jb.concealed(jb.gapTicks());
                } else {
                    o.underruns++;
                    need = 0;
                }
            }
        }
        return o;
    }

    @Test
    void inOrderStreamPlaysEveryPacketWithoutConcealment() {
        Outcome o = play(stream(100, 1000, 5000, i -> 3), 110);
        assertThat(o.played).isEqualTo(o.expectedAllExcept(100, List.of()));
        assertThat(o.gaps).isZero();
        assertThat(o.underruns).isZero();
        assertThat(o.buffer.jitterMs()).isLessThan(1);
    }

    @Test
    void reorderedPacketsArePlayedInOrder() {
        // Every 10th packet arrives after its successor (12 ms late, within the buffer's target).
        Outcome o = play(stream(100, 1, 0, i -> i % 10 == 5 ? 15 : 2), 110);
        assertThat(o.played).isEqualTo(o.expectedAllExcept(100, List.of()));
        assertThat(o.gaps + o.underruns).isLessThanOrEqualTo(2);
    }

    @Test
    void duplicatesAreDroppedAndPlayedOnce() {
        List<Arrival> arrivals = new ArrayList<>(stream(100, 7, 0, i -> 2));
        for (Arrival a : List.copyOf(arrivals)) {
            if (a.id() % 5 == 0) {
                arrivals.add(new Arrival(a.seq(), a.timestamp(), a.atMs() + (a.id() % 10 == 0 ? 1 : 60), a.id()));
            }
        }
        Outcome o = play(arrivals, 110);
        assertThat(o.played).isEqualTo(o.expectedAllExcept(100, List.of()));
        assertThat(o.buffer.duplicates()).isEqualTo(20);
        assertThat(o.gaps).isZero();
    }

    @Test
    void randomLossIsConcealedOnceForEachLostFrame() {
        List<Integer> lost = randomLoss(200, 42);
        Outcome o = play(stream(200, 0, 0, i -> lost.contains(i) ? Double.NaN : 3), 210);
        assertThat(o.played).isEqualTo(o.expectedAllExcept(200, lost));
        // With one frame buffered, a loss shows as an underrun (nothing to play yet), concealed once, not twice.
        assertThat(o.gaps + o.underruns).isEqualTo(lost.size());
        assertThat(o.buffer.shrinkDrops()).isZero();
    }

    @Test
    void withFortyMillisecondsBufferedALossIsSeenAsAGapWithTheNextPacketForFec() {
        List<Integer> lost = randomLoss(200, 42);
        Outcome o = play(stream(200, 0, 0, i -> lost.contains(i) ? Double.NaN : 3), 210, 40);
        assertThat(o.played).isEqualTo(o.expectedAllExcept(200, lost));
        assertThat(o.gaps + o.underruns).isEqualTo(lost.size());
        // Isolated losses get the next packet's FEC; the first of two consecutive losses cannot.
        long isolated = lost.stream().filter(i -> !lost.contains(i + 1)).count();
        assertThat(o.fecGaps).isEqualTo((int) isolated);
    }

    @Test
    void burstLossIsConcealedForItsWholeLengthWithoutAddingDelay() {
        List<Integer> lost = List.of(40, 41, 42, 43, 44, 45, 46);
        Outcome o = play(stream(100, 500, 0, i -> lost.contains(i) ? Double.NaN : 3), 110);
        assertThat(o.played).isEqualTo(o.expectedAllExcept(100, lost));
        assertThat(o.gaps + o.underruns).isEqualTo(7);
        assertThat(o.buffer.shrinkDrops()).isZero();
    }

    private static List<Integer> randomLoss(int count, long seed) {
        Random random = new Random(seed);
        List<Integer> lost = new ArrayList<>();
        for (int i = 1; i < count - 1; i++) {
            if (random.nextInt(10) == 0) {
                lost.add(i);
            }
        }
        return lost;
    }

    @Test
    void sequenceAndTimestampWrapAround() {
        long ts = 0x1_0000_0000L - 25L * FRAME_TICKS;
        Outcome o = play(stream(100, 65500, ts, i -> i % 7 == 3 ? 12 : 2), 110);
        assertThat(o.played).isEqualTo(o.expectedAllExcept(100, List.of()));
        assertThat(o.gaps).isZero();
    }

    @Test
    void latePacketIsConcealedThenDropped() {
        Outcome o = play(stream(100, 0, 0, i -> i == 30 ? 250 : 2), 110);
        assertThat(o.played).isEqualTo(o.expectedAllExcept(100, List.of(30)));
        assertThat(o.gaps + o.underruns).isEqualTo(1);
        assertThat(o.buffer.late()).isEqualTo(1);
    }

    @Test
    void timestampJumpAheadRestartsPlayoutInsteadOfConcealingTheGap() {
        List<Arrival> arrivals = new ArrayList<>(stream(50, 0, 0, i -> 2));
        for (Arrival a : stream(50, 50, 50L * FRAME_TICKS + 10 * CLOCK, i -> 2)) {
            arrivals.add(new Arrival(a.seq(), a.timestamp(), a.atMs() + 50 * FRAME_MS, a.id() + 50));
        }
        Outcome o = play(arrivals, 110);
        assertThat(o.played).isEqualTo(o.expectedAllExcept(100, List.of()));
        assertThat(o.gaps).isZero();
        assertThat(o.buffer.jumps()).isEqualTo(1);
    }

    @Test
    void timestampJumpBackRestartsTheBuffer() {
        // A sender restart on the same SSRC: new random sequence and timestamp bases, far behind the playout point.
        List<Arrival> arrivals = new ArrayList<>(stream(50, 0, 1_000_000, i -> 2));
        for (Arrival a : stream(50, 30000, 10_000, i -> 2)) {
            arrivals.add(new Arrival(a.seq(), a.timestamp(), a.atMs() + 50 * FRAME_MS, a.id() + 50));
        }
        Outcome o = play(arrivals, 110);
        // The first packet of the new stream is discarded while the buffer decides it is not just late.
        assertThat(o.played).containsSubsequence(IntStream.range(0, 50).boxed().toList());
        assertThat(o.played)
                .containsSubsequence(IntStream.range(51, 100).boxed().toList());
        assertThat(o.buffer.restarts()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void jitterRaisesTheTargetAndTheBufferGrowsToAbsorbIt() {
        Random random = new Random(7);
        double[] delays = random.doubles(500, 0, 45).toArray();
        Outcome o = play(stream(500, 0, 0, i -> delays[i]), 520);
        assertThat(o.played).isEqualTo(o.expectedAllExcept(500, List.of()).subList(0, o.played.size()));
        assertThat(o.played.size()).isGreaterThan(490);
        assertThat(o.buffer.jitterMs()).isBetween(5.0, 30.0);
        assertThat(o.buffer.targetTicks()).isGreaterThan(FRAME_TICKS);
        // It grows on early underruns, then plays on without losing packets to lateness.
        assertThat(o.buffer.late()).isLessThanOrEqualTo(5);
        assertThat(o.underruns).isLessThan(15);
    }

    @Test
    void packetsQueuedBeforePlayoutStartsAreSkippedDownToTheTarget() {
        // The owner starts producing only after 1 s of packets has queued (e.g. before the callee answered).
        Outcome o = play(stream(100, 0, 0, i -> i < 50 ? 1000 - i * FRAME_MS : 2), 110);
        assertThat(o.played.get(0)).isGreaterThanOrEqualTo(48);
        assertThat(o.played).isEqualTo(o.expectedAllExcept(100, List.of()).subList(o.played.get(0), 100));
        assertThat(o.gaps + o.underruns).isZero();
    }

    /** The sender's clock runs 0.5% fast or slow against ours: delay stays bounded, nothing plays twice. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(doubles = {0.995, 1.005})
    void clockDriftIsAbsorbed(double senderPeriodFactor) {
        int count = 3000; // one minute
        List<Arrival> arrivals = new ArrayList<>();
        for (Arrival a : stream(count, 0, 0, i -> 2)) {
            arrivals.add(new Arrival(a.seq(), a.timestamp(), a.id() * FRAME_MS * senderPeriodFactor + 2, a.id()));
        }
        Outcome o = play(arrivals, count + 40);
        List<Integer> distinct = o.played.stream().distinct().toList();
        assertThat(distinct).isEqualTo(o.played);
        assertThat(o.played).isSorted();
        // 0.5% of a minute is 300 ms: 15 frames dropped (fast sender) or concealed (slow sender), not more.
        assertThat(count - o.played.size()).isLessThanOrEqualTo(20);
        assertThat(o.gaps + o.underruns).isLessThanOrEqualTo(20);
        assertThat(o.buffer.depthMs()).isLessThanOrEqualTo(100);
    }

    @Test
    void periodicDelaySpikesAreAbsorbedAfterTheFirstFew() {
        // Every 10th packet is 35 ms late (a busy sender or a Wi-Fi scan): the buffer grows to hold them.
        Outcome o = play(stream(500, 0, 0, i -> i % 10 == 5 ? 37 : 2), 520);
        assertThat(o.played).isSorted();
        assertThat(o.buffer.late()).isLessThanOrEqualTo(3);
        assertThat(o.played.size()).isGreaterThanOrEqualTo(497);
        assertThat(o.buffer.targetTicks()).isGreaterThanOrEqualTo(40L * CLOCK / 1000);
    }

    @Test
    void backlogShrinksTowardTheTarget() {
        // A stall of 200 ms delivers ten packets at once; afterwards the buffer drops frames to cut the delay.
        Outcome o = play(stream(200, 0, 0, i -> i < 20 ? 2 : (i < 30 ? 2 + (30 - i) * FRAME_MS : 2)), 210);
        assertThat(o.buffer.shrinkDrops()).isGreaterThanOrEqualTo(1);
        assertThat(o.buffer.depthMs()).isLessThanOrEqualTo(60);
    }
}
