package io.dialout.media.negotiation.room;

import io.dialout.media.sdp.CodecSpec;
import io.dialout.media.sdp.SdpException;
import java.util.Objects;

/**
 * What a room's re-offer may change in a running call (participants joining and leaving) and what it may not: the
 * transport (an ICE restart, RFC 8445 section 9, or a new DTLS certificate, RFC 8842 section 5.5, would need a new
 * association), the main audio and video m-lines with their codecs, directions and telephone-event (the SIP leg is
 * negotiated on them), and video where the call had none (the SIP leg has no video m-line then). Further m-lines
 * may come and go.
 */
final class RoomReoffer {

    private RoomReoffer() {}

    static void check(RoomNegotiation before, RoomNegotiation after) throws SdpException {
        if (!before.remoteUfrag().equals(after.remoteUfrag())
                || !before.remotePwd().equals(after.remotePwd())) {
            throw new SdpException("the re-offer changes the ICE credentials (an ICE restart is not supported)");
        }
        if (!before.remoteFingerprint().equalsIgnoreCase(after.remoteFingerprint())) {
            throw new SdpException("the re-offer changes the DTLS fingerprint");
        }
        if (!Objects.equals(before.audioMid(), after.audioMid())
                || !sameCodec(before.audio(), after.audio())
                || before.audioDirection() != after.audioDirection()
                || before.roomTelephoneEventPt() != after.roomTelephoneEventPt()) {
            throw new SdpException("the re-offer changes the main audio m-line (mid " + before.audioMid()
                    + "): its mid, codec, payload types and direction must stay");
        }
        if (before.video() == null && after.video() != null) {
            throw new SdpException("the re-offer adds video to a call without video");
        }
        if (before.video() != null
                && (after.video() == null
                        || !Objects.equals(before.videoMid(), after.videoMid())
                        || !sameCodec(before.video(), after.video())
                        || before.videoDirection() != after.videoDirection())) {
            throw new SdpException("the re-offer changes the main video m-line (mid " + before.videoMid()
                    + "): its mid, codec, payload type and direction must stay");
        }
    }

    private static boolean sameCodec(CodecSpec a, CodecSpec b) {
        return a.payloadType() == b.payloadType()
                && a.name().equalsIgnoreCase(b.name())
                && a.clockRate() == b.clockRate()
                && a.channels() == b.channels();
    }
}
