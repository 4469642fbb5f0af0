package io.dialout.media.codec;

/** Streaming sample-rate conversion of mono 16-bit PCM, frame by frame. Not thread-safe. */
public interface RateConverter {

    /**
     * Converts {@code n} samples from {@code in[inOff]} and writes the output at {@code out[outOff]}.
     *
     * @return the number of output samples written
     */
    int process(short[] in, int inOff, int n, short[] out, int outOff);

    /** Forgets the history (the next call starts from silence). */
    void reset();

    /**
     * The converter for one rate pair: a {@link HalfBandDecimator} for 2:1 (16 kHz to 8 kHz, the common case since
     * Opus decodes to 16 kHz for a G.711 leg), else a {@link Resampler}; null for equal rates (nothing to do).
     *
     * @param maxInput the largest number of samples one {@link #process} call will be given
     */
    static RateConverter of(int inRate, int outRate, int maxInput) {
        if (inRate == outRate) {
            return null;
        }
        if (inRate == 2 * outRate) {
            return new HalfBandDecimator(inRate, maxInput);
        }
        return new Resampler(inRate, outRate, maxInput);
    }
}
