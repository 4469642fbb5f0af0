package io.dialout.media.codec;

/**
 * ITU-T G.711 companding, mu-law and A-law, by table lookup. The tables are built once from the segment rules of
 * G.711 (Tables 1a/1b and 2a/2b), so encoding a sample is one array read.
 * <p>
 * Linear samples are 16-bit; G.711 itself works on 14-bit (mu-law) or 13-bit (A-law) magnitudes, so the low bits
 * of a 16-bit sample are dropped on encode and decoded values are the 16-bit equivalents of the G.711 levels.
 */
public final class G711 {

    /** mu-law bias (33 in 14-bit units, times 4 for 16-bit input), G.711 section 3. */
    private static final int ULAW_BIAS = 0x84;

    private static final int ULAW_CLIP = 32635;

    private static final short[] ULAW_TO_LINEAR = new short[256];
    private static final short[] ALAW_TO_LINEAR = new short[256];
    private static final byte[] LINEAR_TO_ULAW = new byte[65536];
    private static final byte[] LINEAR_TO_ALAW = new byte[65536];

    static {
        for (int code = 0; code < 256; code++) {
            ULAW_TO_LINEAR[code] = (short) ulawDecodeRule(code);
            ALAW_TO_LINEAR[code] = (short) alawDecodeRule(code);
        }
        for (int s = Short.MIN_VALUE; s <= Short.MAX_VALUE; s++) {
            LINEAR_TO_ULAW[s & 0xFFFF] = (byte) ulawEncodeRule(s);
            LINEAR_TO_ALAW[s & 0xFFFF] = (byte) alawEncodeRule(s);
        }
    }

    private G711() {}

    public static byte linearToUlaw(int sample) {
        return LINEAR_TO_ULAW[sample & 0xFFFF];
    }

    public static short ulawToLinear(int code) {
        return ULAW_TO_LINEAR[code & 0xFF];
    }

    public static byte linearToAlaw(int sample) {
        return LINEAR_TO_ALAW[sample & 0xFFFF];
    }

    public static short alawToLinear(int code) {
        return ALAW_TO_LINEAR[code & 0xFF];
    }

    public static void encodeUlaw(short[] pcm, int off, int n, byte[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = LINEAR_TO_ULAW[pcm[off + i] & 0xFFFF];
        }
    }

    public static void decodeUlaw(byte[] in, int off, int n, short[] pcm, int pcmOff) {
        for (int i = 0; i < n; i++) {
            pcm[pcmOff + i] = ULAW_TO_LINEAR[in[off + i] & 0xFF];
        }
    }

    public static void encodeAlaw(short[] pcm, int off, int n, byte[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = LINEAR_TO_ALAW[pcm[off + i] & 0xFFFF];
        }
    }

    public static void decodeAlaw(byte[] in, int off, int n, short[] pcm, int pcmOff) {
        for (int i = 0; i < n; i++) {
            pcm[pcmOff + i] = ALAW_TO_LINEAR[in[off + i] & 0xFF];
        }
    }

    /**
     * mu-law: 8 segments of 16 steps, segment = position of the top bit of (|x| + bias); code bits inverted.
     * The quantizer is symmetric in |x| (a sample on a decision value goes to the upper step for either sign), which
     * is what spandsp, and so Asterisk and FreeSWITCH, do.
     */
    private static int ulawEncodeRule(int sample) {
        int sign = sample < 0 ? 0x80 : 0x00;
        int magnitude = Math.min(Math.abs(sample), ULAW_CLIP) + ULAW_BIAS;
        int segment = 7;
        for (int mask = 0x4000; (magnitude & mask) == 0 && segment > 0; mask >>= 1) {
            segment--;
        }
        int step = (magnitude >> (segment + 3)) & 0x0F;
        // All bits are inverted on the line, so positive values carry the top bit (0xFF and 0x7F are the zeros).
        return ~(sign | (segment << 4) | step) & 0xFF;
    }

    private static int ulawDecodeRule(int code) {
        int u = ~code & 0xFF;
        int segment = (u >> 4) & 0x07;
        int magnitude = ((((u & 0x0F) << 3) + ULAW_BIAS) << segment) - ULAW_BIAS;
        return (u & 0x80) != 0 ? -magnitude : magnitude;
    }

    /** A-law: 13-bit magnitude, segment 0 and 1 share the step size; even bits inverted (XOR 0x55), G.711 Table 1a. */
    private static int alawEncodeRule(int sample) {
        int sign;
        int magnitude;
        if (sample >= 0) {
            sign = 0x80;
            magnitude = sample >> 3;
        } else {
            sign = 0x00;
            magnitude = (-sample - 1) >> 3;
        }
        int segment = 0;
        while (segment < 8 && magnitude > (0x20 << segment) - 1) {
            segment++;
        }
        int code;
        if (segment >= 8) {
            code = 0x7F;
        } else {
            int step = segment < 2 ? (magnitude >> 1) & 0x0F : (magnitude >> segment) & 0x0F;
            code = (segment << 4) | step;
        }
        return (sign | code) ^ 0x55;
    }

    private static int alawDecodeRule(int code) {
        int a = (code ^ 0x55) & 0xFF;
        int segment = (a >> 4) & 0x07;
        int magnitude = ((a & 0x0F) << 4) + 8;
        if (segment >= 1) {
            magnitude += 0x100;
        }
        if (segment > 1) {
            magnitude <<= segment - 1;
        }
        return (a & 0x80) != 0 ? magnitude : -magnitude;
    }
}
