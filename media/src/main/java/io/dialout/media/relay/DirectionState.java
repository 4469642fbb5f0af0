package io.dialout.media.relay;

import io.dialout.media.dtmf.DtmfSender;
import io.dialout.media.rtp.RtpReceiveStats;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What the stages of one direction share, in one place: the negotiated configuration, the receive statistics of
 * the sources the input leg sends, the streams we send on the output leg, and the RFC 4733 events we originate
 * there. Stages get it at assembly; each reads what it needs and the owner of each part is named below. Owned by
 * the call's I/O thread.
 */
public final class DirectionState {

    /** Which of the output leg's streams. */
    public enum Media {
        AUDIO,
        VIDEO
    }

    private final long audioSsrc;
    private final long videoSsrc;
    private DirectionConfig config;
    private RtpReceiveStats audioStats;
    private RtpReceiveStats videoStats;
    private OutboundStream audioOut;
    private OutboundStream videoOut;
    private DtmfSender dtmf;
    private long inAudioSsrc = -1;
    private long inVideoSsrc = -1;
    private long pendingVideo = -1;
    private RoomSources sources = RoomSources.SINGLE;

    /** @param audioSsrc the SSRCs we send with on the output leg */
    public DirectionState(long audioSsrc, long videoSsrc) {
        this.audioSsrc = audioSsrc;
        this.videoSsrc = videoSsrc;
    }

    /** Applies a (new) negotiation result; keeps the outgoing sequence continuous across a change of clock. */
    public void configure(DirectionConfig c) {
        DirectionConfig old = config;
        config = c;
        int inClock = Math.max(1, c.in().audio().clockRate());
        if (audioStats == null || audioStats.clockRate() != inClock) {
            audioStats = new RtpReceiveStats(inClock);
        }
        if (videoStats == null) {
            videoStats = new RtpReceiveStats(90_000);
        }
        if (audioOut == null
                || old == null
                || old.out().audio().clockRate() != c.out().audio().clockRate()) {
            int seq = audioOut == null ? randomSeq() : audioOut.nextSequenceHint();
            audioOut = new OutboundStream(audioSsrc, Math.max(1, c.out().audio().clockRate()), seq, randomTs());
        }
        if (videoOut == null) {
            videoOut = new OutboundStream(videoSsrc, 90_000, randomSeq(), randomTs());
        }
    }

    private static int randomSeq() {
        return ThreadLocalRandom.current().nextInt(0x10000);
    }

    private static long randomTs() {
        return ThreadLocalRandom.current().nextLong(0x1_0000_0000L);
    }

    /** The current configuration, null before the first one (every stage runs only after it). */
    public DirectionConfig config() {
        return config;
    }

    public OutboundStream out(Media media) {
        return media == Media.AUDIO ? audioOut : videoOut;
    }

    public OutboundStream audioOut() {
        return audioOut;
    }

    public OutboundStream videoOut() {
        return videoOut;
    }

    /** Statistics of the input leg's audio source (its audio, telephone-event and CN packets: one SSRC). */
    public RtpReceiveStats audioStats() {
        return audioStats;
    }

    public RtpReceiveStats videoStats() {
        return videoStats;
    }

    /** The room's sources (room-to-SIP in a meeting); {@link RoomSources#SINGLE} otherwise. */
    public RoomSources sources() {
        return sources;
    }

    public void sources(RoomSources s) {
        sources = s == null ? RoomSources.SINGLE : s;
    }

    /** SSRC of the input leg's audio (-1 before any); set by the receive statistics. */
    public long inputAudioSsrc() {
        return inAudioSsrc;
    }

    /** SSRC of the input leg's video (-1 before any), the target of the PLI/FIR we send that leg. */
    public long inputVideoSsrc() {
        return inVideoSsrc;
    }

    /** The room video source the video switch waits for (its keyframe), -1 when none: it must get through. */
    long pendingVideo() {
        return pendingVideo;
    }

    void pendingVideo(long ssrc) {
        pendingVideo = ssrc;
    }

    void inputAudioSsrc(long ssrc) {
        inAudioSsrc = ssrc;
    }

    void inputVideoSsrc(long ssrc) {
        inVideoSsrc = ssrc;
    }

    /**
     * Queues digits to send to the output leg as RFC 4733 events (sent on the tick by the DTMF source, in place of
     * audio while an event lasts).
     *
     * @return false when the output leg has no telephone-event or the digits are not DTMF
     */
    public boolean sendDigits(String digits, int durationMs) {
        if (config == null || !config.out().event().negotiated()) {
            return false;
        }
        int clock = Math.max(8000, config.out().event().clockRate());
        if (dtmf == null || dtmf.isIdle()) {
            dtmf = new DtmfSender(clock);
        }
        try {
            dtmf.enqueue(digits, durationMs);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Our own event is under way on the output leg's audio stream (RFC 4733 section 2.5.1.2: it replaces audio). */
    public boolean ownEventActive() {
        return dtmf != null && dtmf.isActive();
    }

    /** The events we originate, or null when none were ever queued. */
    DtmfSender dtmf() {
        return dtmf;
    }
}
