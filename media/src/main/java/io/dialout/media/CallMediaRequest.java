package io.dialout.media;

/**
 * What the gateway asks of the media plane for one call.
 *
 * @param callTag   a label for logs and stats (the client's callId plus the connection), not parsed
 * @param roomOffer the room's WebRTC SDP offer, as received
 * @param sipLeg    how the SIP side is to be offered
 */
public record CallMediaRequest(String callTag, String roomOffer, SipLegOptions sipLeg) {

    /**
     * @param srtp     offer SDES-SRTP (RTP/SAVP with a=crypto) toward SIP instead of plain RTP/AVP
     * @param g711Only the trunk takes only G.711: answer the room with PCMU/PCMA when it offers them
     * @param video    offer video toward SIP when the room offers it
     */
    public record SipLegOptions(boolean srtp, boolean g711Only, boolean video) {
        public static final SipLegOptions DEFAULT = new SipLegOptions(false, false, true);
    }
}
