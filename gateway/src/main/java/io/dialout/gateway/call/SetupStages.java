package io.dialout.gateway.call;

/**
 * The set-up of one call stage by stage, in microseconds from the dial (the parsed {@code dial} handed to the call on
 * the WebSocket's thread), to find where set-up time goes: each hop between threads and each piece of work has its
 * own mark. Null for a stage not reached (yet). GET /v1/calls shows it as {@code setup}; the load generator prints
 * its percentiles.
 *
 * @param routed        the call's executor ran its first task and the dial plan chose a route (the hop from the
 *                      WebSocket thread plus the dial plan)
 * @param allocated     media allocated: the room's SDP answer, its ICE/DTLS endpoint, the SIP-side RTP ports
 * @param answerSent    the room's answer handed to the WebSocket connection
 * @param inviteHanded  the INVITE handed to the SIP user agent (it builds and sends it on its own executor)
 * @param inviteOnWire  the SIP stack's transport took the INVITE (over UDP: sent)
 * @param okReceived    the 200 OK reached the call's SIP leg (the SIP stack's thread, then the leg's executor)
 * @param answered      the 200's SDP applied to the media, on the call's executor
 * @param answeredSent  the {@code answered} state handed to the WebSocket connection
 * @param roomConnected ICE and the DTLS-SRTP handshake with the room done (they run beside the SIP set-up)
 */
public record SetupStages(
        Long routed,
        Long allocated,
        Long answerSent,
        Long inviteHanded,
        Long inviteOnWire,
        Long okReceived,
        Long answered,
        Long answeredSent,
        Long roomConnected) {

    /** Microseconds from {@code dialNanos} to {@code atNanos} ({@link System#nanoTime()}), or null when 0 (not yet). */
    static Long micros(long dialNanos, long atNanos) {
        return atNanos == 0 ? null : Math.max(0, (atNanos - dialNanos) / 1_000L);
    }
}
