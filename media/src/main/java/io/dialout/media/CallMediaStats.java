package io.dialout.media;

import java.util.List;

/**
 * A snapshot of one call's media counters.
 *
 * @param room        the WebRTC leg
 * @param sip         the SIP leg
 * @param transcoding true when audio is decoded and re-encoded (the two legs use different codecs)
 * @param roomConnected ICE and DTLS are up
 * @param roomToSip   the stages of the room-to-SIP direction, in the order packets meet them, with their counters
 * @param sipToRoom   the same for SIP to room
 * @param sources     the room's streams (one per participant and kind), with levels and which is on the SIP video
 */
public record CallMediaStats(
        LegStats room,
        LegStats sip,
        boolean transcoding,
        boolean roomConnected,
        List<StageStats> roomToSip,
        List<StageStats> sipToRoom,
        List<SourceStats> sources) {

    public CallMediaStats(
            LegStats room,
            LegStats sip,
            boolean transcoding,
            boolean roomConnected,
            List<StageStats> roomToSip,
            List<StageStats> sipToRoom) {
        this(room, sip, transcoding, roomConnected, roomToSip, sipToRoom, List.of());
    }

    /** Without stage counters (a media plane that has no pipeline to show). */
    public CallMediaStats(LegStats room, LegStats sip, boolean transcoding, boolean roomConnected) {
        this(room, sip, transcoding, roomConnected, List.of(), List.of());
    }

    public CallMediaStats {
        roomToSip = roomToSip == null ? List.of() : List.copyOf(roomToSip);
        sipToRoom = sipToRoom == null ? List.of() : List.copyOf(sipToRoom);
        sources = sources == null ? List.of() : List.copyOf(sources);
    }

    /**
     * Counters of one leg. Received counters count what arrived from that leg's peer; sent ones what the gateway
     * sent to it.
     *
     * @param audioCodec     e.g. "opus/48000/2", "PCMU/8000"; null before it is known
     * @param videoCodec     e.g. "VP8/90000"; null when the leg has no video
     * @param packetsLost    lost packets seen on receive (from sequence gaps, RFC 3550 appendix A.3)
     * @param jitterMs       interarrival jitter of received audio (RFC 3550 section 6.4.1), in milliseconds
     * @param packetsRefused packets from sources other than the leg's peer that were not let in (SIP leg: the latch)
     * @param quality        RTT, loss and jitter both ways and a MOS estimate; null when not measured
     * @param firstRtpNanos  {@link System#nanoTime()} of the first RTP packet from the leg's peer, 0 before it
     */
    public record LegStats(
            String audioCodec,
            String videoCodec,
            long packetsReceived,
            long bytesReceived,
            long packetsSent,
            long bytesSent,
            long packetsLost,
            double jitterMs,
            long packetsRefused,
            io.dialout.media.quality.LegQuality quality,
            long firstRtpNanos) {

        /** Counters only, without quality. */
        public LegStats(
                String audioCodec,
                String videoCodec,
                long packetsReceived,
                long bytesReceived,
                long packetsSent,
                long bytesSent,
                long packetsLost,
                double jitterMs) {
            this(
                    audioCodec,
                    videoCodec,
                    packetsReceived,
                    bytesReceived,
                    packetsSent,
                    bytesSent,
                    packetsLost,
                    jitterMs,
                    0,
                    null,
                    0);
        }

        /** Counters and quality, nothing refused counted. */
        public LegStats(
                String audioCodec,
                String videoCodec,
                long packetsReceived,
                long bytesReceived,
                long packetsSent,
                long bytesSent,
                long packetsLost,
                double jitterMs,
                io.dialout.media.quality.LegQuality quality,
                long firstRtpNanos) {
            this(
                    audioCodec,
                    videoCodec,
                    packetsReceived,
                    bytesReceived,
                    packetsSent,
                    bytesSent,
                    packetsLost,
                    jitterMs,
                    0,
                    quality,
                    firstRtpNanos);
        }

        public LegStats withPacketsRefused(long refused) {
            return new LegStats(
                    audioCodec,
                    videoCodec,
                    packetsReceived,
                    bytesReceived,
                    packetsSent,
                    bytesSent,
                    packetsLost,
                    jitterMs,
                    refused,
                    quality,
                    firstRtpNanos);
        }
    }

    /**
     * One stage of a direction's pipeline.
     *
     * @param stage   its name, e.g. "receive-stats", "audio-rewrite", "send-audio"
     * @param in      packets that reached it (for a stage that originates packets on the tick: packets it made)
     * @param dropped packets that stopped there (not forwarded, not allowed, not negotiated, or refused)
     */
    public record StageStats(String stage, long in, long dropped) {}

    /**
     * One stream the room sends (a participant's audio or video).
     *
     * @param mid        its m-line's mid
     * @param msid       its stream id (a=msid), "" when the room gave none
     * @param kind       "audio" or "video"
     * @param ssrc       its SSRC
     * @param level      audio: the smoothed level in dBov (0 loudest, -127 silence), from the RFC 6464 header
     *                   extension or the decoded energy; null for video
     * @param onSipVideo video: whether it is the one on the SIP video leg; audio: whether it is the chosen speaker
     */
    public record SourceStats(String mid, String msid, String kind, long ssrc, Double level, boolean onSipVideo) {}
}
