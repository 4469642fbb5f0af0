package io.dialout.media.codec;

/**
 * Decodes the RTP payloads of one stream into mono 16-bit PCM at the format's sample rate. Stateful (one per stream),
 * used by one thread.
 */
public interface AudioDecoder extends AutoCloseable {

    /** The PCM sample rate of the output. */
    int sampleRate();

    /**
     * Decodes one payload into {@code pcm} from index 0.
     *
     * @return the number of samples written, or a negative value when the payload is corrupt
     */
    int decode(byte[] payload, int off, int len, short[] pcm);

    /**
     * Writes {@code samples} samples of concealment for audio that was lost, into {@code pcm} from index 0.
     * {@code next} (may be null) is the payload that follows the gap: a codec with in-band FEC (Opus) recovers the
     * lost frame from it; the others ignore it.
     */
    void conceal(short[] pcm, int samples, byte[] next, int nextOff, int nextLen);

    /** Forgets the stream history (new SSRC, timestamp jump). */
    void reset();

    /** A short label for logs and stats, e.g. "opus(native)". */
    String describe();

    @Override
    void close();
}
