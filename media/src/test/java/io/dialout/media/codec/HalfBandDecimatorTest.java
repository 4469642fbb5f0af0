package io.dialout.media.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dialout.testkit.Tone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The 2:1 decimator measured with tones: flat telephone band, nothing folds from 4.5 kHz up, clean frame joins. */
class HalfBandDecimatorTest {

    @ParameterizedTest
    @ValueSource(doubles = {100, 300, 1000, 2000, 3000, 3400})
    void toneInTheTelephoneBandKeepsItsFrequencyAndLevel(double freq) {
        short[] out = decimateInFrames(Tone.sine(freq, 16000, 1000, 0.5));
        assertThat(SignalQuality.dominant(out, 800, 6400, 8000, 50, 3950)).isCloseTo(freq, within(1.0));
        assertThat(SignalQuality.toneDb(out, 800, 6400, 8000, freq)).isCloseTo(-6.02, within(0.1));
    }

    @ParameterizedTest
    @ValueSource(doubles = {4500, 5000, 6000, 7000, 7900})
    void toneAboveTheStopBandEdgeDoesNotFoldBack(double freq) {
        short[] out = decimateInFrames(Tone.sine(freq, 16000, 1000, 0.5));
        double input = Tone.rmsDbfs(Tone.sine(freq, 16000, 1000, 0.5));
        double output = Tone.rmsDbfs(out, 800, 6400);
        System.out.printf("half-band 16k->8k: %.0f Hz folds to %.1f dB re input%n", freq, output - input);
        assertThat(output - input).isLessThan(-68); // 70 dB by design; rounding to 16 bits adds a little
    }

    @Test
    void framesJoinWithoutDiscontinuityAndDelayIsAsStated() {
        short[] in = Tone.sine(440, 16000, 1000, 0.7);
        short[] framed = decimateInFrames(in);
        HalfBandDecimator oneShot = new HalfBandDecimator(16000, in.length);
        short[] whole = new short[in.length / 2];
        assertThat(oneShot.process(in, 0, in.length, whole, 0)).isEqualTo(whole.length);
        assertThat(framed).isEqualTo(whole);
        double maxStep = 0.7 * 32767 * 2 * Math.PI * 440 / 8000 * 1.05 + 2;
        for (int i = 80; i < framed.length; i++) {
            assertThat((double) Math.abs(framed[i] - framed[i - 1]))
                    .as("step at %d", i)
                    .isLessThan(maxStep);
        }
        // an impulse comes out HALF input samples later: delayOut() output samples
        short[] impulse = new short[320];
        impulse[100] = 20000;
        short[] response = new short[160];
        new HalfBandDecimator(16000, 320).process(impulse, 0, 320, response, 0);
        int peak = 0;
        for (int i = 1; i < response.length; i++) {
            if (Math.abs(response[i]) > Math.abs(response[peak])) {
                peak = i;
            }
        }
        assertThat((double) peak).isCloseTo((100 + HalfBandDecimator.HALF) / 2.0, within(0.5));
    }

    @Test
    void costsAFifthOfTheGeneralResamplerPerOutput() {
        // the general polyphase filter for 16k->8k (stop band below 4 kHz) against the half-band's pairs
        assertThat(HalfBandDecimator.PAIRS).isLessThanOrEqualTo(18);
        assertThat(RateConverter.of(16000, 8000, 320)).isInstanceOf(HalfBandDecimator.class);
        assertThat(RateConverter.of(48000, 8000, 960)).isInstanceOf(Resampler.class);
        assertThat(RateConverter.of(8000, 8000, 160)).isNull();
    }

    private static short[] decimateInFrames(short[] in) {
        HalfBandDecimator d = new HalfBandDecimator(16000, 320);
        short[] out = new short[in.length / 2];
        int written = 0;
        for (int off = 0; off + 320 <= in.length; off += 320) {
            int n = d.process(in, off, 320, out, written);
            assertThat(n).isEqualTo(160);
            written += n;
        }
        return out;
    }
}
