package io.dialout.media.codec;

/**
 * ITU-T G.722 at 64 kbit/s (mode 1): a 24-tap QMF splits 16 kHz audio into two 8 kHz sub-bands, the lower coded with
 * 6-bit ADPCM and the higher with 2-bit ADPCM; each octet carries IH in its two high bits and IL in the low six
 * (RFC 3551 section 4.5.2 for the RTP packing). Written from the Recommendation's block descriptions; the tables are
 * those of G.722 (Tables 6 to 14).
 * <p>
 * Scaling: 16-bit PCM in and out. The QMF outputs 15-bit sub-band signals, the sub-band reconstructions are limited
 * to [-16384, 16383] as in blocks 5L/5H, and the receive QMF scales back to 16 bits.
 */
final class G722Codec {

    /** QMF coefficients h0..h11 (the other twelve mirror them: h(23-i) = h(i)), G.722 Table 9 scaled by 2^13. */
    static final int[] QMF = {3, -11, -11, 53, 12, -156, 32, 362, -210, -805, 951, 3876};

    /** Lower sub-band quantizer decision levels (Table 6), relative to DETL, in units of 2^-12... */
    private static final int[] Q6 = {
        0, 35, 72, 110, 150, 190, 233, 276, 323, 370, 422, 473, 530, 587, 650, 714,
        786, 858, 940, 1023, 1121, 1219, 1339, 1458, 1612, 1765, 1980, 2195, 2557, 2919, 0, 0
    };
    /** ...and the 6-bit codes for each interval, negative and positive differences. */
    private static final int[] ILN = {
        0, 63, 62, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19,
        18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 0
    };

    private static final int[] ILP = {
        0, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47,
        46, 45, 44, 43, 42, 41, 40, 39, 38, 37, 36, 35, 34, 33, 32, 0
    };
    /** Inverse quantizer of the 4-bit core (Table 7, QQ4 times 2^15 / 2^3), used by the predictors. */
    private static final int[] QM4 = {
        0, -20456, -12896, -8968, -6288, -4240, -2584, -1200,
        20456, 12896, 8968, 6288, 4240, 2584, 1200, 0
    };
    /** Inverse quantizer of the full 6-bit code (Table 6, QQ6), used for the decoder output in mode 1. */
    private static final int[] QM6 = {
        -136, -136, -136, -136, -24808, -21904, -19008, -16704,
        -14984, -13512, -12280, -11192, -10232, -9360, -8576, -7856,
        -7192, -6576, -6000, -5456, -4944, -4464, -4008, -3576,
        -3168, -2776, -2400, -2032, -1688, -1360, -1040, -728,
        24808, 21904, 19008, 16704, 14984, 13512, 12280, 11192,
        10232, 9360, 8576, 7856, 7192, 6576, 6000, 5456,
        4944, 4464, 4008, 3576, 3168, 2776, 2400, 2032,
        1688, 1360, 1040, 728, 432, 136, -432, -136
    };
    /** Lower band log scale multipliers (Table 12), indexed through RL42 by the 4-bit core code. */
    private static final int[] WL = {-60, -30, 58, 172, 334, 538, 1198, 3042};

    private static final int[] RL42 = {0, 7, 6, 5, 4, 3, 2, 1, 7, 6, 5, 4, 3, 2, 1, 0};
    /** Higher band: inverse quantizer (Table 13), log scale multipliers (Table 14), decision level and codes. */
    private static final int[] QM2 = {-7408, -1616, 7408, 1616};

    private static final int[] WH = {0, -214, 798};
    private static final int[] RH2 = {2, 1, 2, 1};
    private static final int Q2 = 564;
    private static final int[] IHN = {0, 1, 0};
    private static final int[] IHP = {0, 3, 2};

    private G722Codec() {}

    static int limit15(int v) {
        return Math.max(-16384, Math.min(16383, v));
    }

    /** Lower band encoder step: quantize EL, update the band, return IL (6 bits). */
    static int encodeLow(G722Band band, int xl) {
        int el = G722Band.sat(xl - band.estimate());
        int magnitude = el < 0 ? ~el : el; // |EL| as in block 1L (one's complement for negatives)
        int i = 1;
        while (i < 30 && magnitude >= ((Q6[i] * band.scale()) >> 12)) {
            i++;
        }
        int il = el < 0 ? ILN[i] : ILP[i];
        int core = il >> 2;
        band.update(WL[RL42[core]], (band.scale() * QM4[core]) >> 15);
        return il;
    }

    /** Higher band encoder step: quantize EH with one decision level, update, return IH (2 bits). */
    static int encodeHigh(G722Band band, int xh) {
        int eh = G722Band.sat(xh - band.estimate());
        int magnitude = eh < 0 ? ~eh : eh;
        int mih = magnitude >= ((Q2 * band.scale()) >> 12) ? 2 : 1;
        int ih = eh < 0 ? IHN[mih] : IHP[mih];
        band.update(WH[RH2[ih]], (band.scale() * QM2[ih]) >> 15);
        return ih;
    }

    /** Lower band decoder step: RL from the 6-bit code; the predictor follows the 4-bit core like the encoder's. */
    static int decodeLow(G722Band band, int il) {
        int rl = limit15(band.estimate() + ((band.scale() * QM6[il]) >> 15));
        int core = il >> 2;
        band.update(WL[RL42[core]], (band.scale() * QM4[core]) >> 15);
        return rl;
    }

    static int decodeHigh(G722Band band, int ih) {
        int dh = (band.scale() * QM2[ih]) >> 15;
        int rh = limit15(band.estimate() + dh);
        band.update(WH[RH2[ih]], dh);
        return rh;
    }

    /** Encodes 16 kHz PCM, two samples per octet. */
    static final class Encoder implements AudioEncoder {
        private final G722Band low = new G722Band(true);
        private final G722Band high = new G722Band(false);
        /** Transmit QMF history: x[0] is the newest input sample, x[23] the oldest. */
        private final int[] x = new int[24];

        @Override
        public int sampleRate() {
            return 16000;
        }

        @Override
        public int encode(short[] pcm, int off, byte[] out, int outOff) {
            return encode(pcm, off, 320, out, outOff);
        }

        int encode(short[] pcm, int off, int samples, byte[] out, int outOff) {
            int n = samples / 2;
            for (int k = 0; k < n; k++) {
                System.arraycopy(x, 0, x, 2, 22);
                x[1] = pcm[off + 2 * k];
                x[0] = pcm[off + 2 * k + 1];
                // Transmit QMF (G.722 section 3.1.2): XA over even taps, XB over odd taps; XL = XA + XB, XH = XA - XB.
                int xa = 0;
                int xb = 0;
                for (int i = 0; i < 12; i++) {
                    xa += coefficient(2 * i) * x[2 * i];
                    xb += coefficient(2 * i + 1) * x[2 * i + 1];
                }
                int xl = (xa + xb) >> 14;
                int xh = (xa - xb) >> 14;
                int il = encodeLow(low, xl);
                int ih = encodeHigh(high, xh);
                out[outOff + k] = (byte) ((ih << 6) | il);
            }
            return n;
        }

        @Override
        public String describe() {
            return "G722";
        }

        @Override
        public void close() {}
    }

    /** Decodes octets to 16 kHz PCM; concealment repeats the last audio with a fade. */
    static final class Decoder implements AudioDecoder {
        private final G722Band low = new G722Band(true);
        private final G722Band high = new G722Band(false);
        /** Receive QMF histories of XD = RL - RH and XS = RL + RH; index 0 is the newest. */
        private final int[] xd = new int[12];

        private final int[] xs = new int[12];
        private final LastFrameConcealer concealer = new LastFrameConcealer(16000);

        @Override
        public int sampleRate() {
            return 16000;
        }

        @Override
        public int decode(byte[] payload, int off, int len, short[] pcm) {
            int n = Math.min(len, pcm.length / 2);
            for (int k = 0; k < n; k++) {
                int code = payload[off + k] & 0xFF;
                int rl = decodeLow(low, code & 0x3F);
                int rh = decodeHigh(high, code >> 6);
                System.arraycopy(xd, 0, xd, 1, 11);
                System.arraycopy(xs, 0, xs, 1, 11);
                xd[0] = rl - rh;
                xs[0] = rl + rh;
                // Receive QMF (G.722 section 4.4.2): XOUT(j) = 2 sum h(2i) XD(i), XOUT(j+1) = 2 sum h(2i+1) XS(i).
                int even = 0;
                int odd = 0;
                for (int i = 0; i < 12; i++) {
                    even += coefficient(2 * i) * xd[i];
                    odd += coefficient(2 * i + 1) * xs[i];
                }
                pcm[2 * k] = (short) G722Band.sat(even >> 11);
                pcm[2 * k + 1] = (short) G722Band.sat(odd >> 11);
            }
            concealer.remember(pcm, 2 * n);
            return 2 * n;
        }

        @Override
        public void conceal(short[] pcm, int samples, byte[] next, int nextOff, int nextLen) {
            concealer.conceal(pcm, samples);
        }

        @Override
        public void reset() {
            low.reset(true);
            high.reset(false);
            java.util.Arrays.fill(xd, 0);
            java.util.Arrays.fill(xs, 0);
            concealer.reset();
        }

        @Override
        public String describe() {
            return "G722";
        }

        @Override
        public void close() {}
    }

    static int coefficient(int i) {
        return i < 12 ? QMF[i] : QMF[23 - i];
    }
}
