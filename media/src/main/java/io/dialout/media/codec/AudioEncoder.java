package io.dialout.media.codec;

/** Encodes 20 ms frames of mono 16-bit PCM into RTP payloads. Stateful (one per stream), used by one thread. */
public interface AudioEncoder extends AutoCloseable {

    /** The PCM sample rate of the input. */
    int sampleRate();

    /**
     * Encodes one 20 ms frame ({@code sampleRate / 50} samples from {@code pcm[off]}) into {@code out[outOff..]}.
     *
     * @return the payload length in bytes
     */
    int encode(short[] pcm, int off, byte[] out, int outOff);

    /** A short label for logs and stats, e.g. "opus(native)". */
    String describe();

    @Override
    void close();
}
