package io.dialout.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.testkit.Tone;
import org.junit.jupiter.api.Test;

/** The mixer in memory: three Opus talkers mixed to PCMU, each tone measured in the mix; headroom; silence cost. */
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
}
