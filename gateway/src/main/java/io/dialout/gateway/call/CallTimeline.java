package io.dialout.gateway.call;

/**
 * The set-up of a call as offsets in ms from the dial (the gateway accepting the {@code dial}); null for a step that
 * has not happened (yet).
 *
 * @param inviteSent       the INVITE handed to the SIP stack
 * @param firstProvisional the first 18x (180 or 183; a 100 Trying is hop-by-hop, RFC 3261 section 21.1.1, not counted)
 * @param answered         the 200 OK to the INVITE
 * @param roomConnected    ICE connected and the DTLS-SRTP handshake with the room done
 * @param firstRtpFromRoom the first RTP packet from the room
 * @param firstRtpFromSip  the first RTP packet from the SIP side
 */
public record CallTimeline(
        Long inviteSent,
        Long firstProvisional,
        Long answered,
        Long roomConnected,
        Long firstRtpFromRoom,
        Long firstRtpFromSip) {

    /** Milliseconds from {@code dialNanos} to {@code atNanos} ({@link System#nanoTime()}), or null when 0 (not yet). */
    static Long offset(long dialNanos, long atNanos) {
        return atNanos == 0 ? null : Math.max(0, (atNanos - dialNanos) / 1_000_000L);
    }
}
