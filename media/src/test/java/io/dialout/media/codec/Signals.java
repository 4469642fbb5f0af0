package io.dialout.media.codec;

/**
 * Tone generation and measurement for the codec tests. Temporary: replaced by io.dialout.testkit.Tone when the
 * testkit module lands on main.
 */
final class Signals {

    private Signals() {}

    static short[] sine(double freqHz, int sampleRate, int millis, double amplitude) {
        int n = sampleRate / 1000 * millis;
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            s[i] = (short) Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * freqHz * i / sampleRate));
        }
        return s;
    }

    /** Goertzel power at {@code freq}, normalised so a full-scale sine gives about 0.5 (its mean square). */
    static double goertzel(short[] x, int off, int len, int rate, double freq) {
        double w = 2 * Math.PI * freq / rate;
        double coeff = 2 * Math.cos(w);
        double s1 = 0;
        double s2 = 0;
        for (int i = 0; i < len; i++) {
            double s0 = x[off + i] / 32768.0 + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
        return 2 * power / ((double) len * len);
    }

    /** Frequency with the most energy between lo and hi, in 1 Hz steps refined to 0.1 Hz. */
    static double dominantFrequency(short[] x, int off, int len, int rate, double lo, double hi) {
        double best = lo;
        double bestPower = -1;
        for (double f = lo; f <= hi; f += 1) {
            double p = goertzel(x, off, len, rate, f);
            if (p > bestPower) {
                bestPower = p;
                best = f;
            }
        }
        double fine = best;
        for (double f = best - 1; f <= best + 1; f += 0.1) {
            double p = goertzel(x, off, len, rate, f);
            if (p > bestPower) {
                bestPower = p;
                fine = f;
            }
        }
        return fine;
    }

    static double rmsDbfs(short[] x, int off, int len) {
        double sum = 0;
        for (int i = 0; i < len; i++) {
            double v = x[off + i] / 32768.0;
            sum += v * v;
        }
        return 10 * Math.log10(sum / len + 1e-20);
    }

    /** Tone level in dBFS (a full-scale sine is -3 dBFS). */
    static double toneDbfs(short[] x, int off, int len, int rate, double freq) {
        return 10 * Math.log10(goertzel(x, off, len, rate, freq) + 1e-20);
    }

    /**
     * SNR of {@code actual} against {@code reference} after finding the delay (0..maxLag samples) and gain that fit
     * best: signal power over the power of what is left after subtracting the scaled, delayed reference.
     */
    static double snrDb(short[] reference, short[] actual, int skip, int len, int maxLag) {
        double best = Double.NEGATIVE_INFINITY;
        for (int lag = 0; lag <= maxLag; lag++) {
            double rr = 0;
            double ra = 0;
            double aa = 0;
            for (int i = skip; i < skip + len; i++) {
                double r = reference[i];
                double a = actual[i + lag];
                rr += r * r;
                ra += r * a;
                aa += a * a;
            }
            double gain = ra / rr;
            double noise = aa - 2 * gain * ra + gain * gain * rr;
            double signal = gain * gain * rr;
            double snr = 10 * Math.log10(signal / Math.max(noise, 1e-9));
            best = Math.max(best, snr);
        }
        return best;
    }
}
