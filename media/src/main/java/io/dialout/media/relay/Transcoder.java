package io.dialout.media.relay;

/**
 * The decode/encode half of a direction when the legs use different audio codecs: fed with every received
 * payload, asked for one encoded 20 ms frame per tick. Implemented over the codec package's AudioTranscoder; owned
 * by the direction's I/O thread.
 */
public interface Transcoder {

    /** A received payload of the input leg; a new {@code ssrc} restarts the decoder's stream. */
    void receive(long ssrc, int seq, long rtpTimestamp, byte[] payload, int off, int len, long arrivalNanos);

    /** Writes one encoded frame at {@code out[off]}; its length, or -1 before anything was received. */
    int produce(byte[] out, int off);

    /** RTP timestamp step of one produced frame in the output clock. */
    long outTimestampIncrement();
}
