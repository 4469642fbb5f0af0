package io.dialout.media.codec;

/**
 * The adaptive predictor and scale factor of one G.722 sub-band ADPCM (ITU-T G.722 section 3, blocks 3L/3H and
 * 4L/4H). Encoder and decoder run identical copies, fed the same quantized differences, so they track each other.
 * Coefficients are in Q14 as in the Recommendation; all arithmetic saturates to 16 bits where it says so.
 */
final class G722Band {

    /** Scale factor tables, G.722 Table 11 (ILB), indexed by the 5 fractional bits of the log scale factor. */
    private static final int[] ILB = {
        2048, 2093, 2139, 2186, 2233, 2282, 2332, 2383, 2435, 2489, 2543, 2599, 2656, 2714, 2774, 2834,
        2896, 2960, 3025, 3091, 3158, 3228, 3298, 3371, 3444, 3520, 3597, 3676, 3756, 3838, 3922, 4008
    };

    private final int logScaleLimit;
    private final int scaleShift;

    /** Log scale factor (NBL / NBH) and linear scale factor (DETL / DETH). */
    private int logScale;

    private int scale;

    /** Pole section: A1, A2 and the partially reconstructed signals P and reconstructed signals R. */
    private final int[] a = new int[3];

    private final int[] r = new int[3];
    private final int[] p = new int[3];
    /** Zero section: B1..B6 and the last quantized differences D. */
    private final int[] b = new int[7];

    private final int[] d = new int[7];
    private int poleEstimate;
    private int zeroEstimate;
    private int estimate;

    /**
     * @param lowBand true for the lower sub-band (limit 18432, DETL = ILB shifted by 8 - NBL/2048); false for the
     *                higher (limit 22528, shift 10)
     */
    G722Band(boolean lowBand) {
        this.logScaleLimit = lowBand ? 18432 : 22528;
        this.scaleShift = lowBand ? 8 : 10;
        this.scale = lowBand ? 32 : 8;
    }

    /** The signal estimate SL / SH for the next sample. */
    int estimate() {
        return estimate;
    }

    /** The scale factor DETL / DETH for the next sample. */
    int scale() {
        return scale;
    }

    /**
     * Blocks 3 (LOGSCL, SCALEL) then 4 for one sample.
     *
     * @param logScaleStep W(I): the log scale factor multiplier for the transmitted code (Tables 12/14 of G.722)
     * @param difference   the quantized difference DL / DH (already scaled by the old scale factor)
     */
    void update(int logScaleStep, int difference) {
        adaptScale(logScaleStep);
        adaptPredictor(difference);
    }

    /** LOGSCL: NB = NB * (1 - 2^-7) + W, limited to [0, limit]; SCALEL: antilog by table and shift. */
    private void adaptScale(int logScaleStep) {
        int nb = ((logScale * 127) >> 7) + logScaleStep;
        logScale = Math.max(0, Math.min(logScaleLimit, nb));
        int fraction = (logScale >> 6) & 31;
        int shift = scaleShift - (logScale >> 11);
        int linear = shift < 0 ? ILB[fraction] << -shift : ILB[fraction] >> shift;
        scale = linear << 2;
    }

    private void adaptPredictor(int dq) {
        // RECONS and PARREC: reconstructed and partially reconstructed signals.
        d[0] = dq;
        r[0] = sat(estimate + dq);
        p[0] = sat(zeroEstimate + dq);

        // UPPOL2: A2 = A2 (1 - 2^-7) + 2^-7 sgn(P0 P2) - 2^-7 f(A1) sgn(P0 P1), f(A1) = 4 A1 limited, |A2| <= 0.75.
        boolean s0 = p[0] < 0;
        boolean s1 = p[1] < 0;
        boolean s2 = p[2] < 0;
        int fa1 = sat(a[1] << 2);
        int wd = s0 == s1 ? -fa1 : fa1;
        wd = Math.min(wd, 32767);
        int a2 = (wd >> 7) + (s0 == s2 ? 128 : -128) + ((a[2] * 32512) >> 15);
        a2 = Math.max(-12288, Math.min(12288, a2));

        // UPPOL1: A1 = A1 (1 - 2^-8) + 3 2^-8 sgn(P0 P1), |A1| <= 1 - 2^-4 - A2.
        int a1 = sat((s0 == s1 ? 192 : -192) + ((a[1] * 32640) >> 15));
        int a1Limit = sat(15360 - a2);
        a1 = Math.max(-a1Limit, Math.min(a1Limit, a1));

        // UPZERO: Bi = Bi (1 - 2^-8) + 2^-7 sgn(D0 Di), no step when D0 is zero.
        int step = dq == 0 ? 0 : 128;
        boolean sd0 = dq < 0;
        int[] newB = b;
        for (int i = 6; i >= 1; i--) {
            int bi = sat(((d[i] < 0) == sd0 ? step : -step) + ((b[i] * 32640) >> 15));
            newB[i] = bi;
        }

        // DELAYA: shift the histories.
        for (int i = 6; i >= 1; i--) {
            d[i] = d[i - 1];
        }
        r[2] = r[1];
        r[1] = r[0];
        p[2] = p[1];
        p[1] = p[0];
        a[1] = a1;
        a[2] = a2;

        // FILTEP and FILTEZ: pole and zero predictor outputs; PREDIC: their sum.
        int pole = ((a[1] * sat(r[1] + r[1])) >> 15) + ((a[2] * sat(r[2] + r[2])) >> 15);
        poleEstimate = sat(pole);
        int zero = 0;
        for (int i = 1; i <= 6; i++) {
            zero += (b[i] * sat(d[i] + d[i])) >> 15;
        }
        zeroEstimate = sat(zero);
        estimate = sat(poleEstimate + zeroEstimate);
    }

    void reset(boolean lowBand) {
        logScale = 0;
        scale = lowBand ? 32 : 8;
        java.util.Arrays.fill(a, 0);
        java.util.Arrays.fill(r, 0);
        java.util.Arrays.fill(p, 0);
        java.util.Arrays.fill(b, 0);
        java.util.Arrays.fill(d, 0);
        poleEstimate = 0;
        zeroEstimate = 0;
        estimate = 0;
    }

    static int sat(int v) {
        return Math.max(-32768, Math.min(32767, v));
    }
}
