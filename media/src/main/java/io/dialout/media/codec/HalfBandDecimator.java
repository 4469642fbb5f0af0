package io.dialout.media.codec;

/**
 * 2:1 decimation (16 kHz to 8 kHz) with a half-band FIR: a Kaiser-windowed sinc cut off at a quarter of the input
 * rate, whose even taps other than the centre are zero, and symmetric, so one output costs {@link #PAIRS}
 * multiplications (a general polyphase {@link Resampler} with its stop band wholly below the new Nyquist frequency
 * needs about five times as many for the same ratio).
 * <p>
 * Its band: flat to 7/32 of the input rate (3.5 kHz at 16 kHz, above the 300-3400 Hz telephone band, ITU-T G.712),
 * stop band from 9/32 (4.5 kHz), at least 70 dB down. What lies between 4 and 4.5 kHz folds into 3.5-4 kHz, partly
 * attenuated: outside the telephone band, and where speech has little energy. The last input samples are kept
 * between calls, so cutting a stream into frames gives the output of one call over the whole stream.
 */
public final class HalfBandDecimator implements RateConverter {

    /** Taps either side of the centre: the window spans 2 * HALF + 1 input samples. */
    static final int HALF = 35;
    /** Non-zero coefficient pairs (the odd offsets 1, 3, ..., HALF). */
    static final int PAIRS = (HALF + 1) / 2;

    private static final double STOPBAND_DB = 70;

    private final int inRate;
    /** pair[i]: the coefficient at offsets +-(2i + 1). */
    private final float[] pair = new float[PAIRS];

    private final float[] buffer;
    private final int maxInput;

    public HalfBandDecimator(int inRate, int maxInput) {
        if (maxInput % 2 != 0) {
            throw new IllegalArgumentException("frames must hold an even number of samples: " + maxInput);
        }
        this.inRate = inRate;
        this.maxInput = maxInput;
        double beta = 0.1102 * (STOPBAND_DB - 8.7); // Kaiser's shape for the stop band (Oppenheim & Schafer, 7.6)
        double i0Beta = Resampler.besselI0(beta);
        for (int i = 0; i < PAIRS; i++) {
            int k = 2 * i + 1;
            double sinc = Math.sin(Math.PI * k / 2) / (Math.PI * k); // ideal low-pass at a quarter of the rate
            double r = (double) k / HALF;
            double window = Resampler.besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / i0Beta;
            pair[i] = (float) (sinc * window);
        }
        buffer = new float[2 * HALF + maxInput];
    }

    public int inRate() {
        return inRate;
    }

    /** Filter delay in output samples. */
    public double delayOut() {
        return HALF / 2.0;
    }

    @Override
    public int process(short[] in, int inOff, int n, short[] out, int outOff) {
        if (n > maxInput || n % 2 != 0) {
            throw new IllegalArgumentException("input of " + n + " samples (at most " + maxInput + ", even)");
        }
        int history = 2 * HALF;
        for (int i = 0; i < n; i++) {
            buffer[history + i] = in[inOff + i];
        }
        int produced = 0;
        for (int centre = HALF; centre < HALF + n; centre += 2) {
            float acc = 0.5f * buffer[centre];
            for (int i = 0; i < PAIRS; i++) {
                int k = 2 * i + 1;
                acc += pair[i] * (buffer[centre - k] + buffer[centre + k]);
            }
            int r = Math.round(acc);
            out[outOff + produced++] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, r));
        }
        System.arraycopy(buffer, n, buffer, 0, history);
        return produced;
    }

    @Override
    public void reset() {
        java.util.Arrays.fill(buffer, 0);
    }
}
