package io.dialout.demo.media;

/** A continuous sine: the phase runs on across frames, so the tone has no clicks at frame edges. */
final class SineSource implements PcmSource {
    private final double step;
    private final double amplitude;
    private double phase;

    /** @param amplitude peak, as a fraction of full scale */
    SineSource(double freqHz, int sampleRate, double amplitude) {
        this.step = 2 * Math.PI * freqHz / sampleRate;
        this.amplitude = amplitude * 32767;
    }

    /** The peak amplitude (fraction of full scale) whose RMS level is {@code dbfs} (a sine's RMS is peak / sqrt 2). */
    static double peakForRmsDbfs(double dbfs) {
        return Math.pow(10, dbfs / 20) * Math.sqrt(2);
    }

    @Override
    public void next(short[] pcm, int samples) {
        for (int i = 0; i < samples; i++) {
            pcm[i] = (short) Math.round(amplitude * Math.sin(phase));
            phase += step;
        }
        phase %= 2 * Math.PI;
    }
}
