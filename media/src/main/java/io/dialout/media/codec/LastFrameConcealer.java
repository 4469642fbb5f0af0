package io.dialout.media.codec;

import java.util.Arrays;

/**
 * Loss concealment for codecs without their own (G.711, G.722): repeat the last good audio with a linear fade to
 * zero over {@link #FADE_MS}, then silence. Simple, and what G.711 Appendix I calls the minimum: it keeps short gaps
 * from clicking and stops a long gap from buzzing.
 */
final class LastFrameConcealer {

    static final int FADE_MS = 40;

    private final short[] last;
    private final int fadeSamples;
    private int lastLength;
    private int concealed;

    LastFrameConcealer(int sampleRate) {
        last = new short[sampleRate / 1000 * AudioFormat.FRAME_MS];
        fadeSamples = sampleRate / 1000 * FADE_MS;
    }

    /** Keeps the tail of good audio for the next concealment. */
    void remember(short[] pcm, int n) {
        if (n >= last.length) {
            System.arraycopy(pcm, n - last.length, last, 0, last.length);
            lastLength = last.length;
        } else if (n > 0) {
            int keep = Math.min(lastLength, last.length - n);
            System.arraycopy(last, lastLength - keep, last, 0, keep);
            System.arraycopy(pcm, 0, last, keep, n);
            lastLength = keep + n;
        }
        concealed = 0;
    }

    void conceal(short[] pcm, int samples) {
        if (lastLength == 0 || concealed >= fadeSamples) {
            Arrays.fill(pcm, 0, samples, (short) 0);
            concealed += samples;
            return;
        }
        for (int i = 0; i < samples; i++) {
            int remaining = fadeSamples - concealed;
            pcm[i] = remaining <= 0 ? 0 : (short) (last[(concealed % lastLength)] * remaining / fadeSamples);
            concealed++;
        }
    }

    void reset() {
        lastLength = 0;
        concealed = 0;
    }
}
