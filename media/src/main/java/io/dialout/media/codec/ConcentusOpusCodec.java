package io.dialout.media.codec;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusBandwidth;
import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;

/**
 * Opus in pure Java (Concentus), the fallback when the native library cannot load: mono, 20 ms frames, PCM at 48 kHz
 * or one of Opus's lower rates (as {@link NativeOpusCodec}).
 */
final class ConcentusOpusCodec {

    private ConcentusOpusCodec() {}

    static final class Encoder implements AudioEncoder {
        private final OpusEncoder encoder;
        private final int sampleRate;

        Encoder(OpusSettings settings, int audioBandwidthHz, int sampleRate) {
            this.sampleRate = NativeOpusCodec.checkRate(sampleRate);
            try {
                encoder = new OpusEncoder(sampleRate, 1, OpusApplication.OPUS_APPLICATION_VOIP);
            } catch (OpusException e) {
                throw new IllegalStateException(e);
            }
            encoder.setBitrate(settings.bitrate());
            encoder.setComplexity(settings.complexityFor(audioBandwidthHz));
            encoder.setUseVBR(true);
            encoder.setUseDTX(false);
            encoder.setUseInbandFEC(settings.inbandFec());
            encoder.setPacketLossPercent(settings.expectedLossPercent());
            encoder.setMaxBandwidth(
                    switch (NativeOpusCodec.opusBandwidth(audioBandwidthHz)) {
                        case 1101 -> OpusBandwidth.OPUS_BANDWIDTH_NARROWBAND;
                        case 1102 -> OpusBandwidth.OPUS_BANDWIDTH_MEDIUMBAND;
                        case 1103 -> OpusBandwidth.OPUS_BANDWIDTH_WIDEBAND;
                        case 1104 -> OpusBandwidth.OPUS_BANDWIDTH_SUPERWIDEBAND;
                        default -> OpusBandwidth.OPUS_BANDWIDTH_FULLBAND;
                    });
        }

        @Override
        public int sampleRate() {
            return sampleRate;
        }

        @Override
        public int encode(short[] pcm, int off, byte[] out, int outOff) {
            try {
                return encoder.encode(
                        pcm,
                        off,
                        sampleRate / 50,
                        out,
                        outOff,
                        Math.min(NativeOpusCodec.MAX_PACKET, out.length - outOff));
            } catch (OpusException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String describe() {
            return sampleRate == NativeOpusCodec.SAMPLE_RATE
                    ? "opus(concentus)"
                    : "opus(concentus@" + sampleRate / 1000 + "k)";
        }

        @Override
        public void close() {}
    }

    static final class Decoder implements AudioDecoder {
        private final OpusDecoder decoder;
        private final int sampleRate;
        private final int maxFrame;

        Decoder(int sampleRate) {
            this.sampleRate = NativeOpusCodec.checkRate(sampleRate);
            this.maxFrame = NativeOpusCodec.MAX_FRAME / (NativeOpusCodec.SAMPLE_RATE / sampleRate);
            try {
                decoder = new OpusDecoder(sampleRate, 1);
            } catch (OpusException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public int sampleRate() {
            return sampleRate;
        }

        @Override
        public int decode(byte[] payload, int off, int len, short[] pcm) {
            try {
                return decoder.decode(payload, off, len, pcm, 0, Math.min(maxFrame, pcm.length), false);
            } catch (OpusException | RuntimeException e) {
                return -1;
            }
        }

        @Override
        public void conceal(short[] pcm, int samples, byte[] next, int nextOff, int nextLen) {
            int n = -1;
            int frameSize = Math.min(samples, maxFrame);
            try {
                if (next != null && nextLen > 0) {
                    // RFC 6716 section 2.1.7: the next packet's LBRR data re-encodes the lost frame.
                    n = decoder.decode(next, nextOff, nextLen, pcm, 0, frameSize, true);
                }
                if (n <= 0) {
                    n = decoder.decode(null, 0, 0, pcm, 0, frameSize, false);
                }
            } catch (OpusException | RuntimeException e) {
                n = 0;
            }
            for (int i = Math.max(0, n); i < samples; i++) {
                pcm[i] = 0;
            }
        }

        @Override
        public void reset() {
            decoder.resetState();
        }

        @Override
        public String describe() {
            return sampleRate == NativeOpusCodec.SAMPLE_RATE
                    ? "opus(concentus)"
                    : "opus(concentus@" + sampleRate / 1000 + "k)";
        }

        @Override
        public void close() {}
    }
}
