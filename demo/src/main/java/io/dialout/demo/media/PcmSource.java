package io.dialout.demo.media;

/** Produces the PCM a sender encodes, one 20 ms frame at a time. Used by the scheduler thread only. */
interface PcmSource {
    /** Fills {@code pcm[0, samples)} with the next frame. */
    void next(short[] pcm, int samples);
}
