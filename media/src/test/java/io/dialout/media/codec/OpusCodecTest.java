package io.dialout.media.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dialout.media.codec.CodecOptions.OpusImplementation;
import io.dialout.testkit.Tone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OpusCodecTest {

    private static final AudioFormat OPUS = AudioFormat.opus(111);

    @Test
    void nativeOpusLoadsFromTheLibjitsiJar() {
        assertThat(AudioCodecs.nativeOpusAvailable())
                .as(LibjitsiOpusLoader.FAILURE)
                .isTrue();
        try (AudioEncoder e = AudioCodecs.encoder(OPUS, CodecOptions.DEFAULT)) {
            assertThat(e.describe()).isEqualTo("opus(native)");
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = OpusImplementation.class,
            names = {"NATIVE", "JAVA"})
    void toneSurvivesEncodeThenDecode(OpusImplementation impl) {
        CodecOptions options = new CodecOptions(impl, OpusSettings.DEFAULT);
        short[] tone = Tone.sine(1000, 48000, 1000, 0.5);
        short[] back = new short[tone.length];
        try (AudioEncoder encoder = AudioCodecs.encoder(OPUS, options);
                AudioDecoder decoder = AudioCodecs.decoder(OPUS, options)) {
            byte[] packet = new byte[1500];
            short[] frame = new short[5760];
            for (int off = 0; off < tone.length; off += 960) {
                int len = encoder.encode(tone, off, packet, 0);
                assertThat(len).isBetween(1, 400);
                assertThat(decoder.decode(packet, 0, len, frame)).isEqualTo(960);
                System.arraycopy(frame, 0, back, off, 960);
            }
        }
        int skip = 4800;
        int len = 38400;
        assertThat(SignalQuality.dominant(back, skip, len, 48000, 100, 8000)).isCloseTo(1000, within(2.0));
        assertThat(SignalQuality.toneDb(back, skip, len, 48000, 1000))
                .isCloseTo(SignalQuality.toneDb(tone, skip, len, 48000, 1000), within(1.0));
        assertThat(SignalQuality.snrDb(tone, back, skip, len, 600)).isGreaterThan(15);
    }

    /** A lost frame comes back from the next packet's in-band FEC much closer to the original than PLC gets it. */
    @ParameterizedTest
    @EnumSource(
            value = OpusImplementation.class,
            names = {"NATIVE", "JAVA"})
    void fecRecoversALostFrameBetterThanPlc(OpusImplementation impl) {
        CodecOptions options = new CodecOptions(impl, OpusSettings.DEFAULT);
        // A tone that changes pitch every 100 ms: PLC extrapolates the old pitch, FEC carries the new one.
        short[] signal = new short[48000];
        for (int i = 0; i < signal.length; i++) {
            double f = 300 + 200 * (i / 4800);
            signal[i] = (short) (12000 * Math.sin(2 * Math.PI * f * i / 48000.0));
        }
        int frames = signal.length / 960;
        byte[][] packets = new byte[frames][];
        try (AudioEncoder encoder = AudioCodecs.encoder(OPUS, options)) {
            byte[] buf = new byte[1500];
            for (int k = 0; k < frames; k++) {
                int len = encoder.encode(signal, k * 960, buf, 0);
                packets[k] = java.util.Arrays.copyOf(buf, len);
            }
        }
        int lost = 30; // 600 ms: the first frame of a new pitch segment
        double fecSnr = snrOfLostFrame(options, packets, lost, true, signal);
        double plcSnr = snrOfLostFrame(options, packets, lost, false, signal);
        System.out.printf("%s: lost frame SNR with FEC %.1f dB, PLC %.1f dB%n", impl, fecSnr, plcSnr);
        assertThat(fecSnr).isGreaterThan(plcSnr + 3);
    }

    private static double snrOfLostFrame(
            CodecOptions options, byte[][] packets, int lost, boolean fec, short[] signal) {
        short[] out = new short[signal.length];
        short[] frame = new short[5760];
        try (AudioDecoder decoder = AudioCodecs.decoder(OPUS, options)) {
            for (int k = 0; k < packets.length; k++) {
                if (k == lost) {
                    byte[] next = fec ? packets[k + 1] : null;
                    decoder.conceal(frame, 960, next, 0, next == null ? 0 : next.length);
                } else {
                    decoder.decode(packets[k], 0, packets[k].length, frame);
                }
                System.arraycopy(frame, 0, out, k * 960, 960);
            }
        }
        // Compare the concealed frame with what the decoder made of the same frame when nothing was lost.
        short[] clean = new short[signal.length];
        try (AudioDecoder decoder = AudioCodecs.decoder(OPUS, options)) {
            for (int k = 0; k < packets.length; k++) {
                decoder.decode(packets[k], 0, packets[k].length, frame);
                System.arraycopy(frame, 0, clean, k * 960, 960);
            }
        }
        double s = 0;
        double n = 0;
        for (int i = lost * 960; i < (lost + 1) * 960; i++) {
            s += (double) clean[i] * clean[i];
            n += (double) (clean[i] - out[i]) * (clean[i] - out[i]);
        }
        return 10 * Math.log10(s / Math.max(n, 1));
    }
}
