package io.dialout.media.relay;

import io.dialout.media.rtp.RtpPacket;
import java.util.function.LongConsumer;

/**
 * Lets exactly one of the input leg's video sources through to the output leg: the active speaker's. A switch is
 * asked for with {@link #show}; the source shown so far keeps going out until the new one's keyframe arrives (a
 * decoder cannot start on a delta frame), which is asked for with a keyframe request (PLI, RFC 4585 section 6.3.1;
 * FIR, RFC 5104 section 4.3.1, where negotiated) at once and again every {@value #RETRY_MS} ms while it does not
 * come. The first packet of that keyframe makes the switch; from then on the old source is dropped.
 * <p>
 * The output stays one stream: the next stage ({@link HeaderRewrite}) sends everything with our one SSRC, and its
 * {@link OutboundStream} re-bases sequence numbers and timestamps on each change of source SSRC, so the receiver
 * sees the sequence go on by one and the timestamp go on with the wall clock (RFC 3550 section 5.1).
 * <p>
 * A one-participant room ({@link RoomSources#SINGLE}) passes its video untouched, whatever its SSRC.
 */
public final class VideoSwitch extends Transformer {

    /** How the video codec marks a keyframe's first packet. */
    public enum Codec {
        VP8,
        H264,
        /** Unknown payload: the switch happens {@value #BLIND_SWITCH_MS} ms after the request. */
        OTHER
    }

    static final long RETRY_MS = 500;
    static final long BLIND_SWITCH_MS = 1000;
    private static final long MS = 1_000_000L;

    private Codec codec = Codec.VP8;
    private long shown = -1;
    private long pending = -1;
    private long requestedAt;
    private long retriedAt;
    private long switches;
    private LongConsumer keyframeRequest = s -> {};

    private final DirectionState state;

    /** A switch on its own (tests). */
    public VideoSwitch() {
        this(null);
    }

    /**
     * @param state where the room's sources are (the {@code sources} stage lets through the video shown and the one
     *     waited for; this stage tells it which)
     */
    public VideoSwitch(DirectionState state) {
        super("video-switch");
        this.state = state;
    }

    private void pending(long ssrc) {
        pending = ssrc;
        if (state != null) {
            state.pendingVideo(ssrc);
        }
    }

    private void shown(long ssrc) {
        shown = ssrc;
        if (state != null && state.sources() != null && state.sources() != RoomSources.SINGLE) {
            RoomSource s = state.sources().find(ssrc);
            if (s != null && s != state.sources().shownVideo()) {
                state.sources(state.sources().showing(s));
            }
        }
    }

    public void codec(Codec codec) {
        this.codec = codec;
    }

    /** What asks the input leg for a keyframe of one video SSRC. */
    public void onKeyframeNeeded(LongConsumer keyframeRequest) {
        this.keyframeRequest = keyframeRequest;
    }

    /** Asks for {@code videoSsrc} to be shown from its next keyframe on. */
    public void show(long videoSsrc, long now) {
        if (videoSsrc == shown) {
            pending(-1);
            return;
        }
        if (shown < 0) {
            shown(videoSsrc); // nothing out yet: the receiver waits for a keyframe anyway (KeyframeOnStart asks)
            pending(-1);
            return;
        }
        if (videoSsrc != pending) {
            pending(videoSsrc);
            requestedAt = now;
            retriedAt = now;
            keyframeRequest.accept(videoSsrc);
        }
    }

    @Override
    protected boolean transform(RtpPacket p, long now) {
        long ssrc = p.ssrc();
        if (pending < 0 && state != null && state.sources() == RoomSources.SINGLE) {
            return true; // a one-participant room: its video passes whatever its SSRC, as before meetings
        }
        if (pending >= 0) {
            if (ssrc == pending) {
                if (isKeyframeStart(p) || (codec == Codec.OTHER && now - requestedAt >= BLIND_SWITCH_MS * MS)) {
                    shown(pending);
                    pending(-1);
                    switches++;
                    return true;
                }
                return false;
            }
            if (now - retriedAt >= RETRY_MS * MS) { // the blind switch still counts from the first request
                retriedAt = now;
                keyframeRequest.accept(pending);
            }
        }
        if (shown < 0) {
            shown(ssrc);
        }
        return ssrc == shown;
    }

    /** The video SSRC going out (-1 before any). */
    public long shown() {
        return shown;
    }

    /** The SSRC waited for (its keyframe), or -1. */
    public long pending() {
        return pending;
    }

    public long switches() {
        return switches;
    }

    /** Whether the packet is the first of a keyframe, for the codec set. */
    boolean isKeyframeStart(RtpPacket p) {
        return switch (codec) {
            case VP8 -> vp8KeyframeStart(p.buffer(), p.payloadOffset(), p.payloadLength());
            case H264 -> h264KeyframeStart(p.buffer(), p.payloadOffset(), p.payloadLength());
            case OTHER -> false;
        };
    }

    /**
     * RFC 7741 section 4.2 (payload descriptor: X, S, PID; then the optional I/L/T/K bytes) and section 4.3 (the
     * payload header's P bit is 0 on a key frame, RFC 6386 section 9.1), on the first packet of partition 0.
     */
    static boolean vp8KeyframeStart(byte[] b, int off, int len) {
        if (len < 1) {
            return false;
        }
        int d0 = b[off] & 0xff;
        boolean start = (d0 & 0x10) != 0;
        int pid = d0 & 0x07;
        if (!start || pid != 0) {
            return false;
        }
        int i = off + 1;
        if ((d0 & 0x80) != 0) { // X
            if (len < 2) {
                return false;
            }
            int x = b[i++] & 0xff;
            if ((x & 0x80) != 0) { // I: PictureID, 7 or 15 bits
                if (i >= off + len) {
                    return false;
                }
                i += (b[i] & 0x80) != 0 ? 2 : 1;
            }
            if ((x & 0x40) != 0) { // L: TL0PICIDX
                i++;
            }
            if ((x & 0x30) != 0) { // T or K: TID/Y/KEYIDX
                i++;
            }
        }
        return i < off + len && (b[i] & 0x01) == 0;
    }

    /**
     * RFC 6184 section 5: an IDR slice (type 5) or a sequence parameter set (type 7, which an encoder sends before
     * an IDR) in a single NAL unit packet, the first unit of a STAP-A (type 24, section 5.7.1), or the start of an
     * FU-A (type 28, S bit set, section 5.8).
     */
    static boolean h264KeyframeStart(byte[] b, int off, int len) {
        if (len < 2) {
            return false;
        }
        int type = b[off] & 0x1f;
        if (type == 24) {
            return len >= 4 && isIdrOrSps(b[off + 3] & 0x1f);
        }
        if (type == 28) {
            int fu = b[off + 1] & 0xff;
            return (fu & 0x80) != 0 && isIdrOrSps(fu & 0x1f);
        }
        return isIdrOrSps(type);
    }

    private static boolean isIdrOrSps(int nalType) {
        return nalType == 5 || nalType == 7;
    }
}
