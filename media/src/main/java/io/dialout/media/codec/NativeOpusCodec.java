package io.dialout.media.codec;

/**
 * Opus through libjitsi's JNI (see {@link LibjitsiOpusLoader}): mono, 20 ms frames, PCM at 48 kHz or at one of the
 * lower rates libopus codes natively (8, 12, 16, 24 kHz: RFC 6716 section 2, the decoder and encoder resample inside).
 * PCM crosses JNI as LE bytes.
 */
final class NativeOpusCodec {

    static final int SAMPLE_RATE = 48000;
    static final int FRAME = 960;
    /** 120 ms, the longest Opus packet (RFC 6716 section 3.2.1). */
    static final int MAX_FRAME = 5760;

    static final int MAX_PACKET = 1275 * 3 + 7;

    private NativeOpusCodec() {}

    /** The PCM rates libopus accepts for its API (opus_encoder_create, opus_decoder_create). */
    static boolean supportedRate(int hz) {
        return hz == 8000 || hz == 12000 || hz == 16000 || hz == 24000 || hz == 48000;
    }

    static int checkRate(int hz) {
        if (!supportedRate(hz)) {
            throw new IllegalArgumentException("Opus cannot run at " + hz + " Hz");
        }
        return hz;
    }

    /** The narrowest Opus bandwidth (RFC 6716 section 2, Table 1) that holds audio up to {@code hz}. */
    static int opusBandwidth(int hz) {
        if (hz <= 4000) {
            return 1101; // OPUS_BANDWIDTH_NARROWBAND
        } else if (hz <= 6000) {
            return 1102; // MEDIUMBAND
        } else if (hz <= 8000) {
            return 1103; // WIDEBAND
        } else if (hz <= 12000) {
            return 1104; // SUPERWIDEBAND
        }
        return 1105; // FULLBAND
    }

    static void toBytes(short[] pcm, int off, int n, byte[] out) {
        for (int i = 0; i < n; i++) {
            short s = pcm[off + i];
            out[2 * i] = (byte) s;
            out[2 * i + 1] = (byte) (s >> 8);
        }
    }

    static void toShorts(byte[] in, int n, short[] pcm) {
        for (int i = 0; i < n; i++) {
            pcm[i] = (short) ((in[2 * i] & 0xFF) | (in[2 * i + 1] << 8));
        }
    }

    static final class Encoder implements AudioEncoder {
        private final int sampleRate;
        private final int frame;
        private final byte[] pcmBytes;
        private long handle;

        /**
         * @param audioBandwidthHz the highest frequency the input can contain (half its original sample rate)
         * @param sampleRate the rate of the PCM given to {@link #encode} (see {@link #supportedRate})
         */
        Encoder(OpusSettings settings, int audioBandwidthHz, int sampleRate) {
            this.sampleRate = checkRate(sampleRate);
            this.frame = sampleRate / 50;
            this.pcmBytes = new byte[frame * 2];
            try {
                handle = (long) LibjitsiOpusLoader.ENCODER_CREATE.invokeExact(sampleRate, 1);
                if (handle == 0) {
                    throw new IllegalStateException("opus_encoder_create failed");
                }
                int ignored = (int) LibjitsiOpusLoader.ENCODER_SET_FORCE_CHANNELS.invokeExact(handle, 1);
                ignored = (int) LibjitsiOpusLoader.ENCODER_SET_BITRATE.invokeExact(handle, settings.bitrate());
                ignored = (int) LibjitsiOpusLoader.ENCODER_SET_COMPLEXITY.invokeExact(
                        handle, settings.complexityFor(audioBandwidthHz));
                ignored = (int) LibjitsiOpusLoader.ENCODER_SET_VBR.invokeExact(handle, 1);
                ignored = (int) LibjitsiOpusLoader.ENCODER_SET_DTX.invokeExact(handle, 0);
                ignored = (int)
                        LibjitsiOpusLoader.ENCODER_SET_INBAND_FEC.invokeExact(handle, settings.inbandFec() ? 1 : 0);
                ignored = (int) LibjitsiOpusLoader.ENCODER_SET_PACKET_LOSS_PERC.invokeExact(
                        handle, settings.expectedLossPercent());
                ignored = (int) LibjitsiOpusLoader.ENCODER_SET_MAX_BANDWIDTH.invokeExact(
                        handle, opusBandwidth(audioBandwidthHz));
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public int sampleRate() {
            return sampleRate;
        }

        @Override
        public int encode(short[] pcm, int off, byte[] out, int outOff) {
            toBytes(pcm, off, frame, pcmBytes);
            int maxLength = Math.min(MAX_PACKET, out.length - outOff);
            int n;
            try {
                n = (int) LibjitsiOpusLoader.ENCODE.invokeExact(handle, pcmBytes, 0, frame, out, outOff, maxLength);
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
            if (n < 0) {
                throw new IllegalStateException("opus_encode failed: " + n);
            }
            return n;
        }

        @Override
        public String describe() {
            return sampleRate == SAMPLE_RATE ? "opus(native)" : "opus(native@" + sampleRate / 1000 + "k)";
        }

        @Override
        public void close() {
            if (handle != 0) {
                try {
                    LibjitsiOpusLoader.ENCODER_DESTROY.invokeExact(handle);
                } catch (Throwable e) {
                    throw new IllegalStateException(e);
                }
                handle = 0;
            }
        }
    }

    static final class Decoder implements AudioDecoder {
        private final int sampleRate;
        private final int maxFrame;
        private final byte[] pcmBytes;
        private long handle;

        /** @param sampleRate the rate to decode at (see {@link #supportedRate}) */
        Decoder(int sampleRate) {
            this.sampleRate = checkRate(sampleRate);
            this.maxFrame = MAX_FRAME / (SAMPLE_RATE / sampleRate);
            this.pcmBytes = new byte[maxFrame * 2];
            handle = create(sampleRate);
        }

        private static long create(int sampleRate) {
            try {
                long h = (long) LibjitsiOpusLoader.DECODER_CREATE.invokeExact(sampleRate, 1);
                if (h == 0) {
                    throw new IllegalStateException("opus_decoder_create failed");
                }
                return h;
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public int sampleRate() {
            return sampleRate;
        }

        @Override
        public int decode(byte[] payload, int off, int len, short[] pcm) {
            int max = Math.min(maxFrame, pcm.length);
            int n = call(payload, off, len, max, 0);
            if (n > 0) {
                toShorts(pcmBytes, n, pcm);
            }
            return n;
        }

        @Override
        public void conceal(short[] pcm, int samples, byte[] next, int nextOff, int nextLen) {
            int frameSize = Math.min(samples, maxFrame);
            int n;
            if (next != null && nextLen > 0) {
                // RFC 6716 section 2.1.7: the next packet's LBRR data re-encodes the lost frame.
                n = call(next, nextOff, nextLen, frameSize, 1);
            } else {
                n = call(null, 0, 0, frameSize, 0);
            }
            if (n <= 0) {
                n = call(null, 0, 0, frameSize, 0);
            }
            n = Math.max(0, Math.min(n, frameSize));
            toShorts(pcmBytes, n, pcm);
            for (int i = n; i < samples; i++) {
                pcm[i] = 0;
            }
        }

        private int call(byte[] in, int off, int len, int frameSize, int fec) {
            try {
                return (int) LibjitsiOpusLoader.DECODE.invokeExact(handle, in, off, len, pcmBytes, 0, frameSize, fec);
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void reset() {
            close();
            handle = create(sampleRate);
        }

        @Override
        public String describe() {
            return sampleRate == SAMPLE_RATE ? "opus(native)" : "opus(native@" + sampleRate / 1000 + "k)";
        }

        @Override
        public void close() {
            if (handle != 0) {
                try {
                    LibjitsiOpusLoader.DECODER_DESTROY.invokeExact(handle);
                } catch (Throwable e) {
                    throw new IllegalStateException(e);
                }
                handle = 0;
            }
        }
    }
}
