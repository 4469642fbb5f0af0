package io.dialout.media.relay;

/**
 * The transcoder of a meeting's room-to-SIP audio: every audio source of the room, by SSRC, mixed into one stream
 * toward SIP (implemented over the codec package's AudioMixer). Fed by the {@link MixInput} stage, its frames leave
 * on the tick like a transcoder's.
 */
public interface AudioMix extends Transcoder {

    /** The level of a source's last mixed frame in dBov ({@link RoomSource#SILENT_DBOV} when silent or unknown). */
    int level(long ssrc);

    /** Forgets a source (a participant who left): its buffer and decoder are released. */
    void remove(long ssrc);
}
