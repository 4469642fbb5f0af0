package io.dialout.bench.codec;

/** Speech-like test input for the codec benchmarks: two tones with a slow vibrato (not silence, which is cheap). */
final class BenchSignals {

    private BenchSignals() {}

    static short[] voiceLike(int sampleRate, int millis) {
        int n = sampleRate / 1000 * millis;
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            double t = (double) i / sampleRate;
            double f = 220 + 30 * Math.sin(2 * Math.PI * 3 * t);
            double v = 0.3 * Math.sin(2 * Math.PI * f * t) + 0.15 * Math.sin(2 * Math.PI * 3.1 * f * t);
            s[i] = (short) Math.round(v * 32767);
        }
        return s;
    }
}
