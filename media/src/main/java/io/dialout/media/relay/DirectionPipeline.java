package io.dialout.media.relay;

import io.dialout.media.CallMediaStats;
import io.dialout.media.relay.DirectionState.Media;
import io.dialout.media.rtp.RtpPacket;
import io.dialout.media.rtp.RtpReceiveStats;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.LongConsumer;

/**
 * One direction of a call (room to SIP, or SIP to room): the paths its packets take, assembled in one place from
 * one-file stages (see {@link Stage} for the contract, docs/architecture.md for the diagram). A new stage is one new
 * file and one line in {@link #DirectionPipeline the assembly}. The pipeline itself holds no packet logic. Owned
 * by the call's I/O thread: every method but {@link #stages()} (whose counters anyone may read) runs there.
 */
public final class DirectionPipeline {

    private final String name;
    private final LegCounters inCounters;
    private final LegCounters outCounters;
    private final DirectionState state;
    private final RtpPacket view = new RtpPacket();

    private final Path rtpIn;
    private final Path transcodeTick;
    private final Path eventTick;
    private final TranscodeOutput transcodeOut;
    private final EventOutput eventOut;
    private final Send sendVideo;
    private final KeyframeOnStart keyframes;
    private final SpeakerSelector speakers;
    private final VideoSwitch videoSwitch;
    private final DelayRecorder delay;
    private final List<Stage> stages;

    /**
     * @param sink where packets leave for the output leg (video too, unless {@link #setVideoSink} says otherwise)
     * @param audioSsrc the SSRCs we send with on the output leg
     * @param digitListener told of each digit the input leg sends as telephone-events, with whether it was
     *     forwarded to the output leg
     */
    public DirectionPipeline(
            String name,
            PacketSink sink,
            LegCounters inCounters,
            LegCounters outCounters,
            long audioSsrc,
            long videoSsrc,
            BiConsumer<Character, Boolean> digitListener) {
        this.name = name;
        this.inCounters = inCounters;
        this.outCounters = outCounters;
        DirectionState s = new DirectionState(audioSsrc, videoSsrc);
        this.state = s;
        Send sendAudio = new Send(s, Media.AUDIO, sink, outCounters);
        sendVideo = new Send(s, Media.VIDEO, sink, outCounters);
        keyframes = new KeyframeOnStart(s);
        speakers = new SpeakerSelector();
        videoSwitch = new VideoSwitch(s);
        delay = new DelayRecorder();
        transcodeOut = new TranscodeOutput(s);
        eventOut = new EventOutput(s);

        // ---- the assembly: reads like the diagram in docs/architecture.md
        Path passThrough = new Path("audio", new OwnEventFirst(s), new HeaderRewrite(s, Media.AUDIO), sendAudio, delay);
        Path transcode = new Path("audio-transcode", new TranscodeInput(s));
        Path mix = new Path("audio-mix", new MixInput(s, speakers));
        Path audio = new Path("audio-mode", speakers, new AudioModeDemux(s, passThrough, transcode, mix));
        Path event = new Path("event", new EventDigits(s, digitListener), new EventRewrite(s), sendAudio);
        Path video = new Path("video", videoSwitch, new HeaderRewrite(s, Media.VIDEO), keyframes, sendVideo, delay);
        rtpIn = new Path(
                "rtp-in", new ReceiveStatistics(s), new SourceSelect(s), new PayloadDemux(s, audio, event, video));
        transcodeTick = new Path("transcoded", sendAudio);
        eventTick = new Path("dtmf", sendAudio);
        // ----

        stages = collect(List.of(rtpIn), List.of(transcodeOut, eventOut));
    }

    /** Every stage once, in the order a packet meets them, then the tick's sources. */
    private static List<Stage> collect(List<Path> roots, List<Stage> sources) {
        Set<Stage> seen = new LinkedHashSet<>();
        List<Path> todo = new ArrayList<>(roots);
        for (int i = 0; i < todo.size(); i++) {
            for (Stage st : todo.get(i).stages()) {
                seen.add(st);
                if (st instanceof Demuxer d) {
                    todo.addAll(List.of(d.paths()));
                }
            }
        }
        seen.addAll(sources);
        return List.copyOf(seen);
    }

    /** Where to record how long each forwarded (pass-through) packet stayed in the gateway; null: nowhere. */
    public void recordDelays(RelayDelays delays) {
        delay.recordTo(delays);
    }

    /** Where video goes when it leaves by other sockets than audio (the SIP leg's video m-line). */
    public void setVideoSink(PacketSink videoSink) {
        sendVideo.sink(videoSink);
    }

    /** Called when video starts flowing to the output leg, which then needs a keyframe to start decoding. */
    public void onVideoStart(Runnable keyframeNeeded) {
        keyframes.onStart(keyframeNeeded);
    }

    /**
     * The input leg's participants: who speaks is chosen from their audio levels (the RFC 6464 extension with
     * {@code audioLevelId}, -1 when the leg sends none; else {@link #audioLevel}) and {@code speaker} is told of each
     * new choice (its audio SSRC); the caller answers with {@link #showVideo}.
     */
    public void onSpeaker(int audioLevelId, LongConsumer speaker) {
        speakers.audioLevelId(audioLevelId);
        speakers.onSpeaker(speaker);
    }

    /** A level of one audio source measured by whoever decodes it (dBov), when the leg sends no RFC 6464 level. */
    public void audioLevel(long audioSsrc, double dbov, long nowNanos) {
        speakers.level(audioSsrc, dbov, nowNanos);
    }

    /**
     * Sends {@code videoSsrc}'s video to the output leg from its next keyframe on, which {@code keyframeNeeded} asks
     * the input leg for (with the SSRC to ask).
     */
    public void showVideo(long videoSsrc, long nowNanos) {
        videoSwitch.show(videoSsrc, nowNanos);
    }

    /** What asks the input leg for a keyframe of one of its video sources, at a switch of speaker. */
    public void onSwitchKeyframe(LongConsumer keyframeNeeded) {
        videoSwitch.onKeyframeNeeded(keyframeNeeded);
    }

    /** Sets the video codec both legs use, for finding keyframes at a switch. */
    public void videoCodec(VideoSwitch.Codec codec) {
        videoSwitch.codec(codec);
    }

    /** The audio SSRC of the speaker chosen, or -1 (any thread: may be a moment stale). */
    public long speaker() {
        return speakers.shown();
    }

    /** The input video SSRC on the output leg, or -1. */
    public long shownVideo() {
        return videoSwitch.shown();
    }

    /** The smoothed level of an input audio source, dBov (-127 silent or unknown). */
    public double levelOf(long audioSsrc, long nowNanos) {
        return speakers.levelOf(audioSsrc, nowNanos);
    }

    /** Applies a (new) negotiation result. Keeps the outgoing sequence continuous across changes. */
    public void configure(DirectionConfig c) {
        state.configure(c);
    }

    public DirectionConfig config() {
        return state.config();
    }

    /** The room's sources in a meeting (set on the room-to-SIP direction; a re-offer installs new ones). */
    public void sources(RoomSources sources) {
        state.sources(sources);
    }

    public RoomSources sources() {
        return state.sources();
    }

    /** See {@link DirectionState#sendDigits}. */
    public boolean sendDigits(String digits, int durationMs) {
        return state.sendDigits(digits, durationMs);
    }

    /**
     * One RTP packet from the input leg, already decrypted, at {@code buf[0, len)}; the buffer has 64 spare bytes
     * after the packet and may be rewritten in place.
     */
    public void onRtp(byte[] buf, int len, long nowNanos) {
        inCounters.rtpReceived(len, nowNanos);
        if (state.config() != null && view.wrap(buf, 0, len)) {
            rtpIn.accept(view, nowNanos);
        }
    }

    /** The 20 ms tick: one transcoded frame, and the next packet of DTMF we originate. */
    public void tick(byte[] work, long nowNanos) {
        if (state.config() != null) {
            transcodeOut.tick(view, work, nowNanos, transcodeTick);
            eventOut.tick(view, work, nowNanos, eventTick);
        }
    }

    /** Publishes loss and jitter of the input leg's audio into its counters. */
    public void publishQuality() {
        publishQuality(System.nanoTime());
    }

    public void publishQuality(long nowNanos) {
        RtpReceiveStats a = state.audioStats();
        if (a != null) {
            inCounters.quality(a.cumulativeLost(), a.received(), a.jitterMillis(), nowNanos);
        }
    }

    /** The counters of the leg this direction sends to (where that leg's reports about our packets go). */
    public LegCounters outCounters() {
        return outCounters;
    }

    public RtpReceiveStats audioStats() {
        return state.audioStats();
    }

    public RtpReceiveStats videoStats() {
        return state.videoStats();
    }

    public OutboundStream audioOut() {
        return state.audioOut();
    }

    public OutboundStream videoOut() {
        return state.videoOut();
    }

    /** SSRC of the video the input leg sends (-1 before any), the target of PLI/FIR we send to that leg. */
    public long inputVideoSsrc() {
        return state.inputVideoSsrc();
    }

    public long inputAudioSsrc() {
        return state.inputAudioSsrc();
    }

    public boolean sentAnything() {
        return outCounters.packetsSent() > 0;
    }

    /** The stages, each once, in the order packets meet them, then the tick's sources. Readable from any thread. */
    public List<Stage> stages() {
        return stages;
    }

    /** A snapshot of the stages' counters (from any thread), for {@code /v1/calls} and the metrics. */
    public List<CallMediaStats.StageStats> stageStats() {
        List<CallMediaStats.StageStats> out = new ArrayList<>(stages.size());
        for (Stage st : stages) {
            out.add(new CallMediaStats.StageStats(st.name(), st.packetsIn(), st.packetsDropped()));
        }
        return out;
    }

    /** The names of a direction's stages, in {@link #stages()} order (the same for both directions). */
    public static List<String> stageNames() {
        PacketSink nowhere = new PacketSink() {
            @Override
            public boolean ready() {
                return false;
            }

            @Override
            public boolean sendRtp(byte[] buf, int off, int len) {
                return false;
            }

            @Override
            public boolean sendRtcp(byte[] buf, int off, int len) {
                return false;
            }
        };
        DirectionPipeline p =
                new DirectionPipeline("names", nowhere, new LegCounters(), new LegCounters(), 0, 0, (d, f) -> {});
        return p.stages.stream().map(Stage::name).toList();
    }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name + stages;
    }
}
