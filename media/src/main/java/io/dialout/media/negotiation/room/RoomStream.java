package io.dialout.media.negotiation.room;

/**
 * One source the room sends on an accepted m-line: a participant's audio or video track. An m-line normally carries
 * one (its {@code a=msid}, RFC 8830); a room that sends several SSRCs on one m-line gives one stream per primary SSRC
 * (RFC 5576 section 4.1, rtx and FEC SSRCs left out), each with the msid of its {@code a=ssrc:<id> msid:} line.
 *
 * @param kind  "audio" or "video"
 * @param mid   the m-line's mid (RFC 8843), null when the offer has none
 * @param msid  the MediaStream id (the participant), null when the offer names none
 * @param ssrc  the SSRC, or -1 when the m-line signals none (its packets are then known by the mid alone)
 * @param main  on the first m-line of its kind: the one we send the phone's media on (send-receive)
 */
public record RoomStream(String kind, String mid, String msid, long ssrc, boolean main) {

    public boolean isAudio() {
        return kind.equals("audio");
    }
}
