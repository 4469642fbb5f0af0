package io.dialout.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ToneTest {
    @Test
    void findsTheFrequencyOfASine() {
        short[] s = Tone.sine(440, 8000, 1000, 0.5);
        assertThat(Tone.dominantFrequency(s, 8000, 100, 3900)).isCloseTo(440, within(1.0));
        short[] t = Tone.sine(1234, 48000, 500, 0.5);
        assertThat(Tone.dominantFrequency(t, 48000, 100, 4000)).isCloseTo(1234, within(2.0));
    }

    @Test
    void levelsAreInDecibelsOfFullScale() {
        assertThat(Tone.rmsDbfs(Tone.sine(1000, 8000, 1000, 1.0))).isCloseTo(-3.01, within(0.1));
        assertThat(Tone.rmsDbfs(Tone.sine(1000, 8000, 1000, 0.1))).isCloseTo(-23.01, within(0.1));
        assertThat(Tone.rmsDbfs(new short[800])).isLessThan(-150);
    }

    @Test
    void purityTellsAToneFromNoise() {
        assertThat(Tone.purity(Tone.sine(700, 8000, 1000, 0.5), 8000, 700)).isGreaterThan(0.95);
        short[] noise = new short[8000];
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (short) r.nextInt(-8000, 8000);
        }
        assertThat(Tone.purity(noise, 8000, 700)).isLessThan(0.05);
    }

    @Test
    void wavRoundTrip() throws Exception {
        Path f = Files.createTempFile("tone", ".wav");
        try {
            short[] s = Tone.sine(600, 16000, 250, 0.3);
            Tone.writeWav(f, s, 16000);
            Tone.Wav w = Tone.readWav(f);
            assertThat(w.sampleRate()).isEqualTo(16000);
            assertThat(w.samples()).containsExactly(s);
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
