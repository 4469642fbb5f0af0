package io.dialout.media.negotiation.room;

import java.util.List;

/**
 * The gateway's side of a room negotiation.
 *
 * @param ufrag              our ICE username fragment
 * @param pwd                our ICE password
 * @param fingerprintSha256  our DTLS certificate fingerprint, colon-separated hex
 * @param candidateAddresses addresses of our host candidates, all on {@code port}; the first one goes in c=
 * @param port               the shared room UDP port
 * @param audioSsrc          SSRC of the audio we send to the room
 * @param videoSsrc          SSRC of the video we send to the room
 * @param cname              our RTCP CNAME
 */
public record RoomLocalParams(
        String ufrag,
        String pwd,
        String fingerprintSha256,
        List<String> candidateAddresses,
        int port,
        long audioSsrc,
        long videoSsrc,
        String cname) {

    public RoomLocalParams {
        candidateAddresses = List.copyOf(candidateAddresses);
        if (candidateAddresses.isEmpty()) {
            throw new IllegalArgumentException("at least one candidate address is needed");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        // RFC 8839 section 5.4: ufrag at least 4 and pwd at least 22 ice-chars.
        if (ufrag == null || ufrag.length() < 4 || pwd == null || pwd.length() < 22) {
            throw new IllegalArgumentException("ICE ufrag must have >= 4 and pwd >= 22 characters");
        }
        if (fingerprintSha256 == null || !fingerprintSha256.matches("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){31}")) {
            throw new IllegalArgumentException("fingerprintSha256 must be 32 colon-separated hex bytes");
        }
        if (cname == null || cname.isBlank()) {
            throw new IllegalArgumentException("cname is empty");
        }
    }
}
