package io.dialout.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tones for media tests: make a sine, find the frequency and level of what came out the far end. Measuring a tone
 * (not a flag) is how tests prove media crossed the gateway in the right shape.
 */
public final class Tone {
    private Tone() {}

    /** A 16-bit mono sine of {@code amplitude} (0..1 of full scale). */
    public static short[] sine(double freqHz, int sampleRate, int millis, double amplitude) {
        int n = sampleRate * millis / 1000;
        short[] out = new short[n];
        for (int i = 0; i < n; i++) {
            out[i] = (short) Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * freqHz * i / sampleRate));
        }
        return out;
    }

    /**
     * Goertzel power of {@code freqHz} over {@code len} samples, normalised so a full-scale sine at exactly that
     * frequency gives about 1.0 (the squared amplitude).
     */
    public static double goertzel(short[] s, int off, int len, int sampleRate, double freqHz) {
        double w = 2 * Math.PI * freqHz / sampleRate;
        double coeff = 2 * Math.cos(w);
        double q1 = 0;
        double q2 = 0;
        for (int i = 0; i < len; i++) {
            double q0 = coeff * q1 - q2 + s[off + i] / 32768.0;
            q2 = q1;
            q1 = q0;
        }
        double power = q1 * q1 + q2 * q2 - coeff * q1 * q2;
        return 4 * power / ((double) len * len);
    }

    /**
     * The strongest frequency in [loHz, hiHz]: a coarse scan in 5 Hz steps, then a fine one in 0.5 Hz steps around
     * the peak. Accurate to about 1 Hz on a second of signal.
     */
    public static double dominantFrequency(short[] s, int sampleRate, double loHz, double hiHz) {
        double best = loHz;
        double bestPower = -1;
        for (double f = loHz; f <= hiHz; f += 5) {
            double p = goertzel(s, 0, s.length, sampleRate, f);
            if (p > bestPower) {
                bestPower = p;
                best = f;
            }
        }
        double centre = best;
        for (double f = centre - 5; f <= centre + 5; f += 0.5) {
            double p = goertzel(s, 0, s.length, sampleRate, f);
            if (p > bestPower) {
                bestPower = p;
                best = f;
            }
        }
        return best;
    }

    /** RMS level in dB relative to full scale (a full-scale sine is about -3 dBFS). */
    public static double rmsDbfs(short[] s) {
        return rmsDbfs(s, 0, s.length);
    }

    public static double rmsDbfs(short[] s, int off, int len) {
        double sum = 0;
        for (int i = off; i < off + len; i++) {
            double v = s[i] / 32768.0;
            sum += v * v;
        }
        return 10 * Math.log10(sum / Math.max(1, len) + 1e-20);
    }

    /**
     * Fraction of the signal's energy that lies at {@code freqHz} (1.0 for a pure tone, small for noise or a
     * distorted signal).
     */
    public static double purity(short[] s, int sampleRate, double freqHz) {
        double total = 0;
        for (short v : s) {
            double x = v / 32768.0;
            total += x * x;
        }
        total /= Math.max(1, s.length);
        double tone = goertzel(s, 0, s.length, sampleRate, freqHz) / 2; // a sine of amplitude A has power A^2/2
        return total == 0 ? 0 : Math.min(1, tone / total);
    }

    /** The samples of a 16-bit PCM WAV file (the first channel when there are more). */
    public static Wav readWav(Path file) {
        try {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            if (b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
                throw new IllegalArgumentException(file + " is not a RIFF/WAVE file");
            }
            int pos = 12;
            int channels = 1;
            int rate = 8000;
            int bits = 16;
            while (pos + 8 <= b.limit()) {
                int id = b.getInt(pos);
                int size = b.getInt(pos + 4);
                if (id == 0x20746d66) { // "fmt "
                    channels = b.getShort(pos + 10);
                    rate = b.getInt(pos + 12);
                    bits = b.getShort(pos + 22);
                } else if (id == 0x61746164) { // "data"
                    if (bits != 16) {
                        throw new IllegalArgumentException(file + ": only 16-bit PCM is read, not " + bits);
                    }
                    int frames = Math.min(size, b.limit() - pos - 8) / (2 * channels);
                    short[] out = new short[frames];
                    for (int i = 0; i < frames; i++) {
                        out[i] = b.getShort(pos + 8 + i * 2 * channels);
                    }
                    return new Wav(out, rate, channels);
                }
                pos += 8 + size + (size & 1);
            }
            throw new IllegalArgumentException(file + " has no data chunk");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes 16-bit mono PCM as a WAV file (for peers like baresip that play a file). */
    public static void writeWav(Path file, short[] samples, int sampleRate) {
        ByteBuffer b = ByteBuffer.allocate(44 + samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46464952).putInt(36 + samples.length * 2).putInt(0x45564157);
        b.putInt(0x20746d66)
                .putInt(16)
                .putShort((short) 1)
                .putShort((short) 1)
                .putInt(sampleRate)
                .putInt(sampleRate * 2)
                .putShort((short) 2)
                .putShort((short) 16);
        b.putInt(0x61746164).putInt(samples.length * 2);
        for (short v : samples) {
            b.putShort(v);
        }
        try {
            Files.write(file, b.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public record Wav(short[] samples, int sampleRate, int channels) {}
}
