package io.dialout.media.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dialout.testkit.Tone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResamplerTest {

    @ParameterizedTest
    @CsvSource({
        "48000, 8000, 1000", "8000, 48000, 1000", "48000, 16000, 1000", "16000, 48000, 1000",
        "16000, 8000, 1000", "8000, 16000, 440", "48000, 8000, 3000", "48000, 16000, 6500"
    })
    void toneKeepsItsFrequencyAndLevel(int inRate, int outRate, double freq) {
        short[] out = resampleInFrames(Tone.sine(freq, inRate, 1000, 0.5), inRate, outRate);
        int skip = outRate / 10;
        int len = outRate * 8 / 10;
        assertThat(SignalQuality.dominant(out, skip, len, outRate, 50, outRate / 2.0 - 50))
                .isCloseTo(freq, within(1.0));
        // -6 dB re full scale is the input's level (amplitude 0.5); the pass band is flat within a fraction of a dB.
        assertThat(SignalQuality.toneDb(out, skip, len, outRate, freq)).isCloseTo(-6.02, within(0.3));
    }

    @ParameterizedTest
    @CsvSource({"48000, 8000, 6000", "48000, 8000, 4500", "48000, 16000, 12000", "16000, 8000, 6000"})
    void toneAboveTheNewNyquistIsRemoved(int inRate, int outRate, double freq) {
        short[] out = resampleInFrames(Tone.sine(freq, inRate, 1000, 0.5), inRate, outRate);
        int skip = outRate / 10;
        int len = outRate * 8 / 10;
        // Whatever is left (the alias or filter leakage) must be more than 40 dB below the input tone.
        double input = Tone.rmsDbfs(Tone.sine(freq, inRate, 1000, 0.5));
        double output = Tone.rmsDbfs(out, skip, len);
        assertThat(output - input).isLessThan(-40);
    }

    /** Processing 20 ms frames gives exactly what one call over the whole signal gives: no clicks at frame joins. */
    @ParameterizedTest
    @CsvSource({"48000, 8000", "8000, 48000", "48000, 16000", "16000, 48000", "16000, 8000"})
    void framesJoinWithoutDiscontinuity(int inRate, int outRate) {
        short[] in = Tone.sine(440, inRate, 1000, 0.7);
        short[] framed = resampleInFrames(in, inRate, outRate);
        Resampler oneShot = new Resampler(inRate, outRate, in.length);
        short[] whole = new short[oneShot.outputLength(in.length)];
        assertThat(oneShot.process(in, 0, in.length, whole, 0)).isEqualTo(whole.length);
        assertThat(framed).isEqualTo(whole);
        // And the output itself is smooth: no sample-to-sample step bigger than the tone's own slope allows.
        double maxStep = 0.7 * 32767 * 2 * Math.PI * 440 / outRate * 1.05 + 2;
        for (int i = outRate / 100; i < framed.length; i++) {
            assertThat((double) Math.abs(framed[i] - framed[i - 1]))
                    .as("step at %d", i)
                    .isLessThan(maxStep);
        }
    }

    @Test
    void sameRateIsACopy() {
        short[] in = Tone.sine(1000, 8000, 20, 0.5);
        short[] out = new short[in.length];
        assertThat(new Resampler(8000, 8000, 160).process(in, 0, 160, out, 0)).isEqualTo(160);
        assertThat(out).isEqualTo(in);
    }

    private static short[] resampleInFrames(short[] in, int inRate, int outRate) {
        int frame = inRate / 50;
        Resampler r = new Resampler(inRate, outRate, frame);
        short[] out = new short[r.outputLength(in.length)];
        int written = 0;
        for (int off = 0; off < in.length; off += frame) {
            int n = r.process(in, off, frame, out, written);
            assertThat(n).isEqualTo(outRate / 50);
            written += n;
        }
        return out;
    }
}
