package io.dialout.media.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AudioFormatTest {

    @ParameterizedTest
    @CsvSource({
        "opus, 48000, 2, 111, opus, 48000, 48000, 960, 960",
        "OPUS, 48000, 2, 96, opus, 48000, 48000, 960, 960",
        "PCMU, 8000, 1, 0, PCMU, 8000, 8000, 160, 160",
        "pcma, 8000, 0, 8, PCMA, 8000, 8000, 160, 160",
        "G722, 8000, 1, 9, G722, 8000, 16000, 160, 320",
        // RFC 3551 section 4.5.2: the clock stays 8000 even when a device writes the real sample rate.
        "G722, 16000, 1, 9, G722, 8000, 16000, 160, 320"
    })
    void rtpmapGivesClockAndSampleRate(
            String name,
            int clock,
            int channels,
            int pt,
            String canonical,
            int rtpClock,
            int sampleRate,
            int increment,
            int samples) {
        AudioFormat f = AudioFormat.fromRtpmap(name, clock, channels, pt);
        assertThat(f.name()).isEqualTo(canonical);
        assertThat(f.rtpClockRate()).isEqualTo(rtpClock);
        assertThat(f.sampleRate()).isEqualTo(sampleRate);
        assertThat(f.payloadType()).isEqualTo(pt);
        assertThat(f.timestampIncrement()).isEqualTo(increment);
        assertThat(f.samplesPerFrame()).isEqualTo(samples);
    }

    @ParameterizedTest
    @CsvSource({"G729", "telephone-event", "VP8", "iLBC"})
    void otherCodecsAreRefused(String name) {
        assertThat(AudioFormat.isSupported(name)).isFalse();
        assertThatThrownBy(() -> AudioFormat.fromRtpmap(name, 8000, 1, 18))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"opus, 44100, 48000", "G722, 16000, 16000", "PCMU, 8000, 16000"})
    void constructorRejectsInconsistentRates(String name, int clock, int rate) {
        assertThatThrownBy(() -> new AudioFormat(name, clock, rate, 1, 96))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
