package io.dialout.media.codec;

/**
 * Streaming rational sample-rate converter (48k to/from 8k and 16k, 16k to/from 8k): a polyphase FIR whose prototype
 * is a Kaiser-windowed sinc designed at {@code inRate * L}. Interpolation by L, low-pass, decimation by M, computing
 * only the output samples that are kept.
 * <p>
 * The low-pass passes up to 84% of the lower Nyquist frequency and reaches its stop band (about 70 dB down) at that
 * Nyquist frequency, so 8 kHz audio keeps the telephone band (3.4 kHz) and nothing above 4 kHz folds back.
 * The last input samples are kept between calls, so cutting a stream into frames gives exactly the output of one
 * call over the whole stream (no clicks at frame joins). Not thread-safe; no allocation after construction.
 */
public final class Resampler implements RateConverter {

    private static final double STOPBAND_DB = 70;

    private final int inRate;
    private final int outRate;
    private final int up;
    private final int down;
    private final int taps;
    /** coefficients[phase][j], reversed so that j runs forward over the input. */
    private final float[][] coefficients;

    private final float[] buffer;
    private final int maxInput;
    /** Position of the next output sample, in upsampled units, relative to the start of the next input. */
    private long position;

    /**
     * @param maxInput the largest number of samples one {@link #process} call will be given
     */
    public Resampler(int inRate, int outRate, int maxInput) {
        if (inRate <= 0 || outRate <= 0) {
            throw new IllegalArgumentException("rates must be positive");
        }
        this.inRate = inRate;
        this.outRate = outRate;
        this.maxInput = maxInput;
        int g = gcd(inRate, outRate);
        this.up = outRate / g;
        this.down = inRate / g;
        if (up == down) {
            taps = 0;
            coefficients = new float[0][];
            buffer = new float[0];
            return;
        }
        double upRate = (double) inRate * up;
        double nyquist = Math.min(inRate, outRate) / 2.0;
        double transition = 0.16 * nyquist;
        double cutoff = nyquist - transition / 2;
        // Kaiser's estimates for length and shape (Oppenheim & Schafer, 7.6).
        double beta = 0.1102 * (STOPBAND_DB - 8.7);
        int length = (int) Math.ceil((STOPBAND_DB - 7.95) / (14.36 * transition / upRate)) + 1;
        taps = (length + up - 1) / up;
        int total = taps * up;
        double[] h = new double[total];
        double centre = (total - 1) / 2.0;
        double fc = cutoff / upRate;
        double i0Beta = besselI0(beta);
        for (int n = 0; n < total; n++) {
            double t = n - centre;
            double sinc = t == 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * t) / (Math.PI * t);
            double r = 2.0 * n / (total - 1) - 1;
            double window = besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / i0Beta;
            h[n] = sinc * window * up;
        }
        coefficients = new float[up][taps];
        for (int p = 0; p < up; p++) {
            for (int k = 0; k < taps; k++) {
                coefficients[p][taps - 1 - k] = (float) h[p + k * up];
            }
        }
        buffer = new float[taps - 1 + maxInput];
    }

    public int inRate() {
        return inRate;
    }

    public int outRate() {
        return outRate;
    }

    /** Output samples {@link #process} yields for {@code n} input samples when n is a whole number of frames. */
    public int outputLength(int n) {
        return (int) ((long) n * up / down);
    }

    /** Filter delay in output samples. */
    public double delayOut() {
        return taps == 0 ? 0 : (taps * up - 1) / 2.0 / down;
    }

    /**
     * Converts {@code n} samples from {@code in[inOff]} and writes the output at {@code out[outOff]}.
     *
     * @return the number of output samples written
     */
    @Override
    public int process(short[] in, int inOff, int n, short[] out, int outOff) {
        if (n > maxInput) {
            throw new IllegalArgumentException("input of " + n + " exceeds " + maxInput);
        }
        if (up == down) {
            System.arraycopy(in, inOff, out, outOff, n);
            return n;
        }
        int history = taps - 1;
        for (int i = 0; i < n; i++) {
            buffer[history + i] = in[inOff + i];
        }
        int produced = 0;
        long end = (long) n * up;
        long t = position;
        while (t < end) {
            int index = (int) (t / up);
            float[] c = coefficients[(int) (t % up)];
            // Output at input index 'index' uses x[index - taps + 1 .. index], i.e. buffer[index .. index + history].
            out[outOff + produced++] = clamp(dot(c, buffer, index));
            t += down;
        }
        position = t - end;
        System.arraycopy(buffer, n, buffer, 0, history);
        return produced;
    }

    /** Four partial sums: independent chains the CPU can run in parallel (the JIT keeps float sums in order). */
    private float dot(float[] c, float[] x, int base) {
        float a0 = 0;
        float a1 = 0;
        float a2 = 0;
        float a3 = 0;
        int j = 0;
        for (; j + 3 < taps; j += 4) {
            a0 += c[j] * x[base + j];
            a1 += c[j + 1] * x[base + j + 1];
            a2 += c[j + 2] * x[base + j + 2];
            a3 += c[j + 3] * x[base + j + 3];
        }
        for (; j < taps; j++) {
            a0 += c[j] * x[base + j];
        }
        return (a0 + a1) + (a2 + a3);
    }

    /** Forgets the history (the next call starts from silence). */
    @Override
    public void reset() {
        java.util.Arrays.fill(buffer, 0);
        position = 0;
    }

    private static short clamp(float v) {
        int r = Math.round(v);
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, r));
    }

    /** The zeroth-order modified Bessel function of the first kind, for Kaiser windows (also the decimator's). */
    static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        for (int k = 1; k < 50; k++) {
            term *= (x / (2 * k)) * (x / (2 * k));
            sum += term;
            if (term < 1e-12 * sum) {
                break;
            }
        }
        return sum;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
