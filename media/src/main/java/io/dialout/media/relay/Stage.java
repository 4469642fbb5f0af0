package io.dialout.media.relay;

import io.dialout.media.rtp.RtpPacket;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A node of a direction's pipeline, with its own counters: how many packets reached it and how many it dropped.
 * There are four kinds, each with one contract: a {@link Transformer} passes the packet on or drops it, an
 * {@link Observer} only looks, a {@link Demuxer} picks the {@link Path} the packet takes next, a {@link Source}
 * originates packets on the tick. The kind's base class does the counting, so a stage only says what it does.
 * <p>
 * A stage belongs to one pipeline and runs on that call's I/O thread only. The counters are single-writer fields
 * written with opaque stores (a plain store on common hardware, but never torn and eventually visible), so other
 * threads can read them for {@code /v1/calls} and the metrics without any synchronisation on the packet path.
 */
public abstract sealed class Stage permits Transformer, Observer, Demuxer, Source {

    private static final VarHandle IN;
    private static final VarHandle DROPPED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            IN = l.findVarHandle(Stage.class, "in", long.class);
            DROPPED = l.findVarHandle(Stage.class, "dropped", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    private long in;
    private long dropped;

    Stage(String name) {
        this.name = name;
    }

    /**
     * Runs this stage on the packet.
     *
     * @return true when the packet goes on to the next stage of the path; false when it stopped here (dropped, or
     *     handed to another path by a demuxer)
     */
    abstract boolean process(RtpPacket packet, long nowNanos);

    final void countIn() {
        IN.setOpaque(this, in + 1);
    }

    final void countDropped() {
        DROPPED.setOpaque(this, dropped + 1);
    }

    public final String name() {
        return name;
    }

    /** Packets that reached this stage (for a source: packets it originated). */
    public final long packetsIn() {
        return (long) IN.getOpaque(this);
    }

    /** Packets that stopped here without going on. */
    public final long packetsDropped() {
        return (long) DROPPED.getOpaque(this);
    }

    @Override
    public String toString() {
        return name + "[in=" + packetsIn() + " dropped=" + packetsDropped() + "]";
    }
}
