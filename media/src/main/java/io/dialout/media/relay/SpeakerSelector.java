package io.dialout.media.relay;

import io.dialout.media.rtp.HeaderExtensions;
import io.dialout.media.rtp.RtpPacket;
import java.util.function.LongConsumer;

/**
 * Picks the active speaker among the input leg's audio sources (one per room participant, by SSRC) from their
 * audio levels: the RFC 6464 audio-level header extension when the room sends it (the negotiated extmap id, see
 * {@link #audioLevelId}), else levels reported by whoever decodes the audio ({@link #level}, the mixer's energy).
 * <p>
 * Hysteresis, so that the choice does not flap between people talking over each other:
 * <ul>
 * <li>each source's level (dBov) is smoothed with a time constant of {@value #SMOOTH_MS} ms;
 * <li>a source below {@value #SILENT_DBOV} dBov is silent and never chosen; one not heard for {@value #GONE_MS} ms
 *     counts as silent (it left, or stopped sending: browsers stop sending audio-level-less silence);
 * <li>with nobody shown yet, the first source that is not silent is chosen at once;
 * <li>otherwise a candidate replaces the one shown only after it has been at least {@value #LEAD_DB} dB louder
 *     (smoothed) for {@value #HOLD_MS} ms without interruption; the lead restarts when another candidate leads.
 * </ul>
 * With these numbers a clear change of speaker is followed within about 0.9 s (the smoothing's rise, then the hold),
 * which leaves the keyframe round trip well inside the 2 s a viewer tolerates. Allocates nothing per packet.
 */
public final class SpeakerSelector extends Observer {

    static final long SMOOTH_MS = 150;
    static final int SILENT_DBOV = -60;
    static final long GONE_MS = 1000;
    static final double LEAD_DB = 6;
    static final long HOLD_MS = 600;
    /** At most this many audio sources are tracked; more participants than this share the oldest slots. */
    static final int MAX_SOURCES = 64;

    private static final long MS = 1_000_000L;

    private final long[] ssrcs = new long[MAX_SOURCES];
    private final double[] smoothed = new double[MAX_SOURCES];
    private final long[] heard = new long[MAX_SOURCES];
    private int count;
    private int audioLevelId = -1;
    private int packetLevel = -1;
    private long shown = -1;
    private long leader = -1;
    private long leadSince;
    private LongConsumer listener = s -> {};

    public SpeakerSelector() {
        super("speaker-select");
    }

    /** The extmap id the room negotiated for the RFC 6464 audio level, or -1 when it sends none. */
    public void audioLevelId(int id) {
        audioLevelId = id;
    }

    /** Told of the audio SSRC of each newly chosen speaker. */
    public void onSpeaker(LongConsumer listener) {
        this.listener = listener;
    }

    @Override
    protected void observe(RtpPacket p, long now) {
        packetLevel = -1;
        if (audioLevelId > 0) {
            int level = HeaderExtensions.audioLevel(p, audioLevelId);
            packetLevel = level;
            if (level >= 0) {
                level(p.ssrc(), -level, now);
            }
        }
    }

    /**
     * The RFC 6464 level (section 3: 0-127, in -dBov) of the packet this stage saw last, or -1 when it carried none:
     * the stages after it on the same packet (the mixer's input) read it here instead of parsing the header again.
     */
    public int packetLevel() {
        return packetLevel;
    }

    /** A level measurement of one source, in dBov (0 loudest, -127 silence), at {@code now}. */
    public void level(long ssrc, double dbov, long now) {
        int i = slot(ssrc, now);
        long dt = now - heard[i];
        double a = heard[i] == 0 ? 1 : Math.min(1, (double) dt / (SMOOTH_MS * MS));
        smoothed[i] += (Math.max(-127, Math.min(0, dbov)) - smoothed[i]) * a;
        heard[i] = now == 0 ? 1 : now;
        decide(now);
    }

    private int slot(long ssrc, long now) {
        for (int i = 0; i < count; i++) {
            if (ssrcs[i] == ssrc) {
                return i;
            }
        }
        int i;
        if (count < MAX_SOURCES) {
            i = count++;
        } else {
            i = 0;
            for (int j = 1; j < count; j++) {
                if (heard[j] < heard[i]) {
                    i = j;
                }
            }
        }
        ssrcs[i] = ssrc;
        smoothed[i] = -127;
        heard[i] = 0;
        return i;
    }

    private double current(int i, long now) {
        return now - heard[i] > GONE_MS * MS ? -127 : smoothed[i];
    }

    private void decide(long now) {
        int loudest = -1;
        double best = SILENT_DBOV;
        double shownLevel = -127;
        for (int i = 0; i < count; i++) {
            double l = current(i, now);
            if (ssrcs[i] == shown) {
                shownLevel = l;
            } else if (l > best) {
                best = l;
                loudest = i;
            }
        }
        if (loudest < 0) {
            leader = -1;
            return;
        }
        long candidate = ssrcs[loudest];
        if (shown < 0) {
            show(candidate);
            return;
        }
        if (best < shownLevel + LEAD_DB) {
            leader = -1;
            return;
        }
        if (leader != candidate) {
            leader = candidate;
            leadSince = now;
        } else if (now - leadSince >= HOLD_MS * MS) {
            show(candidate);
        }
    }

    private void show(long ssrc) {
        shown = ssrc;
        leader = -1;
        listener.accept(ssrc);
    }

    /** The audio SSRC of the speaker chosen, or -1. */
    public long shown() {
        return shown;
    }

    /** The smoothed level of a source in dBov (-127 when silent, gone or unknown), for {@code /v1/calls}. */
    public double levelOf(long ssrc, long now) {
        for (int i = 0; i < count; i++) {
            if (ssrcs[i] == ssrc) {
                return current(i, now);
            }
        }
        return -127;
    }
}
