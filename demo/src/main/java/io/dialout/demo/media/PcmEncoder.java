package io.dialout.demo.media;

/** Encodes one 20 ms frame of mono PCM at {@link #sampleRate()} into an RTP payload. */
interface PcmEncoder {
    int sampleRate();

    /** @return the payload length written at {@code out[off]} */
    int encode(short[] pcm, byte[] out, int off);
}
