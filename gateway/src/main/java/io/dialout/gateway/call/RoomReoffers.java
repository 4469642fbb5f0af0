package io.dialout.gateway.call;

import io.dialout.media.CallMedia;
import io.dialout.media.sdp.SdpException;

/**
 * A room's new offer in a running call (participants of a meeting joining or leaving; RFC 3264 section 8): answered
 * by the call's media on the same ICE/DTLS transport, with {@code answer}; the SIP leg is not involved. A re-offer
 * before the media exists or after the end, or one the media refuses, gets {@code error} and changes nothing. Runs
 * on the call's executor.
 */
final class RoomReoffers {

    private RoomReoffers() {}

    static void answer(CallMedia media, CallState state, String sdp, ClientLink client) {
        if (media == null || state == CallState.TERMINATING || state == CallState.ENDED) {
            client.rejected("offer: the call has no media to renegotiate (not set up yet, or over)");
            return;
        }
        try {
            client.answer(media.answerRoomReoffer(sdp));
        } catch (SdpException e) {
            client.rejected("offer refused, the call is unchanged: " + e.getMessage());
        }
    }
}
