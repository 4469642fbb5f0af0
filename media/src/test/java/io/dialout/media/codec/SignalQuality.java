package io.dialout.media.codec;

/** What the codec tests need beyond io.dialout.testkit.Tone: SNR after the codec's delay and gain are taken out. */
final class SignalQuality {

    private SignalQuality() {}

    /**
     * SNR of {@code actual} against {@code reference}, trying every delay of {@code actual} from 0 to {@code maxLag}
     * samples and the least-squares gain for each: signal power over the power of the residual.
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
            best = Math.max(best, 10 * Math.log10(signal / Math.max(noise, 1e-9)));
        }
        return best;
    }

    /** Level of the {@code freq} component in dB relative to a full-scale sine (Goertzel). */
    static double toneDb(short[] x, int off, int len, int rate, double freq) {
        return 10 * Math.log10(io.dialout.testkit.Tone.goertzel(x, off, len, rate, freq) + 1e-20);
    }

    /** Dominant frequency of a part of {@code x}. */
    static double dominant(short[] x, int off, int len, int rate, double lo, double hi) {
        return io.dialout.testkit.Tone.dominantFrequency(java.util.Arrays.copyOfRange(x, off, off + len), rate, lo, hi);
    }
}
