package io.dialout.media.relay;

/**
 * The transcoder of a meeting's room-to-SIP audio: every audio source of the room, by SSRC, mixed into one stream
 * toward SIP (implemented over the codec package's AudioMixer). Fed by the {@link MixInput} stage, its frames leave
 * on the tick like a transcoder's.
 */
public interface AudioMix extends Transcoder {

    /**
     * A received payload with the RFC 6464 audio level it came with (section 3: 0-127, in -dBov; -1 when it had
     * none), which lets the mixer leave a packet the sender marked silent undecoded. Without an override the level
     * is ignored.
     */
    default void receive(
            long ssrc,
            int seq,
            long rtpTimestamp,
            byte[] payload,
            int off,
            int len,
            long arrivalNanos,
            int audioLevel) {
        receive(ssrc, seq, rtpTimestamp, payload, off, len, arrivalNanos);
    }

    /** The level of a source's last mixed frame in dBov ({@link RoomSource#SILENT_DBOV} when silent or unknown). */
    int level(long ssrc);

    /** Forgets a source (a participant who left): its buffer and decoder are released. */
    void remove(long ssrc);
}
