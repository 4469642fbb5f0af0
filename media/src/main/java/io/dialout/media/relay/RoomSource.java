package io.dialout.media.relay;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One participant's track in a meeting room (an m-line of the room's offer, or one of several SSRCs on one m-line):
 * what the negotiation said about it, and what the call's I/O thread measures of it. The measured fields are written
 * by the I/O thread only, with opaque stores, so anyone may read them ({@code /v1/calls}, the speaker switch).
 */
public final class RoomSource {

    /** Audio or video. */
    public enum Kind {
        AUDIO,
        VIDEO
    }

    /** The level of a source that sends nothing or only silence: RFC 6464's lowest, -127 dBov. */
    public static final int SILENT_DBOV = -127;

    private static final VarHandle PACKETS;
    private static final VarHandle LAST_NANOS;
    private static final VarHandle LEVEL;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            PACKETS = l.findVarHandle(RoomSource.class, "packets", long.class);
            LAST_NANOS = l.findVarHandle(RoomSource.class, "lastPacketNanos", long.class);
            LEVEL = l.findVarHandle(RoomSource.class, "level", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Kind kind;
    private final String mid;
    private final String msid;
    private final long ssrc;
    private final boolean main;

    private long packets;
    private long lastPacketNanos;
    private int level = SILENT_DBOV;

    /**
     * @param mid  the m-line's mid (RFC 8843), null when the offer had none
     * @param msid the participant's MediaStream id (RFC 8830), null when not named
     * @param ssrc the source's SSRC, -1 when the offer signalled none
     * @param main on the first m-line of its kind (the one the phone's media goes out on)
     */
    public RoomSource(Kind kind, String mid, String msid, long ssrc, boolean main) {
        this.kind = kind;
        this.mid = mid;
        this.msid = msid;
        this.ssrc = ssrc;
        this.main = main;
    }

    public Kind kind() {
        return kind;
    }

    public boolean isAudio() {
        return kind == Kind.AUDIO;
    }

    public String mid() {
        return mid;
    }

    public String msid() {
        return msid;
    }

    public long ssrc() {
        return ssrc;
    }

    public boolean main() {
        return main;
    }

    /** RTP packets received from this source. */
    public long packets() {
        return (long) PACKETS.getOpaque(this);
    }

    /** Arrival time of its last packet ({@link System#nanoTime()} scale), 0 before any. */
    public long lastPacketNanos() {
        return (long) LAST_NANOS.getOpaque(this);
    }

    /**
     * Audio level of the last 20 ms frame in dBov (0 loudest, {@link #SILENT_DBOV} silent, the scale of RFC 6464
     * section 3), set where the audio is decoded (the mixer); {@link #SILENT_DBOV} for video and unmixed audio.
     */
    public int level() {
        return (int) LEVEL.getOpaque(this);
    }

    void received(long nowNanos) {
        PACKETS.setOpaque(this, packets + 1);
        LAST_NANOS.setOpaque(this, nowNanos);
    }

    /** Set by the I/O thread that decodes this source. */
    public void level(int dbov) {
        LEVEL.setOpaque(this, dbov);
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + "[mid=" + mid + " msid=" + msid + " ssrc=" + ssrc
                + (main ? " main" : "") + "]";
    }
}
