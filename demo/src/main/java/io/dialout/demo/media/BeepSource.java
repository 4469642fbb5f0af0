package io.dialout.demo.media;

import java.util.Arrays;

/**
 * A short beep, then silence for as long as the call lasts: the IVR's "I am listening". Silence is still sent as
 * audio frames, so the caller keeps receiving media and its no-media timer does not fire.
 */
final class BeepSource implements PcmSource {
    private final SineSource beep;
    private int beepSamplesLeft;

    BeepSource(double freqHz, int millis, int sampleRate, double amplitude) {
        this.beep = new SineSource(freqHz, sampleRate, amplitude);
        this.beepSamplesLeft = sampleRate * millis / 1000;
    }

    @Override
    public void next(short[] pcm, int samples) {
        if (beepSamplesLeft > 0) {
            beep.next(pcm, samples);
            int n = Math.min(samples, beepSamplesLeft);
            Arrays.fill(pcm, n, samples, (short) 0);
            beepSamplesLeft -= n;
        } else {
            Arrays.fill(pcm, 0, samples, (short) 0);
        }
    }
}
