package io.dialout.media.codec;

/**
 * An adaptive jitter buffer for one received audio stream, driven by the owner's 20 ms clock.
 * <p>
 * Packets are kept in a fixed set of slots (copied: the caller's buffer is reused) and played in RTP timestamp
 * order from a playout point {@code P}. {@link #poll()} says what to do for the audio at P: play a packet, conceal
 * a gap (the packet after the gap is offered for FEC), or conceal an underrun (nothing buffered: P stays, so the
 * buffer grows by a frame, which is how it adapts upward). When the buffer holds more than the target for a while,
 * one frame is dropped (adapting downward).
 * <p>
 * The target delay follows the interarrival jitter estimate of RFC 3550 section 6.4.1, clamped to 20-60 ms.
 * Sequence numbers and timestamps are extended across wrap-around (RFC 3550 appendix A.1 style), duplicates and
 * packets older than P are dropped, and a timestamp jump (far ahead of P, or far behind it twice in a row) restarts
 * the buffer. Owned by one thread; no allocation after construction.
 */
public final class JitterBuffer {

    /** What {@link #poll()} decided. */
    public static final int IDLE = 0;
    /** Play {@link #payload()}; then call {@link #consumed(int)} with the samples it decoded to. */
    public static final int FRAME = 1;
    /** Conceal {@link #gapTicks()} of audio; {@link #payload()} is the packet after the gap (for FEC). */
    public static final int GAP = 2;
    /** Nothing buffered at P: conceal one frame, P does not move. */
    public static final int UNDERRUN = 3;

    static final int CAPACITY = 64;
    static final int MAX_PAYLOAD = 1500;
    static final int MIN_TARGET_MS = 20;
    static final int MAX_TARGET_MS = 60;
    /** A gap longer than this is not concealed frame by frame: playout jumps to the next packet. */
    static final int MAX_GAP_MS = 200;
    /** A packet this far behind P is from another stream (or a sender restart), not just late. */
    static final int RESTART_BEHIND_MS = 1000;
    /** Delay above target that is cut at once rather than a frame at a time. */
    static final int BACKLOG_MS = 200;
    /** Ticks the buffer must stay above its target before a frame is dropped. */
    static final int SHRINK_AFTER_FRAMES = 25;

    private final int clockRate;
    private final int frameTicks;
    private final int ticksPerMs;

    private final byte[][] payloads = new byte[CAPACITY][MAX_PAYLOAD];
    private final int[] lengths = new int[CAPACITY];
    private final int[] levels = new int[CAPACITY];
    private final long[] timestamps = new long[CAPACITY];
    private final long[] sequences = new long[CAPACITY];
    private final boolean[] used = new boolean[CAPACITY];
    private static final int SEEN_WINDOW = 512;
    private final long[] seenSequences = new long[SEEN_WINDOW];
    private int count;

    private boolean started;
    private long highestSeq;
    private long highestTs;
    private long firstArrivalNanos;
    private boolean haveTransit;
    private double lastTransit;
    /** Interarrival jitter in timestamp units (RFC 3550 section 6.4.1). */
    private double jitter;

    private double minTransit;
    private double peakLateness;
    private static final double MIN_TRANSIT_CREEP_MS = 0.25;
    private static final double PEAK_DECAY = 0.995;

    private boolean playing;
    private long playout;
    private int waitedFrames;
    private int aboveTargetFrames;
    private int farBehind;
    private boolean discontinuity;

    private int current = -1;
    private long gapTicks;
    /** Timestamp units concealed during underruns and not yet matched by a gap or a late packet. */
    private long expanded;

    private long received;
    private long duplicates;
    private long late;
    private long overflowDrops;
    private long shrinkDrops;
    private long restarts;
    private long jumps;

    private final int minTargetMs;

    /** A buffer with the smallest target, 20 ms (one frame). */
    public JitterBuffer(int clockRate) {
        this(clockRate, MIN_TARGET_MS);
    }

    /**
     * @param minTargetMs the least playout delay (20-60 ms): 40 ms keeps the next packet at hand when one is lost,
     *                    which Opus needs to recover the loss from in-band FEC
     */
    public JitterBuffer(int clockRate, int minTargetMs) {
        if (minTargetMs < MIN_TARGET_MS || minTargetMs > MAX_TARGET_MS) {
            throw new IllegalArgumentException("minimum target out of range: " + minTargetMs);
        }
        this.minTargetMs = minTargetMs;
        this.clockRate = clockRate;
        this.frameTicks = clockRate / 1000 * AudioFormat.FRAME_MS;
        this.ticksPerMs = clockRate / 1000;
        java.util.Arrays.fill(seenSequences, Long.MIN_VALUE);
    }

    /**
     * Adds a received payload.
     *
     * @param seq          16-bit RTP sequence number
     * @param timestamp    32-bit RTP timestamp
     * @param arrivalNanos arrival time ({@link System#nanoTime()} scale)
     * @return false when it was dropped (duplicate, late, empty or too large)
     */
    public boolean insert(int seq, long timestamp, byte[] p, int off, int len, long arrivalNanos) {
        return insert(seq, timestamp, p, off, len, arrivalNanos, -1);
    }

    /**
     * As {@link #insert(int, long, byte[], int, int, long)}, with the audio level the packet came with.
     *
     * @param audioLevel the RFC 6464 level (section 3: 0-127, in -dBov), or -1 when unknown; see {@link #level()}
     */
    public boolean insert(int seq, long timestamp, byte[] p, int off, int len, long arrivalNanos, int audioLevel) {
        if (len <= 0 || len > MAX_PAYLOAD) {
            return false;
        }
        received++;
        if (!started) {
            start(seq, timestamp, arrivalNanos);
        }
        long extSeq = highestSeq + (short) ((seq - highestSeq) & 0xFFFF);
        long extTs = highestTs + (int) ((timestamp - highestTs) & 0xFFFFFFFFL);
        if (playing && extTs < playout) {
            if (playout - extTs > (long) RESTART_BEHIND_MS * ticksPerMs && ++farBehind >= 2) {
                restart();
                start(seq, timestamp, arrivalNanos);
                extSeq = highestSeq;
                extTs = highestTs;
            } else {
                if (seen(extSeq)) {
                    duplicates++;
                } else {
                    late++;
                    markSeen(extSeq);
                    updateJitter(extTs, arrivalNanos); // a late packet is exactly what the target must learn from
                }
                return false;
            }
        }
        farBehind = 0;
        if (seen(extSeq)) {
            duplicates++;
            return false;
        }
        markSeen(extSeq);
        updateJitter(extTs, arrivalNanos);
        if (extSeq > highestSeq) {
            highestSeq = extSeq;
        }
        if (extTs > highestTs) {
            highestTs = extTs;
        }
        store(extSeq, extTs, p, off, len, audioLevel);
        return true;
    }

    private void start(int seq, long timestamp, long arrivalNanos) {
        started = true;
        highestSeq = seq & 0xFFFF;
        highestTs = timestamp & 0xFFFFFFFFL;
        firstArrivalNanos = arrivalNanos;
        haveTransit = false;
    }

    /** RFC 3550 section 6.4.1: J += (|D(i-1,i)| - J) / 16, D from the change in transit time. */
    private void updateJitter(long extTs, long arrivalNanos) {
        double arrival = (arrivalNanos - firstArrivalNanos) * 1e-9 * clockRate;
        double transit = arrival - extTs;
        if (haveTransit) {
            double d = Math.abs(transit - lastTransit);
            jitter += (d - jitter) / 16;
            // Delay spikes: lateness against the smallest recent transit (which creeps up slowly so that clock
            // drift does not read as lateness), remembered with a half-life of about three seconds.
            minTransit = Math.min(transit, minTransit + MIN_TRANSIT_CREEP_MS * ticksPerMs);
            peakLateness = Math.max(transit - minTransit, peakLateness * PEAK_DECAY);
        } else {
            minTransit = transit;
        }
        lastTransit = transit;
        haveTransit = true;
    }

    /** Recently seen extended sequence numbers, by their low bits: duplicate detection in O(1). */
    private boolean seen(long extSeq) {
        return seenSequences[(int) (extSeq & (SEEN_WINDOW - 1))] == extSeq;
    }

    private void markSeen(long extSeq) {
        seenSequences[(int) (extSeq & (SEEN_WINDOW - 1))] = extSeq;
    }

    private void store(long extSeq, long extTs, byte[] p, int off, int len, int audioLevel) {
        int slot = -1;
        for (int i = 0; i < CAPACITY; i++) {
            if (!used[i]) {
                slot = i;
                break;
            }
        }
        if (slot < 0) {
            // Full: the oldest packet goes (playout has fallen far behind; it will catch up by jumping).
            slot = earliestFrom(Long.MIN_VALUE);
            overflowDrops++;
            count--;
        }
        System.arraycopy(p, off, payloads[slot], 0, len);
        lengths[slot] = len;
        levels[slot] = audioLevel;
        sequences[slot] = extSeq;
        timestamps[slot] = extTs;
        used[slot] = true;
        count++;
    }

    /** The slot with the smallest timestamp at or after {@code from}, or -1. */
    private int earliestFrom(long from) {
        int best = -1;
        for (int i = 0; i < CAPACITY; i++) {
            if (used[i] && timestamps[i] >= from && (best < 0 || timestamps[i] < timestamps[best])) {
                best = i;
            }
        }
        return best;
    }

    /**
     * Decides what to play for the next 20 ms. Call once per frame the owner needs (more than once when packets
     * are shorter than 20 ms), then act on the answer.
     */
    public int poll() {
        current = -1;
        gapTicks = 0;
        if (!playing && !startPlayout()) {
            return IDLE;
        }
        dropStale();
        int slot = earliestFrom(playout);
        if (slot >= 0 && timestamps[slot] == playout) {
            maybeShrink(slot);
            slot = earliestFrom(playout);
        }
        if (slot < 0) {
            // Underrun: conceal now and remember it. If the packet for P turns up late, it still plays (the delay
            // has grown by the concealed time, which is how the buffer adapts upward); if it was lost, the
            // concealment already covered its time and playout moves on to the next packet.
            expanded += frameTicks;
            return UNDERRUN;
        }
        long gap = timestamps[slot] - playout;
        if (gap > 0
                && gap <= (long) MAX_GAP_MS * ticksPerMs
                && expanded < targetTicks()
                && highestTs + frameTicks - playout < targetTicks()) {
            // The packet at P is missing but the buffer holds less than the jitter says it should: the packet is
            // more likely late than lost. Wait for it (conceal, P stays) instead of declaring it lost; this is how
            // the delay grows toward the target when the jitter rises.
            expanded += frameTicks;
            current = -1;
            return UNDERRUN;
        }
        if (gap > 0 && expanded > 0) {
            long covered = Math.min(gap, expanded);
            playout += covered;
            expanded -= covered;
            gap -= covered;
        }
        if (gap > (long) MAX_GAP_MS * ticksPerMs) {
            // A long silence (DTX, hold) or a timestamp jump: concealing all of it would only add delay. The
            // decoder keeps its state: it is the same stream.
            playout = timestamps[slot];
            jumps++;
            gap = 0;
        }
        current = slot;
        if (gap == 0) {
            expanded = 0;
            return FRAME;
        }
        gapTicks = Math.min(gap, frameTicks);
        return GAP;
    }

    private boolean startPlayout() {
        if (count == 0) {
            return false;
        }
        int slot = earliestFrom(Long.MIN_VALUE);
        long depth = highestTs + frameTicks - timestamps[slot];
        waitedFrames++;
        if (depth < targetTicks() && waitedFrames <= targetTicks() / frameTicks) {
            return false;
        }
        playing = true;
        // When packets piled up before playout began (produce() not called yet), start from the newest ones that
        // fill the target, not from the oldest: old audio is not worth its delay.
        int fromTarget =
                depth > targetTicks() + 2L * frameTicks ? earliestFrom(highestTs + frameTicks - targetTicks()) : -1;
        playout = timestamps[fromTarget >= 0 ? fromTarget : slot];
        discontinuity = true;
        return true;
    }

    /** Drops packets left behind P: skipped when playout started late or cut a backlog (counted as shrink drops). */
    private void dropStale() {
        for (int i = 0; i < CAPACITY; i++) {
            if (used[i] && timestamps[i] < playout) {
                used[i] = false;
                count--;
                shrinkDrops++;
            }
        }
    }

    /**
     * Adapting downward: when the buffer stays two frames above target for a while, skip the frame at P; when it
     * is far above (a backlog after a stall), jump to the packets that fill the target at once.
     */
    private void maybeShrink(int slot) {
        long depth = highestTs + frameTicks - playout;
        if (depth > targetTicks() + (long) BACKLOG_MS * ticksPerMs) {
            int newest = earliestFrom(highestTs + frameTicks - targetTicks());
            if (newest >= 0 && timestamps[newest] > playout) {
                playout = timestamps[newest];
                shrinkDrops++;
                aboveTargetFrames = 0;
                return;
            }
        }
        if (depth >= targetTicks() + 2L * frameTicks) {
            if (++aboveTargetFrames >= SHRINK_AFTER_FRAMES) {
                aboveTargetFrames = 0;
                used[slot] = false;
                count--;
                playout += frameTicks;
                shrinkDrops++;
            }
        } else {
            aboveTargetFrames = 0;
        }
    }

    /** The packet to decode ({@link #FRAME}) or the packet after the gap ({@link #GAP}, for FEC). */
    public byte[] payload() {
        return current < 0 ? null : payloads[current];
    }

    public int payloadLength() {
        return current < 0 ? 0 : lengths[current];
    }

    /** The audio level {@link #payload()} was inserted with (RFC 6464, -dBov), or -1 when unknown. */
    public int level() {
        return current < 0 ? -1 : levels[current];
    }

    /** For {@link #GAP}: the packet after the gap follows it directly, so its FEC data covers the lost frame. */
    public boolean nextFollowsGap() {
        return current >= 0 && timestamps[current] - playout <= frameTicks;
    }

    /** For {@link #GAP}: timestamp units to conceal now (at most one frame). */
    public long gapTicks() {
        return gapTicks;
    }

    /** The packet from the last {@link #FRAME} was decoded into {@code ticks} timestamp units of audio. */
    public void consumed(long ticks) {
        if (current >= 0) {
            used[current] = false;
            count--;
            current = -1;
        }
        playout += Math.max(ticks, 1);
    }

    /** After a {@link #GAP}: {@code ticks} of concealment were played. */
    public void concealed(long ticks) {
        current = -1;
        playout += ticks;
    }

    /** True once after playout (re)started or jumped: the decoder should not assume continuity. */
    public boolean takeDiscontinuity() {
        boolean d = discontinuity;
        discontinuity = false;
        return d;
    }

    /** Forgets everything (new SSRC, new stream). */
    public void restart() {
        for (int i = 0; i < CAPACITY; i++) {
            used[i] = false;
        }
        count = 0;
        playing = false;
        started = false;
        waitedFrames = 0;
        aboveTargetFrames = 0;
        farBehind = 0;
        java.util.Arrays.fill(seenSequences, Long.MIN_VALUE);
        jitter = 0;
        peakLateness = 0;
        current = -1;
        expanded = 0;
        restarts++;
    }

    /**
     * Target playout delay in timestamp units: a frame plus the larger of three times the jitter and the recent
     * peak lateness (spikes that the smoothed jitter understates), within [minimum, 60 ms].
     */
    public long targetTicks() {
        long target = frameTicks + Math.round(Math.max(3 * jitter, peakLateness));
        return Math.max((long) minTargetMs * ticksPerMs, Math.min((long) MAX_TARGET_MS * ticksPerMs, target));
    }

    public double jitterMs() {
        return jitter / ticksPerMs;
    }

    public boolean playing() {
        return playing;
    }

    /** Audio buffered ahead of P, in ms (0 when empty). */
    public double depthMs() {
        return count == 0 ? 0 : (highestTs + frameTicks - playout) / (double) ticksPerMs;
    }

    public int size() {
        return count;
    }

    public long received() {
        return received;
    }

    public long duplicates() {
        return duplicates;
    }

    public long late() {
        return late;
    }

    public long overflowDrops() {
        return overflowDrops;
    }

    /** Packets skipped to bring the delay down to the target (a frame at a time, or a backlog at once). */
    public long shrinkDrops() {
        return shrinkDrops;
    }

    /** Restarts: new stream (SSRC change, timestamps far behind the playout point). */
    public long restarts() {
        return restarts;
    }

    /** Forward jumps over gaps longer than {@link #MAX_GAP_MS}. */
    public long jumps() {
        return jumps;
    }

    long playoutTimestamp() {
        return playout;
    }
}
