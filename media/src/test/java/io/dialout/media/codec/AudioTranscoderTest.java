package io.dialout.media.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dialout.media.codec.CodecOptions.OpusImplementation;
import io.dialout.testkit.Tone;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each transcoding direction end to end: a tone encoded in the input format, sent as RTP payloads, transcoded, and
 * the output decoded and measured (frequency and level), as a far-end phone or browser would hear it.
 */
class AudioTranscoderTest {

    private static final int SECONDS = 2;

    @ParameterizedTest(name = "{0} -> {1} at {2} Hz ({3})")
    @CsvSource({
        "opus, PCMU, 440, NATIVE",
        "opus, PCMU, 1000, NATIVE",
        "PCMU, opus, 440, NATIVE",
        "PCMU, opus, 1000, NATIVE",
        "PCMU, opus, 3000, NATIVE",
        "opus, PCMA, 440, NATIVE",
        "opus, PCMA, 1000, NATIVE",
        "PCMA, opus, 440, NATIVE",
        "PCMA, opus, 1000, NATIVE",
        "opus, G722, 440, NATIVE",
        "opus, G722, 1000, NATIVE",
        "opus, G722, 5000, NATIVE",
        "G722, opus, 440, NATIVE",
        "G722, opus, 1000, NATIVE",
        "G722, opus, 5000, NATIVE",
        "G722, PCMU, 440, NATIVE",
        "G722, PCMU, 1000, NATIVE",
        "PCMU, G722, 1000, NATIVE",
        "PCMA, PCMU, 1000, NATIVE",
        "opus, PCMU, 1000, JAVA",
        "PCMU, opus, 1000, JAVA"
    })
    void toneKeepsFrequencyAndLevel(String inName, String outName, double freq, OpusImplementation opus) {
        CodecOptions options = new CodecOptions(opus, OpusSettings.DEFAULT);
        AudioFormat in = format(inName);
        AudioFormat out = format(outName);
        short[] tone = Tone.sine(freq, in.sampleRate(), SECONDS * 1000, 0.5);
        List<byte[]> packets = encode(in, tone, options);

        short[] received;
        try (AudioTranscoder transcoder = new AudioTranscoder(in, out, options)) {
            assertThat(transcoder.outTimestampIncrement()).isEqualTo(out.timestampIncrement());
            List<byte[]> produced = run(transcoder, packets, i -> 2.0, new Random(1));
            received = decode(out, produced, options);
            assertThat(transcoder.framesConcealed()).isZero();
        }

        int rate = out.sampleRate();
        int skip = rate / 5;
        int len = rate; // one second from 200 ms on
        double dominant = SignalQuality.dominant(received, skip, len, rate, 100, rate / 2.0 - 100);
        double level = SignalQuality.toneDb(received, skip, len, rate, freq);
        double total = Tone.rmsDbfs(received, skip, len);
        System.out.printf(
                "%s -> %s (%s) %s Hz: dominant %.1f Hz, tone %.1f dB (sent -6.0), total %.1f dBFS%n",
                inName, outName, opus, freq, dominant, level, total);
        assertThat(dominant).isCloseTo(freq, within(3.0));
        assertThat(level).isCloseTo(-6.02, within(1.5));
        // Nearly all the energy is the tone: total RMS of a -6 dB sine is -9 dBFS.
        assertThat(total).isCloseTo(-9.03, within(1.5));
    }

    /**
     * Opus encodes straight from the phone's rate and decodes to 16 kHz (then 2:1 to 8 kHz for G.711): the band is
     * still flat (G.722's own edge is 7 kHz) and nothing folds. Tones across the phone's band keep their level; the tones of a 48 kHz Opus source
     * above the phone's Nyquist frequency leave no alias in the band (a 5 kHz tone would come back as 3 kHz at 8 kHz,
     * a 9 kHz one as 7 kHz at 16 kHz). The alias is measured at its own frequency: the Opus coding noise that any
     * tone brings across the band is the source's, not a fold.
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "opus, PCMU, 300 1000 2000 3000 3400, 4500 5000 6000 7000 10000 15000",
        "opus, G722, 300 1000 4000 6000 6500, 9000 10000 12000 14000 20000",
        "PCMU, opus, 300 1000 2000 3000 3400, ''",
        "G722, opus, 300 1000 4000 6000 6500, ''"
    })
    void bandIsFlatAndNothingFolds(String inName, String outName, String passBand, String aboveBand) {
        AudioFormat in = format(inName);
        AudioFormat out = format(outName);
        int rate = out.sampleRate();
        for (String f : passBand.split(" ")) {
            double freq = Double.parseDouble(f);
            double level = SignalQuality.toneDb(transcodeTone(in, out, freq), rate / 5, rate, rate, freq);
            System.out.printf("%s -> %s, %.0f Hz: tone %.1f dB (sent -6.0)%n", inName, outName, freq, level);
            assertThat(level).as("%.0f Hz", freq).isCloseTo(-6.02, within(1.5));
        }
        int phoneRate = Math.min(in.sampleRate(), out.sampleRate());
        for (String f : aboveBand.isBlank() ? new String[0] : aboveBand.split(" ")) {
            double freq = Double.parseDouble(f);
            double alias = Math.abs(freq - phoneRate * Math.round(freq / phoneRate));
            double level = SignalQuality.toneDb(transcodeTone(in, out, freq), rate / 5, rate, rate, alias);
            // what the Opus stream itself holds there (its encoder's own resampling folds a little): decoded at 48 kHz
            List<byte[]> packets = encode(in, Tone.sine(freq, in.sampleRate(), 1500, 0.5), CodecOptions.DEFAULT);
            int full = in.sampleRate();
            double source =
                    SignalQuality.toneDb(decode(in, packets, CodecOptions.DEFAULT), full / 5, full, full, alias);
            System.out.printf(
                    "%s -> %s, %.0f Hz (above the band): at its alias %.0f Hz %.1f dB (the source holds %.1f dB)%n",
                    inName, outName, freq, alias, level, source);
            // 60 dB below the tone, or no more than the source brought
            assertThat(level).as("%.0f Hz folded to %.0f Hz", freq, alias).isLessThan(Math.max(-66, source + 1));
        }
    }

    private static short[] transcodeTone(AudioFormat in, AudioFormat out, double freq) {
        List<byte[]> packets = encode(in, Tone.sine(freq, in.sampleRate(), 1500, 0.5), CodecOptions.DEFAULT);
        try (AudioTranscoder transcoder = new AudioTranscoder(in, out)) {
            return decode(out, run(transcoder, packets, i -> 2.0, new Random(5)), CodecOptions.DEFAULT);
        }
    }

    @ParameterizedTest(name = "{0} -> {1} under 10% loss and reordering")
    @CsvSource({"opus, PCMU", "PCMU, opus", "G722, opus", "opus, G722", "PCMA, opus"})
    void outputKeepsFlowingUnderLossAndReordering(String inName, String outName) {
        CodecOptions options = CodecOptions.DEFAULT;
        AudioFormat in = format(inName);
        AudioFormat out = format(outName);
        short[] tone = Tone.sine(1000, in.sampleRate(), 5000, 0.5);
        List<byte[]> packets = encode(in, tone, options);
        Random random = new Random(3);
        int frames = packets.size();
        boolean[] lost = new boolean[frames];
        for (int i = 10; i < frames; i++) {
            lost[i] = random.nextInt(10) == 0;
        }
        short[] received;
        try (AudioTranscoder transcoder = new AudioTranscoder(in, out, options)) {
            // Every 7th packet is held back 30 ms (arrives after its successor); 10% are lost.
            List<byte[]> produced = run(transcoder, packets, i -> lost[i] ? Double.NaN : (i % 7 == 3 ? 32 : 2), random);
            assertThat(produced).hasSizeGreaterThanOrEqualTo(frames - 3);
            assertThat(produced).allSatisfy(p -> assertThat(p.length).isPositive());
            assertThat(transcoder.framesConcealed()).isGreaterThan(frames / 20);
            received = decode(out, produced, options);
        }
        int rate = out.sampleRate();
        double dominant = SignalQuality.dominant(received, rate / 2, rate * 4, rate, 100, rate / 2.0 - 100);
        double level = SignalQuality.toneDb(received, rate / 2, rate * 4, rate, 1000);
        System.out.printf("%s -> %s, 10%% loss: dominant %.1f Hz, tone %.1f dB%n", inName, outName, dominant, level);
        assertThat(dominant).isCloseTo(1000, within(3.0));
        // Concealed frames fade: the tone stays within a few dB of what was sent.
        assertThat(level).isCloseTo(-6.02, within(4.0));
    }

    /** A new SSRC with unrelated sequence and timestamp bases: the new stream plays after a short restart. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"PCMU, opus", "opus, PCMA"})
    void ssrcChangeRestartsOnTheNewStream(String inName, String outName) {
        AudioFormat in = format(inName);
        AudioFormat out = format(outName);
        List<byte[]> first = encode(in, Tone.sine(440, in.sampleRate(), 1000, 0.5), CodecOptions.DEFAULT);
        List<byte[]> second = encode(in, Tone.sine(1000, in.sampleRate(), 1000, 0.5), CodecOptions.DEFAULT);
        List<byte[]> produced = new ArrayList<>();
        byte[] buf = new byte[1500];
        try (AudioTranscoder transcoder = new AudioTranscoder(in, out)) {
            long t = 0;
            for (int i = 0; i < 50; i++, t += 20_000_000L) {
                transcoder.receive(
                        0x1111L,
                        100 + i,
                        5000L + (long) i * in.timestampIncrement(),
                        first.get(i),
                        0,
                        first.get(i).length,
                        t);
                collect(transcoder.produce(buf, 0), buf, produced);
            }
            for (int i = 0; i < 50; i++, t += 20_000_000L) {
                transcoder.receive(
                        0x2222L,
                        40000 + i,
                        3_000_000_000L + (long) i * in.timestampIncrement(),
                        second.get(i),
                        0,
                        second.get(i).length,
                        t);
                collect(transcoder.produce(buf, 0), buf, produced);
            }
            assertThat(transcoder.jitterBuffer().restarts()).isEqualTo(1);
            // Output never pauses across the restart (only before the very first frame).
            assertThat(produced).hasSizeGreaterThanOrEqualTo(98);
        }
        short[] pcm = decode(out, produced, CodecOptions.DEFAULT);
        int rate = out.sampleRate();
        int half = produced.size() / 2 * out.samplesPerFrame();
        assertThat(SignalQuality.dominant(pcm, rate / 5, rate / 2, rate, 100, 3000))
                .isCloseTo(440, within(3.0));
        assertThat(SignalQuality.dominant(pcm, half + rate / 5, rate / 2, rate, 100, 3000))
                .isCloseTo(1000, within(3.0));
        assertThat(SignalQuality.toneDb(pcm, half + rate / 5, rate / 2, rate, 1000))
                .isCloseTo(-6.02, within(1.5));
    }

    /** The per-frame path allocates nothing (measured with the JVM's per-thread allocation counter). */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"PCMU, G722", "G722, PCMA", "opus, PCMU", "PCMU, opus"})
    void steadyStateAllocatesNothing(String inName, String outName) {
        AudioFormat in = format(inName);
        AudioFormat out = format(outName);
        List<byte[]> packets = encode(in, Tone.sine(440, in.sampleRate(), 2000, 0.5), CodecOptions.DEFAULT);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        byte[] buf = new byte[1500];
        try (AudioTranscoder transcoder = new AudioTranscoder(in, out)) {
            long before = 0;
            for (int i = 0; i < packets.size(); i++) {
                if (i == 50) {
                    before = threads.getCurrentThreadAllocatedBytes();
                }
                byte[] p = packets.get(i);
                // Every 10th packet lost, so concealment is on the measured path too.
                if (i % 10 != 7) {
                    transcoder.receive(7L, i, (long) i * in.timestampIncrement(), p, 0, p.length, i * 20_000_000L);
                }
                transcoder.produce(buf, 0);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertThat(allocated).as("bytes allocated over 50 frames").isLessThan(1024);
        }
    }

    private static void collect(int n, byte[] buf, List<byte[]> produced) {
        if (n >= 0) {
            produced.add(java.util.Arrays.copyOf(buf, n));
        }
    }

    /** Sends packet i at i*20 ms (arriving after delay(i) ms; NaN = lost) and produces a frame every 20 ms. */
    private static List<byte[]> run(
            AudioTranscoder transcoder,
            List<byte[]> packets,
            java.util.function.IntToDoubleFunction delay,
            Random random) {
        AudioFormat in = transcoder.inFormat();
        record Arrival(int index, double atMs) {}
        List<Arrival> arrivals = new ArrayList<>();
        for (int i = 0; i < packets.size(); i++) {
            double d = delay.applyAsDouble(i);
            if (!Double.isNaN(d)) {
                arrivals.add(new Arrival(i, i * 20.0 + d));
            }
        }
        arrivals.sort(java.util.Comparator.comparingDouble(Arrival::atMs));
        int seq0 = random.nextInt(65536);
        long ts0 = random.nextInt() & 0xFFFFFFFFL;
        List<byte[]> produced = new ArrayList<>();
        byte[] out = new byte[1500];
        int next = 0;
        for (int tick = 0; tick < packets.size() + 10; tick++) {
            if (next == arrivals.size() && transcoder.jitterBuffer().size() == 0) {
                break; // all delivered and played: further frames would conceal the end of the stream
            }
            double now = tick * 20.0 + 10;
            while (next < arrivals.size() && arrivals.get(next).atMs() <= now) {
                Arrival a = arrivals.get(next++);
                byte[] p = packets.get(a.index());
                transcoder.receive(
                        (seq0 + a.index()) & 0xFFFF,
                        (ts0 + (long) a.index() * in.timestampIncrement()) & 0xFFFFFFFFL,
                        p,
                        0,
                        p.length,
                        (long) (a.atMs() * 1e6));
            }
            int n = transcoder.produce(out, 0);
            if (n >= 0) {
                produced.add(java.util.Arrays.copyOf(out, n));
            }
        }
        return produced;
    }

    private static List<byte[]> encode(AudioFormat format, short[] pcm, CodecOptions options) {
        List<byte[]> packets = new ArrayList<>();
        byte[] buf = new byte[1500];
        try (AudioEncoder encoder = AudioCodecs.encoder(format, options)) {
            for (int off = 0; off + format.samplesPerFrame() <= pcm.length; off += format.samplesPerFrame()) {
                int n = encoder.encode(pcm, off, buf, 0);
                packets.add(java.util.Arrays.copyOf(buf, n));
            }
        }
        return packets;
    }

    private static short[] decode(AudioFormat format, List<byte[]> payloads, CodecOptions options) {
        short[] pcm = new short[payloads.size() * format.samplesPerFrame()];
        short[] frame = new short[5760];
        try (AudioDecoder decoder = AudioCodecs.decoder(format, options)) {
            int at = 0;
            for (byte[] p : payloads) {
                int n = decoder.decode(p, 0, p.length, frame);
                assertThat(n).isEqualTo(format.samplesPerFrame());
                System.arraycopy(frame, 0, pcm, at, n);
                at += n;
            }
        }
        return pcm;
    }

    private static AudioFormat format(String name) {
        return switch (name) {
            case "opus" -> AudioFormat.opus(111);
            case "PCMU" -> AudioFormat.pcmu();
            case "PCMA" -> AudioFormat.pcma();
            case "G722" -> AudioFormat.g722();
            default -> throw new IllegalArgumentException(name);
        };
    }
}
