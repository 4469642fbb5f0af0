package io.dialout.media.relay;

import io.dialout.media.relay.DirectionConfig.LegFormats;
import io.dialout.media.relay.DirectionConfig.Payload;
import io.dialout.media.rtp.RtpPacket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** In-memory helpers for the stage tests: configured direction state, packets, a recording sink. */
final class StageFixture {
    static final long MS = 1_000_000L;
    static final long OUR_AUDIO_SSRC = 0x51;
    static final long OUR_VIDEO_SSRC = 0x52;

    private StageFixture() {}

    /** Room (opus 111 at 48 kHz, events 126 at 48 kHz, VP8 96) to SIP (given audio, events 101 at 8 kHz, VP8 100). */
    static LegFormats room() {
        return new LegFormats(new Payload(111, 48000), new Payload(126, 48000), LegFormats.video(96));
    }

    static LegFormats pcmu() {
        return new LegFormats(new Payload(0, 8000), new Payload(101, 8000), LegFormats.video(100));
    }

    static DirectionState state(LegFormats in, LegFormats out, boolean send, Transcoder transcoder) {
        DirectionState s = new DirectionState(OUR_AUDIO_SSRC, OUR_VIDEO_SSRC);
        s.configure(new DirectionConfig(in, out, send, transcoder));
        return s;
    }

    /** PCMU both ways, pass-through, sending allowed. */
    static DirectionState passThrough() {
        return state(pcmu(), pcmu(), true, null);
    }

    /** A packet with a {@code payload}-byte payload and 64 spare bytes after it, as the I/O threads hand them. */
    static RtpPacket rtp(int pt, boolean marker, int seq, long ts, long ssrc, int payload) {
        byte[] b = new byte[12 + payload + 64];
        RtpPacket.writeHeader(b, 0, marker, pt, seq, ts, ssrc);
        RtpPacket p = new RtpPacket();
        p.wrap(b, 0, 12 + payload);
        return p;
    }

    /** An RFC 4733 event packet: event, end bit, volume 10, duration. */
    static RtpPacket event(int pt, boolean marker, int seq, long ts, long ssrc, int digit, boolean end, int duration) {
        RtpPacket p = rtp(pt, marker, seq, ts, ssrc, 4);
        byte[] b = p.buffer();
        b[12] = (byte) digit;
        b[13] = (byte) ((end ? 0x80 : 0) | 10);
        b[14] = (byte) (duration >> 8);
        b[15] = (byte) duration;
        return p;
    }

    /** Records what would be sent; {@code ready} and {@code accept} say whether the leg is up and takes packets. */
    static final class Sink implements PacketSink {
        final List<byte[]> rtp = new ArrayList<>();
        boolean ready = true;
        boolean accept = true;
        /** False: packets are accepted without keeping a copy (to measure the pipeline's own allocation). */
        boolean record = true;

        @Override
        public boolean ready() {
            return ready;
        }

        @Override
        public boolean sendRtp(byte[] buf, int off, int len) {
            if (accept && record) {
                rtp.add(Arrays.copyOfRange(buf, off, off + len));
            }
            return accept;
        }

        @Override
        public boolean sendRtcp(byte[] buf, int off, int len) {
            return true;
        }

        RtpPacket last() {
            return RtpPacket.of(rtp.get(rtp.size() - 1), 0, rtp.get(rtp.size() - 1).length);
        }
    }

    /** Runs one stage on a packet the way a path does; true when the packet went on. */
    static boolean run(Stage stage, RtpPacket p, long now) {
        return stage.process(p, now);
    }
}
