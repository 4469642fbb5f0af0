package io.dialout.media.negotiation.room;

/**
 * What the route allows for the room-side codecs.
 *
 * @param g711Only     the trunk takes only G.711: answer the room with PCMU/PCMA when it offers one
 * @param videoAllowed video may be answered (else video m-lines are rejected with port 0)
 * @param opusFec      answer Opus with {@code useinbandfec=1}
 */
public record CodecPolicy(boolean g711Only, boolean videoAllowed, boolean opusFec) {
    public static final CodecPolicy DEFAULT = new CodecPolicy(false, true, true);
}
