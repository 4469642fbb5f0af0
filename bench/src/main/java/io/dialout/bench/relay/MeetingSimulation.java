package io.dialout.bench.relay;

import io.dialout.media.codec.AudioCodecs;
import io.dialout.media.codec.AudioEncoder;
import io.dialout.media.codec.AudioFormat;
import io.dialout.media.codec.AudioMixer;
import io.dialout.media.codec.CodecOptions;
import io.dialout.media.relay.AudioMix;
import io.dialout.media.relay.DirectionConfig;
import io.dialout.media.relay.DirectionConfig.LegFormats;
import io.dialout.media.relay.DirectionConfig.Payload;
import io.dialout.media.relay.DirectionPipeline;
import io.dialout.media.relay.LegCounters;
import io.dialout.media.relay.PacketSink;
import io.dialout.media.relay.RoomSource;
import io.dialout.media.relay.RoomSources;
import io.dialout.media.relay.VideoSwitch;
import io.dialout.media.rtp.RtpPacket;
import io.dialout.media.srtp.SrtpProfile;
import io.dialout.media.srtp.SrtpSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One simulated call's room-to-SIP direction, fed by a simulated room in simulated time, for measuring what the
 * call's I/O thread spends on it: the room-side SRTP unprotect of every packet, then the real
 * {@link DirectionPipeline} configured as the engine configures a call (room sources, the {@code speaker-select}
 * stage reading RFC 6464 levels, the video switch waiting for a VP8 keyframe, one continuous output stream per
 * medium).
 * <p>
 * The room: {@code participants} participants, each one Opus audio stream (20 ms packets of real Opus at 32 kb/s: a
 * voice-like signal from the loud participant, digital silence from the others; an RFC 6464 audio level in a
 * one-byte header extension, RFC 8285 section 4.2) and one VP8 video stream at 1.5 Mb/s (30
 * frames/s, 1200-byte packets, 156.25 packets/s, an RFC 7741 payload descriptor with a 15-bit PictureID). One
 * participant is loud (-10 dBov) at a time, the others at -70 dBov (background, below the selector's silence); the
 * loud one changes every {@code speakerPeriodSeconds} of simulated time. A video stream sends a keyframe as its next
 * frame after the pipeline asked for one (the request of a switch, or of the start of video).
 * <p>
 * Packets are made (and SRTP-protected) a chunk of {@value #CHUNK_MS} ms of simulated time at a time by
 * {@link #generate}, which is not what is measured; {@link #consume} is: it feeds the chunk to the call as the room
 * port's reader and the I/O loop would (copy out of the socket buffer, unprotect, {@code onRtp}, and the 20 ms
 * {@code tick}). Keyframe requests made while consuming one chunk are answered in the next: a round trip of up to
 * {@value #CHUNK_MS} ms.
 * <p>
 * One participant is the classic single-stream call ({@link RoomSources#SINGLE}, audio and video passed through);
 * more are a meeting, whose audio goes to the mixer, per {@link Variant}: the real one (the codec package's
 * {@link AudioMixer}, Opus to PCMU, as the engine configures it), or a stand-in that takes each payload and produces
 * a fixed PCMU frame per tick, which leaves the packet path and the switching alone (the mix's decode and encode are
 * measured on their own by the codec benchmarks, {@code MixCpuReport}); or no pipeline at all, the packets only
 * unprotected (the SRTP share of the cost; no switch happens then); or the pipeline without SRTP (its share).
 * <p>
 * What leaves toward SIP is checked while it runs ({@link #errors()}), so a broken path cannot pass for a cheap one:
 * one video SSRC and one audio SSRC toward SIP, video sequence numbers continuous, a change of forwarded participant
 * only on a keyframe's first packet, and, once a change of loud participant is {@value #SETTLE_MS} ms old, that
 * participant's video forwarded and its audio SSRC the chosen speaker.
 */
public final class MeetingSimulation {

    /** What the call does with the packets it unprotects. */
    public enum Variant {
        /** Nothing: SRTP unprotect only. */
        SRTP_ONLY,
        /** The pipeline, with a meeting's mixer replaced by a stand-in that decodes nothing. */
        STAND_IN_MIX,
        /** The pipeline with the real mixer (a single-participant call has none: as {@link #STAND_IN_MIX}). */
        OPUS_MIX,
        /** As {@link #STAND_IN_MIX} without SRTP: the packets are sent and read in the clear (the pipeline's share). */
        NO_SRTP
    }

    static final int CHUNK_MS = 100;
    static final int SETTLE_MS = 2000;
    static final int AUDIO_PT = 111;
    static final int VIDEO_PT = 96;
    static final int SIP_PCMU_PT = 0;
    static final int LEVEL_EXT_ID = 1;
    static final int OPUS_FRAMES = 50;
    static final int VIDEO_PACKET_BYTES = 1200;
    static final double VIDEO_PACKETS_PER_SECOND = 1.5e6 / 8 / VIDEO_PACKET_BYTES;
    static final int VIDEO_FPS = 30;
    static final int LOUD_DBOV = -10;
    static final int QUIET_DBOV = -70;

    private static final long MS = 1_000_000L;
    private static final long START_NANOS = 1_000_000_000L;
    /** Where a video packet says which participant sent it (payload byte 12, after the 4-byte descriptor). */
    private static final int SOURCE_MARK = RtpPacket.FIXED_HEADER_LENGTH + 12;

    private final int participants;
    private final long speakerPeriodNanos;
    private final boolean srtpOnly;
    private final Variant variant;
    private final byte[][] voice = new byte[OPUS_FRAMES][];
    private final byte[][] silence = new byte[OPUS_FRAMES][];
    private final long[] audioSsrc;
    private final long[] videoSsrc;
    private final int[] audioSeq;
    private final int[] videoSeq;
    private final int[] pictureId;
    private final boolean[] keyframeWanted;
    private final SrtpSession roomSide;
    private final SrtpSession callSide;
    private final DirectionPipeline pipeline;
    private final MixStandIn mix;
    private final OpusMix opusMix;
    private final byte[] fill = new byte[VIDEO_PACKET_BYTES];

    private byte[][] slots = new byte[256][];
    private int[] slotLength = new int[256];
    private long[] slotTime = new long[256];
    private int slotCount;
    private final byte[] rx = new byte[1500 + SrtpSession.MAX_OVERHEAD];
    private final byte[] work = new byte[1500 + SrtpSession.MAX_OVERHEAD];

    private long chunkStart = START_NANOS;
    private long nextAudio = START_NANOS;
    private long videoFrame;
    private long clock = START_NANOS;

    // counted while consuming (the pipeline's callbacks and the SIP-side sink)
    private long packetsIn;
    private long unprotectFailures;
    private long keyframeRequests;
    private long keyframesSent;
    private long speakerChanges = -1;
    private long outVideoSsrc = -1;
    private long outAudioSsrc = -1;
    private int lastVideoSeq = -1;
    private int forwarded = -1;
    private long videoOut;
    private long audioOut;
    private long switches;
    private final List<String> errors = new ArrayList<>();

    // the room's schedule, for the checks
    private int loud;
    private long loudSince = START_NANOS;
    private long loudChanges;
    private long settledChanges;

    public MeetingSimulation(int participants, double speakerPeriodSeconds, SrtpProfile profile, Variant variant) {
        if (participants < 1) {
            throw new IllegalArgumentException("at least one participant");
        }
        this.participants = participants;
        this.speakerPeriodNanos = (long) (speakerPeriodSeconds * 1e9);
        this.variant = variant;
        this.srtpOnly = variant == Variant.SRTP_ONLY;
        encodeOpus();
        audioSsrc = new long[participants];
        videoSsrc = new long[participants];
        audioSeq = new int[participants];
        videoSeq = new int[participants];
        pictureId = new int[participants];
        keyframeWanted = new boolean[participants];
        Random r = new Random(participants * 31L + variant.ordinal());
        for (int i = 0; i < participants; i++) {
            audioSsrc[i] = 0x1000_0000L + 0x100 * i + 1;
            videoSsrc[i] = 0x1000_0000L + 0x100 * i + 2;
            audioSeq[i] = r.nextInt(0x10000);
            videoSeq[i] = r.nextInt(0x10000);
            pictureId[i] = r.nextInt(0x8000);
        }
        r.nextBytes(fill);
        byte[] key = new byte[profile.keyLength()];
        byte[] salt = new byte[profile.saltLength()];
        byte[] key2 = new byte[profile.keyLength()];
        byte[] salt2 = new byte[profile.saltLength()];
        r.nextBytes(key);
        r.nextBytes(salt);
        r.nextBytes(key2);
        r.nextBytes(salt2);
        roomSide = new SrtpSession(profile, key, salt, key2, salt2);
        callSide = new SrtpSession(profile, key2, salt2, key, salt);

        pipeline = new DirectionPipeline(
                "room-to-sip", new SipSide(), new LegCounters(), new LegCounters(), 0x5151L, 0x5252L, (d, f) -> {});
        LegFormats room = new LegFormats(new Payload(AUDIO_PT, 48_000), Payload.NONE, LegFormats.video(VIDEO_PT));
        if (participants == 1) {
            mix = null;
            opusMix = null;
            pipeline.configure(new DirectionConfig(room, room, true, null)); // same codecs: passed through
        } else {
            List<RoomSource> sources = new ArrayList<>();
            for (int i = 0; i < participants; i++) {
                sources.add(new RoomSource(RoomSource.Kind.AUDIO, "a" + i, "p" + i, audioSsrc[i], i == 0));
            }
            for (int i = 0; i < participants; i++) {
                sources.add(new RoomSource(RoomSource.Kind.VIDEO, "v" + i, "p" + i, videoSsrc[i], i == 0));
            }
            pipeline.sources(new RoomSources(sources));
            LegFormats sip = new LegFormats(new Payload(SIP_PCMU_PT, 8000), Payload.NONE, LegFormats.video(VIDEO_PT));
            if (variant == Variant.OPUS_MIX) {
                mix = null;
                opusMix = new OpusMix();
                pipeline.configure(new DirectionConfig(room, sip, true, opusMix));
            } else {
                mix = new MixStandIn();
                opusMix = null;
                pipeline.configure(new DirectionConfig(room, sip, true, mix));
            }
        }
        // as the engine wires a call: the speaker's video shown, keyframes asked of the room
        pipeline.videoCodec(VideoSwitch.Codec.VP8);
        pipeline.onVideoStart(() -> requestKeyframe(pipeline.shownVideo()));
        pipeline.onSwitchKeyframe(this::requestKeyframe);
        pipeline.onSpeaker(LEVEL_EXT_ID, audio -> {
            speakerChanges++;
            int i = indexOf(audioSsrc, audio);
            if (i >= 0) {
                pipeline.showVideo(videoSsrc[i], clock);
            }
        });
    }

    /**
     * The Opus payloads the participants send, encoded once: a voice-like signal (a 140 Hz buzz with harmonics,
     * its loudness rising and falling at a syllable rate of 4 Hz) and digital silence.
     */
    private void encodeOpus() {
        AudioFormat opus = AudioFormat.opus(AUDIO_PT);
        int n = opus.samplesPerFrame();
        short[] speech = new short[n * OPUS_FRAMES];
        for (int k = 0; k < speech.length; k++) {
            double t = (double) k / opus.sampleRate();
            double buzz = 0;
            for (int h = 1; h <= 8; h++) {
                buzz += Math.sin(2 * Math.PI * 140 * h * t) / h;
            }
            double syllables = 0.55 + 0.45 * Math.sin(2 * Math.PI * 4 * t);
            speech[k] = (short) (6000 * syllables * buzz);
        }
        short[] zeros = new short[n * OPUS_FRAMES];
        byte[] out = new byte[1500];
        try (AudioEncoder e = AudioCodecs.encoder(opus, CodecOptions.DEFAULT)) {
            for (int k = 0; k < OPUS_FRAMES; k++) {
                voice[k] = java.util.Arrays.copyOf(out, e.encode(speech, k * n, out, 0));
            }
        }
        try (AudioEncoder e = AudioCodecs.encoder(opus, CodecOptions.DEFAULT)) {
            for (int k = 0; k < OPUS_FRAMES; k++) {
                silence[k] = java.util.Arrays.copyOf(out, e.encode(zeros, k * n, out, 0));
            }
        }
    }

    private static int indexOf(long[] ssrcs, long ssrc) {
        for (int i = 0; i < ssrcs.length; i++) {
            if (ssrcs[i] == ssrc) {
                return i;
            }
        }
        return -1;
    }

    private void requestKeyframe(long videoSsrc) {
        int i = indexOf(this.videoSsrc, videoSsrc);
        if (i >= 0) {
            keyframeRequests++;
            keyframeWanted[i] = true;
        }
    }

    /** Makes (and SRTP-protects) the packets of the next chunk of simulated time; checks the previous one's output. */
    public void generate() {
        check(chunkStart);
        slotCount = 0;
        long end = chunkStart + CHUNK_MS * MS;
        while (true) {
            long frameAt = START_NANOS + videoFrame * 1_000_000_000L / VIDEO_FPS;
            if (nextAudio >= end && frameAt >= end) {
                break;
            }
            if (nextAudio <= frameAt) {
                audio(nextAudio);
                nextAudio += 20 * MS;
            } else {
                video(frameAt);
                videoFrame++;
            }
        }
        chunkStart = end;
    }

    private void audio(long at) {
        int speaker = loudAt(at);
        for (int i = 0; i < participants; i++) {
            byte[] b = slot();
            int seq = audioSeq[i]++ & 0xffff;
            long ts = (at - START_NANOS) / MS * 48 + 0x1234L * i;
            RtpPacket.writeHeader(b, 0, false, AUDIO_PT, seq, ts, audioSsrc[i]);
            b[0] |= 0x10; // X: one header extension block follows
            int dbov = i == speaker ? LOUD_DBOV : QUIET_DBOV;
            b[12] = (byte) 0xBE; // RFC 8285 section 4.2: one-byte elements
            b[13] = (byte) 0xDE;
            b[14] = 0;
            b[15] = 1; // one 32-bit word
            b[16] = (byte) (LEVEL_EXT_ID << 4); // length 1
            b[17] = (byte) ((i == speaker ? 0x80 : 0) | -dbov); // RFC 6464 section 3: V, then the level in -dBov
            b[18] = 0;
            b[19] = 0;
            byte[] payload = (i == speaker ? voice : silence)[(seq & 0xffff) % OPUS_FRAMES];
            System.arraycopy(payload, 0, b, 20, payload.length);
            add(b, 20 + payload.length, at);
        }
        add(slot(), 0, at); // the I/O loop's 20 ms tick: the mixer's frame goes out
    }

    private void video(long at) {
        long first = (long) (videoFrame * VIDEO_PACKETS_PER_SECOND / VIDEO_FPS);
        long next = (long) ((videoFrame + 1) * VIDEO_PACKETS_PER_SECOND / VIDEO_FPS);
        long ts = (at - START_NANOS) / MS * 90;
        for (int i = 0; i < participants; i++) {
            boolean key = keyframeWanted[i];
            keyframeWanted[i] = false;
            if (key) {
                keyframesSent++;
            }
            int pid = pictureId[i]++ & 0x7fff;
            for (long k = first; k < next; k++) {
                byte[] b = slot();
                RtpPacket.writeHeader(
                        b, 0, k == next - 1, VIDEO_PT, videoSeq[i]++ & 0xffff, ts + 0x4321L * i, videoSsrc[i]);
                System.arraycopy(fill, 0, b, 12, VIDEO_PACKET_BYTES - 12);
                // RFC 7741 section 4.2: X, S on a frame's first packet, partition 0; I with a 15-bit PictureID
                b[12] = (byte) (0x80 | (k == first ? 0x10 : 0));
                b[13] = (byte) 0x80;
                b[14] = (byte) (0x80 | pid >>> 8);
                b[15] = (byte) pid;
                if (k == first) { // section 4.3: the VP8 payload header, P = 0 on a key frame (RFC 6386 section 9.1)
                    b[16] = (byte) ((b[16] & 0xfe) | (key ? 0 : 1));
                    if (key) { // the key frame's start code (RFC 6386 section 9.1)
                        b[19] = (byte) 0x9d;
                        b[20] = 0x01;
                        b[21] = 0x2a;
                    }
                }
                b[SOURCE_MARK] = (byte) i;
                add(b, VIDEO_PACKET_BYTES, at);
            }
        }
    }

    private byte[] slot() {
        if (slotCount == slots.length) {
            int n = slots.length * 2;
            slots = java.util.Arrays.copyOf(slots, n);
            slotLength = java.util.Arrays.copyOf(slotLength, n);
            slotTime = java.util.Arrays.copyOf(slotTime, n);
        }
        if (slots[slotCount] == null) {
            slots[slotCount] = new byte[1500 + SrtpSession.MAX_OVERHEAD];
        }
        return slots[slotCount];
    }

    /** Protects the packet in the current slot (length 0: a tick) and keeps it. */
    private void add(byte[] b, int len, long at) {
        slotLength[slotCount] = len == 0 || variant == Variant.NO_SRTP ? len : roomSide.protectRtp(b, 0, len);
        slotTime[slotCount] = at;
        slotCount++;
    }

    /**
     * The measured part: the chunk's packets read, unprotected and passed down the pipeline, the ticks run.
     *
     * @return the number of packets
     */
    public int consume() {
        int packets = 0;
        for (int s = 0; s < slotCount; s++) {
            long now = slotTime[s];
            clock = now;
            int len = slotLength[s];
            if (len == 0) {
                if (!srtpOnly) {
                    pipeline.tick(work, now);
                }
                continue;
            }
            System.arraycopy(slots[s], 0, rx, 0, len); // as out of the socket's buffer
            int n = variant == Variant.NO_SRTP ? len : callSide.unprotectRtp(rx, 0, len);
            packets++;
            if (n < 0) {
                unprotectFailures++;
            } else if (!srtpOnly) {
                pipeline.onRtp(rx, n, now);
            }
        }
        packetsIn += packets;
        return packets;
    }

    /** The loud participant at {@code at}; keeps the schedule's counters. */
    private int loudAt(long at) {
        int l = (int) (((at - START_NANOS) / speakerPeriodNanos) % participants);
        if (l != loud) {
            loud = l;
            loudSince = at;
            loudChanges++;
        }
        return l;
    }

    /** The output of what was consumed up to {@code now}, against the schedule. */
    private void check(long now) {
        if (srtpOnly || now - START_NANOS < SETTLE_MS * MS) {
            return;
        }
        boolean settled = now - loudSince >= SETTLE_MS * MS;
        if (settled && loudChanges > settledChanges) {
            settledChanges = loudChanges;
        }
        if (!settled) {
            return;
        }
        if (forwarded != loud) {
            error("at " + (now - START_NANOS) / MS + " ms participant " + forwarded + "'s video is forwarded, " + loud
                    + " has been loud since " + (loudSince - START_NANOS) / MS + " ms");
        }
        if (pipeline.speaker() != audioSsrc[loud]) {
            error("at " + (now - START_NANOS) / MS + " ms the speaker chosen is " + pipeline.speaker());
        }
    }

    private void error(String e) {
        if (errors.size() < 20) {
            errors.add(e);
        }
    }

    /** What goes toward SIP: counted and checked. */
    private final class SipSide implements PacketSink {
        @Override
        public boolean ready() {
            return true;
        }

        @Override
        public boolean sendRtp(byte[] buf, int off, int len) {
            int pt = buf[off + 1] & 0x7f;
            long ssrc = ((buf[off + 8] & 0xffL) << 24)
                    | ((buf[off + 9] & 0xff) << 16)
                    | ((buf[off + 10] & 0xff) << 8)
                    | (buf[off + 11] & 0xff);
            if (pt == VIDEO_PT) {
                videoOut++;
                if (outVideoSsrc < 0) {
                    outVideoSsrc = ssrc;
                } else if (ssrc != outVideoSsrc) {
                    error("video SSRC toward SIP changed to " + ssrc);
                }
                int seq = ((buf[off + 2] & 0xff) << 8) | (buf[off + 3] & 0xff);
                if (lastVideoSeq >= 0 && seq != ((lastVideoSeq + 1) & 0xffff)) {
                    error("video sequence toward SIP jumped from " + lastVideoSeq + " to " + seq);
                }
                lastVideoSeq = seq;
                int source = buf[off + SOURCE_MARK];
                if (source != forwarded) {
                    if (forwarded >= 0) {
                        switches++;
                        boolean keyStart = (buf[off + 12] & 0x10) != 0 && (buf[off + 16] & 0x01) == 0;
                        if (!keyStart) {
                            error("switched to participant " + source + " on a packet that does not start a keyframe");
                        }
                    }
                    forwarded = source;
                }
            } else if (pt == (participants == 1 ? AUDIO_PT : SIP_PCMU_PT)) {
                audioOut++;
                if (outAudioSsrc < 0) {
                    outAudioSsrc = ssrc;
                } else if (ssrc != outAudioSsrc) {
                    error("audio SSRC toward SIP changed to " + ssrc);
                }
            } else {
                error("unexpected payload type toward SIP: " + pt);
            }
            return true;
        }

        @Override
        public boolean sendRtcp(byte[] buf, int off, int len) {
            return true;
        }
    }

    /**
     * Stands in for the meeting's mixer: takes every payload as the real one's jitter buffers would be fed, and
     * produces one fixed 20 ms PCMU frame per tick (the mix's decode and encode are not what is measured here).
     */
    static final class MixStandIn implements AudioMix {
        private static final byte[] SILENCE = new byte[160];

        static {
            java.util.Arrays.fill(SILENCE, (byte) 0xff); // PCMU's zero
        }

        private long received;
        private long bytes;

        @Override
        public void receive(long ssrc, int seq, long rtpTimestamp, byte[] payload, int off, int len, long now) {
            received++;
            bytes += len;
        }

        @Override
        public int produce(byte[] out, int off) {
            if (received == 0) {
                return -1;
            }
            System.arraycopy(SILENCE, 0, out, off, SILENCE.length);
            return SILENCE.length;
        }

        @Override
        public long outTimestampIncrement() {
            return 160;
        }

        @Override
        public int level(long ssrc) {
            return RoomSource.SILENT_DBOV;
        }

        @Override
        public void remove(long ssrc) {}
    }

    /** The real mixer, as the engine wires it (the tick's time is the simulated clock the arrivals are on). */
    private final class OpusMix implements AudioMix {
        private final AudioMixer mixer = new AudioMixer(AudioFormat.opus(AUDIO_PT), AudioFormat.pcmu());

        @Override
        public void receive(long ssrc, int seq, long rtpTimestamp, byte[] payload, int off, int len, long now) {
            mixer.receive(ssrc, seq, rtpTimestamp, payload, off, len, now);
        }

        @Override
        public void receive(
                long ssrc, int seq, long rtpTimestamp, byte[] payload, int off, int len, long now, int level) {
            mixer.receive(ssrc, seq, rtpTimestamp, payload, off, len, now, level);
        }

        @Override
        public int produce(byte[] out, int off) {
            return mixer.produce(out, off, clock);
        }

        @Override
        public long outTimestampIncrement() {
            return mixer.outTimestampIncrement();
        }

        @Override
        public int level(long ssrc) {
            return mixer.level(ssrc);
        }

        @Override
        public void remove(long ssrc) {
            mixer.remove(ssrc);
        }
    }

    /**
     * Problems found in the output so far (empty when the path works), with the consistency of the counts: every
     * settled change of loud participant was followed by exactly one switch (a change still settling may or may not
     * have been), and no packet failed to unprotect.
     */
    public List<String> errors() {
        List<String> all = new ArrayList<>(errors);
        if (unprotectFailures > 0) {
            all.add(unprotectFailures + " packets failed SRTP unprotect");
        }
        if (!srtpOnly) {
            if (switches < settledChanges || switches > loudChanges) {
                all.add(switches + " video switches for " + loudChanges + " changes of loud participant ("
                        + settledChanges + " settled)");
            }
            if (speakerChanges != switches) {
                all.add(speakerChanges + " changes of speaker chosen, " + switches + " video switches");
            }
            if (videoOut == 0 || audioOut == 0) {
                all.add("nothing forwarded toward SIP: video " + videoOut + ", audio " + audioOut);
            }
            if (mix != null && mix.received == 0) {
                all.add("the mixer received no audio");
            }
            if (opusMix != null && opusMix.mixer.framesMixed() == 0) {
                all.add("the mixer mixed nothing");
            }
        }
        return all;
    }

    /** Simulated time consumed so far, in seconds. */
    public double seconds() {
        return (chunkStart - START_NANOS) / 1e9;
    }

    public int participants() {
        return participants;
    }

    public Variant variant() {
        return variant;
    }

    public long packetsIn() {
        return packetsIn;
    }

    public long switches() {
        return switches;
    }

    public long loudChanges() {
        return loudChanges;
    }

    public long keyframeRequests() {
        return keyframeRequests;
    }

    public long keyframesSent() {
        return keyframesSent;
    }

    public long videoOut() {
        return videoOut;
    }

    public long audioOut() {
        return audioOut;
    }

    public void close() {
        roomSide.close();
        callSide.close();
        if (opusMix != null) {
            opusMix.mixer.close();
        }
    }
}
