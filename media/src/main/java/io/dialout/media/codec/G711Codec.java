package io.dialout.media.codec;

/** G.711 decoder and encoder (PCMU or PCMA), one byte per sample at 8 kHz (RFC 3551 section 4.5.14). */
final class G711Codec {

    private G711Codec() {}

    static final class Decoder implements AudioDecoder {
        private final boolean alaw;
        private final LastFrameConcealer concealer = new LastFrameConcealer(8000);

        Decoder(boolean alaw) {
            this.alaw = alaw;
        }

        @Override
        public int sampleRate() {
            return 8000;
        }

        @Override
        public int decode(byte[] payload, int off, int len, short[] pcm) {
            int n = Math.min(len, pcm.length);
            if (alaw) {
                G711.decodeAlaw(payload, off, n, pcm, 0);
            } else {
                G711.decodeUlaw(payload, off, n, pcm, 0);
            }
            concealer.remember(pcm, n);
            return n;
        }

        @Override
        public void conceal(short[] pcm, int samples, byte[] next, int nextOff, int nextLen) {
            concealer.conceal(pcm, samples);
        }

        @Override
        public void reset() {
            concealer.reset();
        }

        @Override
        public String describe() {
            return alaw ? "PCMA" : "PCMU";
        }

        @Override
        public void close() {}
    }

    static final class Encoder implements AudioEncoder {
        private final boolean alaw;

        Encoder(boolean alaw) {
            this.alaw = alaw;
        }

        @Override
        public int sampleRate() {
            return 8000;
        }

        @Override
        public int encode(short[] pcm, int off, byte[] out, int outOff) {
            int n = 160;
            if (alaw) {
                G711.encodeAlaw(pcm, off, n, out, outOff);
            } else {
                G711.encodeUlaw(pcm, off, n, out, outOff);
            }
            return n;
        }

        @Override
        public String describe() {
            return alaw ? "PCMA" : "PCMU";
        }

        @Override
        public void close() {}
    }
}
