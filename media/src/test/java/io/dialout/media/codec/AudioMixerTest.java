package io.dialout.media.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dialout.testkit.Tone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The mixer in memory: three Opus talkers mixed to PCMU, each tone measured in the mix; headroom; silence cost; what
 * leaving silent packets undecoded (by their RFC 6464 level, or DTX) does to the audio: nothing audible, no clicks.
 */
class AudioMixerTest {
    private static final long MS = 1_000_000L;
    private static final double[] FREQS = {440, 660, 880};

    /** Opus-encoded 20 ms frames of a tone, one per tick. */
    private static final class Talker implements AutoCloseable {
        final long ssrc;
        final short[] pcm;
        final AudioEncoder enc = AudioCodecs.encoder(AudioFormat.opus(111), CodecOptions.DEFAULT);
        final byte[] buf = new byte[1500];
        int seq;

        Talker(long ssrc, double freq, double amplitude, int millis) {
            this.ssrc = ssrc;
            this.pcm = Tone.sine(freq, 48000, millis, amplitude);
        }

        void send(AudioMixer m, int frame, long now) {
            int n = enc.encode(pcm, (frame * 960) % (pcm.length - 960), buf, 0);
            m.receive(ssrc, seq++, 960L * frame, buf, 0, n, now);
        }

        /** An Opus DTX packet: the TOC byte alone (RFC 6716 section 3.2.1, a zero-length frame). */
        void sendDtx(AudioMixer m, int frame, long now) {
            buf[0] = (byte) 0x08;
            m.receive(ssrc, seq++, 960L * frame, buf, 0, 1, now);
        }

        @Override
        public void close() {
            enc.close();
        }
    }

    /** Runs {@code frames} ticks and returns the decoded PCMU mix (8 kHz). */
    private static short[] run(AudioMixer m, Talker[] talkers, int frames, boolean[] speaking) {
        short[] out = new short[frames * 160];
        byte[] payload = new byte[1500];
        short[] pcm = new short[160];
        G711Codec.Decoder dec = new G711Codec.Decoder(false);
        for (int f = 0; f < frames; f++) {
            long now = f * 20 * MS;
            for (int i = 0; i < talkers.length; i++) {
                if (speaking[i]) {
                    talkers[i].send(m, f, now);
                }
            }
            int n = m.produce(payload, 0, now);
            if (n > 0) {
                dec.decode(payload, 0, n, pcm);
                System.arraycopy(pcm, 0, out, f * 160, 160);
            }
        }
        return out;
    }

    private static double db(short[] s, int off, double freq) {
        return 10 * Math.log10(Tone.goertzel(s, off, 8000, 8000, freq));
    }

    @Test
    void eachTalkerIsHeardAtItsOwnLevel() {
        double amplitude = 0.2; // -14 dBFS each: together 0.6 peak, well inside the headroom
        Talker[] t = {
            new Talker(1, FREQS[0], amplitude, 2000),
            new Talker(2, FREQS[1], amplitude, 2000),
            new Talker(3, FREQS[2], amplitude, 2000)
        };
        try (AudioMixer m = new AudioMixer(AudioFormat.opus(111), AudioFormat.pcmu())) {
            short[] out = run(m, t, 150, new boolean[] {true, true, true});
            double sent = 20 * Math.log10(amplitude);
            for (double f : FREQS) {
                double got = db(out, 8000, f); // the second second: playout settled
                System.out.printf("mixer tone %.0f Hz: sent %.1f dB, mixed %.1f dB%n", f, sent, got);
                assertThat(got).as("%.0f Hz", f).isBetween(sent - 2, sent + 2);
            }
            assertThat(m.level(1)).isBetween(-20, -14); // RMS of a 0.2 sine: -17 dBov
        } finally {
            for (Talker x : t) {
                x.close();
            }
        }
    }

    @Test
    void loudTalkersTogetherAreLimitedNotClipped() {
        assertThat(AudioMixer.limit(1000)).isEqualTo((short) 1000);
        assertThat(AudioMixer.limit(-AudioMixer.KNEE)).isEqualTo((short) -AudioMixer.KNEE);
        int last = AudioMixer.KNEE;
        for (int x = AudioMixer.KNEE + 1; x <= 3 * 32767; x += 97) {
            int y = AudioMixer.limit(x);
            assertThat(y).isGreaterThanOrEqualTo(last).isLessThan(32767); // monotonic, never full scale
            assertThat(AudioMixer.limit(-x)).isEqualTo((short) -y);
            last = y;
        }
        // three near-full-scale talkers: the mix keeps every tone (no wrap-around) and stays inside full scale
        Talker[] t = {
            new Talker(1, FREQS[0], 0.9, 2000), new Talker(2, FREQS[1], 0.9, 2000), new Talker(3, FREQS[2], 0.9, 2000)
        };
        try (AudioMixer m = new AudioMixer(AudioFormat.opus(111), AudioFormat.pcmu())) {
            short[] out = run(m, t, 150, new boolean[] {true, true, true});
            int peak = 0;
            for (int i = 8000; i < 16000; i++) {
                peak = Math.max(peak, Math.abs(out[i]));
            }
            assertThat(peak).isLessThan(32500);
            for (double f : FREQS) {
                assertThat(db(out, 8000, f)).as("%.0f Hz", f).isGreaterThan(-12);
            }
        } finally {
            for (Talker x : t) {
                x.close();
            }
        }
    }

    @Test
    void silentAndDepartedTalkersAreNotDecoded() {
        Talker[] t = {
            new Talker(1, FREQS[0], 0.2, 2000), new Talker(2, FREQS[1], 0.2, 2000), new Talker(3, FREQS[2], 0.2, 2000)
        };
        try (AudioMixer m = new AudioMixer(AudioFormat.opus(111), AudioFormat.pcmu())) {
            run(m, t, 50, new boolean[] {true, true, true});
            long before = m.framesDecoded();
            // talker 2 leaves (sends nothing), talker 3 goes quiet with DTX, talker 1 speaks on for 2 s
            byte[] payload = new byte[1500];
            for (int f = 50; f < 150; f++) {
                long now = f * 20 * MS;
                t[0].send(m, f, now);
                if ((f - 50) % 20 == 0) {
                    t[2].sendDtx(m, f, now);
                }
                m.produce(payload, 0, now);
            }
            long decoded = m.framesDecoded() - before;
            // one speaker's 100 frames, plus a few for the others' jitter buffers draining and concealment
            assertThat(decoded)
                    .as("decodes in 100 ticks with one of three speaking")
                    .isLessThanOrEqualTo(
                            100 + AudioMixer.IDLE_MS / 20 + 5); // + the departed one's concealment until idle
            assertThat(m.level(2)).isEqualTo(-127);
            assertThat(m.level(3)).isEqualTo(-127);
            assertThat(m.level(1)).isGreaterThan(-30);
            m.remove(2);
            assertThat(m.sources()).isEqualTo(2);
        } finally {
            for (Talker x : t) {
                x.close();
            }
        }
    }

    /**
     * A talker in bursts of a 500 Hz tone (ten whole cycles a frame, so each burst starts and ends at a zero
     * crossing), with silence (digital, or noise at -70 dBov) in between, each packet marked with its RFC 6464 level;
     * a second participant silent throughout. With the levels the silent packets are left undecoded; without them
     * (the reference) everything is decoded. The phone must hear the same: the tone at its level in every burst, the
     * two outputs alike sample for sample, and no click where a burst starts or stops (no sample step beyond what the
     * tone itself takes).
     */
    @ParameterizedTest(name = "silence between bursts at {0} dBov")
    @CsvSource({"-200", "-70"})
    void silentPacketsByTheirLevelAreNotDecodedAndTheEdgesStayClean(int gapDbov) {
        int frames = 250;
        double amplitude = 0.3;
        short[] pcm = new short[frames * 960];
        boolean[] speech = new boolean[frames];
        short[] tone = Tone.sine(500, 48000, 20, amplitude);
        java.util.Random noise = new java.util.Random(9);
        double noiseRms = gapDbov < -150 ? 0 : 32768 * Math.pow(10, gapDbov / 20.0);
        for (int f = 0; f < frames; f++) {
            speech[f] = (f / 50) % 2 == 0; // 1 s bursts: frames 0-49, 100-149, 200-249
            for (int i = 0; i < 960; i++) {
                pcm[f * 960 + i] = speech[f] ? tone[i] : (short) Math.round(noise.nextGaussian() * noiseRms);
            }
        }
        int talkerLevel = -AudioMixer.dbov(tone, 960); // what a browser marks the tone's packets with
        int gapLevel = Math.min(127, -gapDbov);
        short[] withLevels;
        short[] reference;
        long decodedWithLevels;
        long decodedReference;
        long skipped;
        try (AudioMixer m = new AudioMixer(AudioFormat.opus(111), AudioFormat.pcmu());
                AudioMixer ref = new AudioMixer(AudioFormat.opus(111), AudioFormat.pcmu())) {
            withLevels = runBursts(m, pcm, speech, talkerLevel, gapLevel);
            reference = runBursts(ref, pcm, speech, -1, -1);
            decodedWithLevels = m.framesDecoded();
            decodedReference = ref.framesDecoded();
            skipped = m.packetsSkippedSilent();
        }
        // 150 speech frames, plus per edge one silent packet decoded after speech (the codec's look-ahead) and one
        // decoded unheard before it (the decoder catching up); the always-silent participant is never decoded
        System.out.printf(
                "bursts, gaps at %d dBov: decoded %d with levels (skipped %d), %d without%n",
                gapDbov, decodedWithLevels, skipped, decodedReference);
        assertThat(decodedReference).isGreaterThanOrEqualTo(2L * frames - 10);
        assertThat(decodedWithLevels).isBetween(150L - 5, 150L + 4 + 2);
        assertThat(skipped).isGreaterThanOrEqualTo(frames + 100 - 10);

        for (int burst = 0; burst < 3; burst++) {
            int from = (burst * 100 + 10) * 160; // from 200 ms into the burst
            double got = SignalQuality.toneDb(withLevels, from, 8000 * 3 / 5, 8000, 500);
            double ref = SignalQuality.toneDb(reference, from, 8000 * 3 / 5, 8000, 500);
            System.out.printf("burst %d: 500 Hz at %.2f dB (reference %.2f)%n", burst, got, ref);
            assertThat(got).isCloseTo(20 * Math.log10(amplitude), within(1.0));
            assertThat(got).isCloseTo(ref, within(0.3));
        }
        // sample for sample: the whole signal (bursts, edges and gaps) against the reference
        double snr = SignalQuality.snrDb(reference, withLevels, 0, withLevels.length - 200, 0);
        System.out.printf("with levels against the reference: %.1f dB SNR%n", snr);
        assertThat(snr).isGreaterThan(30);

        double toneStep = amplitude * 32767 * 2 * Math.sin(Math.PI * 500 / 8000);
        // Opus's own onsets and decays overshoot the ideal tone a little (the reference shows how much); a click, the
        // tone stopped or started near a peak (the codec's delay puts the frame edges there), steps about twice as far
        int[] worst = maxStep(withLevels);
        int[] worstRef = maxStep(reference);
        System.out.printf(
                "largest sample step: %d at %d (reference %d); the tone's own %.0f%n",
                worst[0], worst[1], worstRef[0], toneStep);
        assertThat((double) worst[0])
                .as("largest step (at sample %d)", worst[1])
                .isLessThan(toneStep * 1.5);
        assertThat(worst[0]).isLessThanOrEqualTo(worstRef[0] + 200);
    }

    /**
     * DTX between the bursts (a TOC-only packet every 400 ms, RFC 7587 section 3.1.3), starting right after speech
     * (harsher than an encoder, which waits for some silence first): nothing decoded in the gaps, and the speech
     * neither stops with a click before a gap (the codec's look-ahead of it fades out) nor starts with one after.
     */
    @Test
    void speechAfterDtxStartsWithoutAClick() {
        double amplitude = 0.3;
        short[] tone = Tone.sine(500, 48000, 20, amplitude);
        short[] out = new short[250 * 160];
        byte[] payload = new byte[1500];
        short[] frame = new short[160];
        G711Codec.Decoder dec = new G711Codec.Decoder(false);
        try (AudioMixer m = new AudioMixer(AudioFormat.opus(111), AudioFormat.pcmu());
                AudioEncoder enc = AudioCodecs.encoder(AudioFormat.opus(111), CodecOptions.DEFAULT)) {
            byte[] buf = new byte[1500];
            int seq = 0;
            long decodedInGaps = 0;
            for (int f = 0; f < 250; f++) {
                long now = f * 20 * MS;
                boolean speech = (f / 50) % 2 == 0;
                if (speech) {
                    int n = enc.encode(tone, 0, buf, 0);
                    m.receive(1, seq++, 960L * f, buf, 0, n, now);
                } else if ((f - 50) % 20 == 0) {
                    buf[0] = (byte) 0x08; // TOC alone: a DTX packet
                    m.receive(1, seq++, 960L * f, buf, 0, 1, now);
                }
                long before = m.framesDecoded();
                int n = m.produce(payload, 0, now);
                if (!speech && f % 50 > 5) {
                    decodedInGaps += m.framesDecoded() - before;
                }
                if (n > 0) {
                    dec.decode(payload, 0, n, frame);
                    System.arraycopy(frame, 0, out, f * 160, 160);
                }
            }
            assertThat(decodedInGaps).as("decodes in the DTX gaps").isZero();
        }
        for (int burst = 1; burst < 3; burst++) {
            int from = (burst * 100 + 10) * 160;
            assertThat(SignalQuality.toneDb(out, from, 8000 * 3 / 5, 8000, 500))
                    .isCloseTo(20 * Math.log10(amplitude), within(1.0));
        }
        double toneStep = amplitude * 32767 * 2 * Math.sin(Math.PI * 500 / 8000);
        int[] worst = maxStep(out);
        System.out.printf(
                "after DTX: largest sample step %d at %d; the tone's own %.0f%n", worst[0], worst[1], toneStep);
        assertThat((double) worst[0])
                .as("largest step (at sample %d)", worst[1])
                .isLessThan(toneStep * 1.5);
    }

    /** The per-frame path allocates nothing, silent and DTX sources included. */
    @Test
    void steadyStateAllocatesNothing() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        short[] tone = Tone.sine(500, 48000, 20, 0.3);
        short[] zeros = new short[960];
        byte[] voice = new byte[1500];
        byte[] quiet = new byte[1500];
        byte[] payload = new byte[1500];
        byte[] dtx = {0x08};
        try (AudioMixer m = new AudioMixer(AudioFormat.opus(111), AudioFormat.pcmu());
                AudioEncoder enc = AudioCodecs.encoder(AudioFormat.opus(111), CodecOptions.DEFAULT)) {
            int voiceLength = enc.encode(tone, 0, voice, 0);
            int quietLength = enc.encode(zeros, 0, quiet, 0);
            long before = 0;
            for (int f = 0; f < 150; f++) {
                if (f == 100) {
                    before = threads.getCurrentThreadAllocatedBytes();
                }
                long now = f * 20 * MS;
                boolean talking = (f / 20) % 2 == 0; // speech and silence alternate: both edges on the measured path
                m.receive(
                        1,
                        f,
                        960L * f,
                        talking ? voice : quiet,
                        0,
                        talking ? voiceLength : quietLength,
                        now,
                        talking ? 14 : 127);
                m.receive(2, f, 960L * f, quiet, 0, quietLength, now, 127);
                if (f % 20 == 0) {
                    m.receive(3, f / 20, 960L * f, dtx, 0, 1, now); // a DTX packet every 400 ms
                }
                m.produce(payload, 0, now);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertThat(allocated).as("bytes allocated over 50 frames").isLessThan(1024);
        }
    }

    private static short[] runBursts(AudioMixer m, short[] pcm, boolean[] speech, int talkerLevel, int gapLevel) {
        int frames = speech.length;
        short[] out = new short[frames * 160];
        byte[] buf = new byte[1500];
        byte[] payload = new byte[1500];
        short[] frame = new short[160];
        short[] zeros = new short[960];
        G711Codec.Decoder dec = new G711Codec.Decoder(false);
        try (AudioEncoder talker = AudioCodecs.encoder(AudioFormat.opus(111), CodecOptions.DEFAULT);
                AudioEncoder muted = AudioCodecs.encoder(AudioFormat.opus(111), CodecOptions.DEFAULT)) {
            for (int f = 0; f < frames; f++) {
                long now = f * 20 * MS;
                int n = talker.encode(pcm, f * 960, buf, 0);
                m.receive(1, f, 960L * f, buf, 0, n, now, speech[f] ? talkerLevel : gapLevel);
                n = muted.encode(zeros, 0, buf, 0);
                m.receive(2, 7000 + f, 5000 + 960L * f, buf, 0, n, now, gapLevel < 0 ? -1 : 127);
                n = m.produce(payload, 0, now);
                if (n > 0) {
                    dec.decode(payload, 0, n, frame);
                    System.arraycopy(frame, 0, out, f * 160, 160);
                }
            }
        }
        return out;
    }

    /** The largest difference between neighbouring samples, and where. */
    private static int[] maxStep(short[] s) {
        int worst = 0;
        int at = 0;
        for (int i = 1; i < s.length; i++) {
            int step = Math.abs(s[i] - s[i - 1]);
            if (step > worst) {
                worst = step;
                at = i;
            }
        }
        return new int[] {worst, at};
    }
}
