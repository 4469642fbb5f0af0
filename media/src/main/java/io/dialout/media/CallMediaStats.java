package io.dialout.media;

/**
 * A snapshot of one call's media counters.
 *
 * @param room        the WebRTC leg
 * @param sip         the SIP leg
 * @param transcoding true when audio is decoded and re-encoded (the two legs use different codecs)
 * @param roomConnected ICE and DTLS are up
 */
public record CallMediaStats(LegStats room, LegStats sip, boolean transcoding, boolean roomConnected) {

    /**
     * Counters of one leg. Received counters count what arrived from that leg's peer; sent ones what the gateway
     * sent to it.
     *
     * @param audioCodec    e.g. "opus/48000/2", "PCMU/8000"; null before it is known
     * @param videoCodec    e.g. "VP8/90000"; null when the leg has no video
     * @param packetsLost   lost packets seen on receive (from sequence gaps, RFC 3550 appendix A.3)
     * @param jitterMs      interarrival jitter of received audio (RFC 3550 section 6.4.1), in milliseconds
     */
    public record LegStats(
            String audioCodec,
            String videoCodec,
            long packetsReceived,
            long bytesReceived,
            long packetsSent,
            long bytesSent,
            long packetsLost,
            double jitterMs) {}
}
