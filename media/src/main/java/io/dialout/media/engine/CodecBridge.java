package io.dialout.media.engine;

import io.dialout.media.codec.AudioFormat;
import io.dialout.media.codec.AudioMixer;
import io.dialout.media.codec.AudioTranscoder;
import io.dialout.media.relay.AudioMix;
import io.dialout.media.relay.Transcoder;
import io.dialout.media.sdp.CodecSpec;
import io.dialout.media.sdp.SdpException;

/** Chooses pass-through or transcoding for a pair of negotiated audio codecs, and adapts the codec package. */
final class CodecBridge {
    private CodecBridge() {}

    /** Pass-through when both legs use the same codec: same name and clock (docs/design.md, "Codecs"), payload types aside. */
    static boolean sameCodec(CodecSpec room, CodecSpec sip) {
        return room.name().equalsIgnoreCase(sip.name()) && room.clockRate() == sip.clockRate();
    }

    static AudioFormat format(CodecSpec c) throws SdpException {
        if (!AudioFormat.isSupported(c.name())) {
            throw new SdpException("audio codec " + c.encoding() + " cannot be transcoded");
        }
        return AudioFormat.fromRtpmap(c.name(), c.clockRate(), c.channels(), c.payloadType());
    }

    /** A transcoder from one leg's codec to the other's. */
    static Adapter transcoder(CodecSpec from, CodecSpec to) throws SdpException {
        return new Adapter(new AudioTranscoder(format(from), format(to)));
    }

    /** A mixer of a meeting's audio sources in the room's codec into the SIP codec. */
    static Adapter mixer(CodecSpec room, CodecSpec sip) throws SdpException {
        return new MixAdapter(new AudioMixer(format(room), format(sip)));
    }

    /** The relay's view of an {@link AudioMixer}. */
    static final class MixAdapter extends Adapter implements AudioMix {
        final AudioMixer mixer;

        MixAdapter(AudioMixer mixer) {
            super(null);
            this.mixer = mixer;
        }

        @Override
        public void receive(long ssrc, int seq, long ts, byte[] p, int off, int len, long arrivalNanos) {
            mixer.receive(ssrc, seq, ts, p, off, len, arrivalNanos);
        }

        @Override
        public void receive(
                long ssrc, int seq, long ts, byte[] p, int off, int len, long arrivalNanos, int audioLevel) {
            mixer.receive(ssrc, seq, ts, p, off, len, arrivalNanos, audioLevel); // silence by RFC 6464: not decoded
        }

        @Override
        public int produce(byte[] out, int off) {
            return mixer.produce(out, off, System.nanoTime()); // arrivals are on the same clock
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

        @Override
        void close() {
            mixer.close();
        }
    }

    /** The relay's view of an {@link AudioTranscoder}. */
    static class Adapter implements Transcoder {
        final AudioTranscoder transcoder;

        Adapter(AudioTranscoder transcoder) {
            this.transcoder = transcoder;
        }

        @Override
        public void receive(long ssrc, int seq, long ts, byte[] p, int off, int len, long arrivalNanos) {
            transcoder.receive(ssrc, seq, ts, p, off, len, arrivalNanos);
        }

        @Override
        public int produce(byte[] out, int off) {
            return transcoder.produce(out, off);
        }

        @Override
        public long outTimestampIncrement() {
            return transcoder.outTimestampIncrement();
        }

        void close() {
            transcoder.close();
        }
    }
}
