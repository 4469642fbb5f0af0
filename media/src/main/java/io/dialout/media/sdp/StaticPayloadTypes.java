package io.dialout.media.sdp;

/** The static audio payload types of RFC 3551 section 6 that SIP endpoints send without an rtpmap. */
final class StaticPayloadTypes {
    private StaticPayloadTypes() {}

    static RtpMap lookup(int pt) {
        return switch (pt) {
            case 0 -> new RtpMap(0, "PCMU", 8000, 1);
            case 3 -> new RtpMap(3, "GSM", 8000, 1);
            case 4 -> new RtpMap(4, "G723", 8000, 1);
            case 8 -> new RtpMap(8, "PCMA", 8000, 1);
            // RFC 3551 section 4.5.2: G.722 samples at 16 kHz but its RTP clock rate is 8000 for historical reasons.
            case 9 -> new RtpMap(9, "G722", 8000, 1);
            case 13 -> new RtpMap(13, "CN", 8000, 1);
            case 18 -> new RtpMap(18, "G729", 8000, 1);
            default -> null;
        };
    }
}
