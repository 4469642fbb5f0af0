package io.dialout.media.relay;

import io.dialout.media.dtmf.DtmfReceiver;
import io.dialout.media.dtmf.DtmfSender;
import io.dialout.media.rtp.Bytes;
import io.dialout.media.rtp.RtpPacket;
import io.dialout.media.rtp.RtpReceiveStats;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * One direction of a call (room to SIP, or SIP to room), assembled from small stages:
 * <pre>
 *   in RTP ─▶ demux by PT ─┬─ audio ─▶ stats ─▶ [rewrite SSRC/PT/seq/ts] or [transcoder ◀ tick] ─┐
 *                          ├─ event ─▶ detect digit (once) ─▶ rescale clock ───────────────────┼─▶ gate ─▶ sink
 *                          └─ video ─▶ stats ─▶ rewrite SSRC/PT/seq/ts ─────────────────────────┘
 * </pre>
 * Owned by the call's I/O thread: every method runs there.
 */
public final class DirectionPipeline {

    private final String name;
    private final PacketSink sink;
    private PacketSink videoSink;
    private Runnable keyframeNeeded = () -> {};
    private boolean videoForwarding;
    private long videoForwardingSince;
    private int keyframeRetries;
    /** Extra keyframe requests after forwarding starts (ms after the start): the first one, or the keyframe it asks
     * for, can be lost while both legs come up, and without a keyframe the receiver decodes nothing. */
    private static final long[] KEYFRAME_RETRY_MS = {500, 1500, 3500};

    private final LegCounters inCounters;
    private final LegCounters outCounters;
    private final long audioSsrc;
    private final long videoSsrc;
    private final BiConsumer<Character, Boolean> digitListener;
    private final RtpPacket view = new RtpPacket();

    private final PayloadDemux demux;
    private final Rewrite audioRewrite = new Rewrite("audio-rewrite");
    private final Rewrite videoRewrite = new Rewrite("video-rewrite");
    private final TranscodeInput transcodeInput = new TranscodeInput();
    private final EventRelay eventRelay = new EventRelay();
    private final Gate gate = new Gate();
    private RelayDelays delays;

    private DirectionConfig config;
    private RtpReceiveStats audioStats;
    private RtpReceiveStats videoStats;
    private OutboundStream audioOut;
    private OutboundStream videoOut;
    private final DtmfReceiver receiver = new DtmfReceiver();
    private DtmfSender sender;
    /** How long a room digit queued behind our own DTMF lasts when we send it (its own length is not known yet). */
    private static final int QUEUED_DIGIT_MS = 100;

    private boolean audioMarkerPending = true;
    private long inVideoSsrc = -1;
    private long inAudioSsrc = -1;

    /**
     * @param digitListener told of each digit the input leg sends as telephone-events, with whether it was
     *                      forwarded to the output leg
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
        this.sink = sink;
        this.videoSink = sink;
        this.inCounters = inCounters;
        this.outCounters = outCounters;
        this.audioSsrc = audioSsrc;
        this.videoSsrc = videoSsrc;
        this.digitListener = digitListener;
        this.demux = new PayloadDemux(name + "/demux");
    }

    /** Where to record how long each forwarded (pass-through) packet stayed in the gateway; null: nowhere. */
    public void recordDelays(RelayDelays delays) {
        this.delays = delays;
    }

    /** Where video goes when it leaves by other sockets than audio (the SIP leg's video m-line). */
    public void setVideoSink(PacketSink videoSink) {
        this.videoSink = videoSink;
    }

    /** Called when video starts flowing to the output leg, which then needs a keyframe to start decoding. */
    public void onVideoStart(Runnable keyframeNeeded) {
        this.keyframeNeeded = keyframeNeeded;
    }

    /** Applies a (new) negotiation result. Keeps the outgoing sequence continuous across changes. */
    public void configure(DirectionConfig c) {
        DirectionConfig old = this.config;
        this.config = c;
        if (old == null || old.outVideoPt() != c.outVideoPt()) {
            videoForwarding = false;
        }
        demux.configure(c.inAudioPt(), c.inEventPt(), c.inVideoPt());
        if (audioStats == null || audioStats.clockRate() != c.inAudioClock()) {
            audioStats = new RtpReceiveStats(Math.max(1, c.inAudioClock()));
        }
        if (videoStats == null) {
            videoStats = new RtpReceiveStats(90_000);
        }
        if (audioOut == null || old == null || old.outAudioClock() != c.outAudioClock()) {
            int seq = audioOut == null ? randomSeq() : audioOut.nextSequenceHint();
            audioOut = new OutboundStream(audioSsrc, Math.max(1, c.outAudioClock()), seq, randomTs());
            audioMarkerPending = true;
        }
        if (videoOut == null) {
            videoOut = new OutboundStream(videoSsrc, 90_000, randomSeq(), randomTs());
        }
    }

    private static int randomSeq() {
        return java.util.concurrent.ThreadLocalRandom.current().nextInt(0x10000);
    }

    private static long randomTs() {
        return java.util.concurrent.ThreadLocalRandom.current().nextLong(0x1_0000_0000L);
    }

    public DirectionConfig config() {
        return config;
    }

    /**
     * Queues digits to send to the output leg as RFC 4733 events (sent on the tick, in place of audio while an event
     * lasts).
     *
     * @return false when the output leg has no telephone-event or the digits are not DTMF
     */
    public boolean sendDigits(String digits, int durationMs) {
        if (config == null || config.outEventPt() < 0) {
            return false;
        }
        int clock = Math.max(8000, config.outEventClock());
        if (sender == null || sender.isIdle()) {
            sender = new DtmfSender(clock);
        }
        try {
            sender.enqueue(digits, durationMs);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * One RTP packet from the input leg, already decrypted, at {@code buf[0, len)}; the buffer has 64 spare bytes
     * after the packet and may be rewritten in place.
     */
    public void onRtp(byte[] buf, int len, long nowNanos) {
        inCounters.received(len);
        if (config == null || !view.wrap(buf, 0, len)) {
            return;
        }
        switch (demux.classify(view.payloadType())) {
            case PayloadDemux.AUDIO -> audio(nowNanos);
            case PayloadDemux.EVENT -> event(nowNanos);
            case PayloadDemux.VIDEO -> video(nowNanos);
            default -> {}
        }
    }

    private void audio(long now) {
        inAudioSsrc = view.ssrc();
        audioStats.update(view.ssrc(), view.sequence(), view.timestamp(), now);
        if (config.passThrough()) {
            if (config.outAudioPt() < 0) {
                return;
            }
            if (sender != null && sender.isActive()) {
                audioRewrite.packetsDropped++; // RFC 4733 section 2.5.1.2: the event replaces the audio meanwhile
                return;
            }
            audioRewrite.apply(audioOut, config.outAudioPt(), now);
            if (gate.send(sink, audioOut, view.buffer(), view.offset(), view.length()) && delays != null) {
                delays.record(System.nanoTime() - now);
            }
        } else {
            transcodeInput.feed(now);
        }
    }

    private void video(long now) {
        inVideoSsrc = view.ssrc();
        videoStats.update(view.ssrc(), view.sequence(), view.timestamp(), now);
        if (config.outVideoPt() < 0) {
            videoRewrite.packetsDropped++;
            return;
        }
        if (!videoForwarding) {
            videoForwarding = true;
            videoForwardingSince = now;
            keyframeRetries = 0;
            keyframeNeeded.run(); // RFC 4585 section 6.3.1: a decoder joining mid-stream needs an intra frame
        } else if (keyframeRetries < KEYFRAME_RETRY_MS.length
                && now - videoForwardingSince >= KEYFRAME_RETRY_MS[keyframeRetries] * 1_000_000L) {
            keyframeRetries++;
            keyframeNeeded.run();
        }
        videoRewrite.apply(videoOut, config.outVideoPt(), now);
        if (gate.send(videoSink, videoOut, view.buffer(), view.offset(), view.length()) && delays != null) {
            delays.record(System.nanoTime() - now);
        }
    }

    private void event(long now) {
        eventRelay.relay(now);
    }

    /** The 20 ms tick: one transcoded frame, and the next packet of DTMF we originate. */
    public void tick(byte[] work, long nowNanos) {
        if (config == null) {
            return;
        }
        if (!config.passThrough() && config.outAudioPt() >= 0) {
            int n = config.transcoder().produce(work, RtpPacket.FIXED_HEADER_LENGTH);
            if (n > 0 && !(sender != null && sender.isActive())) {
                audioOut.writeNext(
                        work,
                        0,
                        config.outAudioPt(),
                        audioMarkerPending,
                        config.transcoder().outTimestampIncrement(),
                        nowNanos);
                audioMarkerPending = false;
                gate.send(sink, audioOut, work, 0, RtpPacket.FIXED_HEADER_LENGTH + n);
            }
        }
        if (sender != null && !sender.isIdle()) {
            originateEvent(work, nowNanos);
        }
    }

    private void originateEvent(byte[] work, long now) {
        // The event's timestamp is the one this frame's audio would have had (RFC 4733 section 2.3.1).
        DtmfSender.Packet p = sender.poll(now / 1_000_000L, audioOut.continuedTimestamp(now));
        if (p == null || config.outEventPt() < 0) {
            return;
        }
        int n = p.writePayload(work, RtpPacket.FIXED_HEADER_LENGTH);
        audioOut.writeAt(work, 0, config.outEventPt(), p.marker(), p.timestamp(), now);
        gate.send(sink, audioOut, work, 0, RtpPacket.FIXED_HEADER_LENGTH + n);
    }

    /** Publishes loss and jitter of the input leg's audio into its counters. */
    public void publishQuality() {
        if (audioStats != null) {
            inCounters.quality(audioStats.cumulativeLost(), audioStats.jitterMillis());
        }
    }

    public RtpReceiveStats audioStats() {
        return audioStats;
    }

    public RtpReceiveStats videoStats() {
        return videoStats;
    }

    public OutboundStream audioOut() {
        return audioOut;
    }

    public OutboundStream videoOut() {
        return videoOut;
    }

    /** SSRC of the video the input leg sends (-1 before any), the target of PLI/FIR we send to that leg. */
    public long inputVideoSsrc() {
        return inVideoSsrc;
    }

    public long inputAudioSsrc() {
        return inAudioSsrc;
    }

    public boolean sentAnything() {
        return outCounters.packetsSent() > 0;
    }

    public List<Stage> stages() {
        return List.of(demux, audioRewrite, transcodeInput, eventRelay, videoRewrite, gate);
    }

    @Override
    public String toString() {
        return name + stages();
    }

    // ---- stages

    /** Pass-through header rewrite: our SSRC and PT, the stream's continuous sequence and timestamp. */
    private final class Rewrite extends Stage {
        Rewrite(String n) {
            super(n);
        }

        void apply(OutboundStream out, int pt, long now) {
            packetsIn++;
            out.forward(view, pt, now);
        }
    }

    /** Feeds the transcoder's jitter buffer; frames come out on the tick. */
    private final class TranscodeInput extends Stage {
        TranscodeInput() {
            super("transcode-in");
        }

        void feed(long now) {
            packetsIn++;
            config.transcoder()
                    .receive(
                            view.ssrc(),
                            view.sequence(),
                            view.timestamp(),
                            view.buffer(),
                            view.payloadOffset(),
                            view.payloadLength(),
                            now);
        }
    }

    /**
     * RFC 4733 events: each event reported once; forwarded when the output leg negotiated telephone-event. With
     * equal clocks and pass-through audio the packet keeps its place in the forwarded stream; otherwise it is
     * re-stamped on our stream, with the event's timestamp and duration rescaled (e.g. 48000 to 8000 Hz).
     */
    private final class EventRelay extends Stage {
        private long lastSourceTs = -1;
        private long queuedEventTs = -1;
        private long mappedTs;

        EventRelay() {
            super("telephone-event");
        }

        void relay(long now) {
            packetsIn++;
            if (view.payloadLength() < 4) {
                packetsDropped++;
                return;
            }
            boolean forward = config.outEventPt() >= 0;
            char digit = receiver.receive(
                    view.marker(), view.timestamp(), view.buffer(), view.payloadOffset(), view.payloadLength());
            boolean ownActive = sender != null && sender.isActive();
            if (digit != 0) {
                if (forward && ownActive && config.sendAllowed()) {
                    // Events cannot overlap on one stream (RFC 4733 section 2.5.1.1) and ours is under way: the
                    // room's digit follows ours through our sender instead of being lost, and the rest of its
                    // packets are dropped.
                    sendDigits(String.valueOf(digit), QUEUED_DIGIT_MS);
                    queuedEventTs = view.timestamp();
                }
                digitListener.accept(digit, forward && config.sendAllowed());
            }
            if (!forward || ownActive || view.timestamp() == queuedEventTs) { // our own event goes first
                packetsDropped++;
                return;
            }
            if (config.passThrough()
                    && config.inEventClock() == config.outEventClock()
                    && config.outEventClock() == config.outAudioClock()) {
                audioOut.forward(view, config.outEventPt(), now);
                gate.send(sink, audioOut, view.buffer(), view.offset(), view.length());
                return;
            }
            boolean marker = view.marker();
            if (view.timestamp() != lastSourceTs) { // a new event: it starts now on our clock
                lastSourceTs = view.timestamp();
                mappedTs = audioOut.continuedTimestamp(now);
            }
            int p = view.payloadOffset();
            byte[] b = view.buffer();
            long duration = Bytes.u16(b, p + 2) * (long) config.outEventClock() / Math.max(1, config.inEventClock());
            Bytes.put16(b, p + 2, (int) Math.min(0xffff, duration));
            int start = p - RtpPacket.FIXED_HEADER_LENGTH; // header rewritten just before the payload, in place
            audioOut.writeAt(b, start, config.outEventPt(), marker, mappedTs, now);
            gate.send(sink, audioOut, b, start, RtpPacket.FIXED_HEADER_LENGTH + 4);
        }
    }

    /** Hold and readiness: nothing goes to a leg we must not send to (RFC 3264 section 8.4), or before it is up. */
    private final class Gate extends Stage {
        Gate() {
            super("gate");
        }

        /** @return whether the packet went out */
        boolean send(PacketSink to, OutboundStream stream, byte[] b, int off, int len) {
            packetsIn++;
            if (!config.sendAllowed() || !to.ready()) {
                packetsDropped++;
                return false;
            }
            boolean ok = to.sendRtp(b, off, len);
            if (ok) {
                outCounters.sent(len);
                stream.sent(len - RtpPacket.FIXED_HEADER_LENGTH);
            } else {
                packetsDropped++;
            }
            return ok;
        }
    }
}
