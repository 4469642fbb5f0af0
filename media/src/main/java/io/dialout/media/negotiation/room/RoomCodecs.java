package io.dialout.media.negotiation.room;

import io.dialout.media.sdp.CodecSpec;
import io.dialout.media.sdp.FmtpParameters;
import io.dialout.media.sdp.MediaDescription;
import io.dialout.media.sdp.RtpMap;
import io.dialout.media.sdp.Sdp;
import io.dialout.media.sdp.SdpException;
import io.dialout.media.sdp.SessionDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Picks the room-side codecs from a WebRTC offer, by the rules in docs/design.md ("Codecs"). */
final class RoomCodecs {
    private RoomCodecs() {}

    /** Video rtcp-fb the relay honours; transport-cc is left out because the gateway does not do it. */
    static final Set<String> VIDEO_FEEDBACK = Set.of("nack", "nack pli", "ccm fir", "goog-remb");

    record Audio(CodecSpec codec, RtpMap telephoneEvent, String telephoneEventFmtp) {}

    record Video(CodecSpec codec, List<String> feedback) {}

    /**
     * Audio: G.711 when the room lists PCMU or PCMA first among the codecs the gateway knows, or when the policy is
     * G.711-only and the room offers one; otherwise Opus; G.722 when the room has neither Opus nor G.711.
     */
    static Audio audio(SessionDescription offer, MediaDescription m, CodecPolicy policy) throws SdpException {
        List<RtpMap> maps = m.formatMaps();
        RtpMap first = null;
        RtpMap opus = null;
        RtpMap g711 = null;
        RtpMap g722 = null;
        for (RtpMap r : maps) {
            boolean isG711 = (r.is("PCMU") || r.is("PCMA")) && r.clockRate() == 8000;
            boolean isOpus = r.is("opus") && r.clockRate() == 48000 && r.channels() == 2;
            boolean isG722 = r.is("G722") && r.clockRate() == 8000;
            if (isG711 && g711 == null) {
                g711 = r;
            }
            if (isOpus && opus == null) {
                opus = r;
            }
            if (isG722 && g722 == null) {
                g722 = r;
            }
            if (first == null && (isG711 || isOpus || isG722)) {
                first = r;
            }
        }
        CodecSpec chosen;
        if (g711 != null && (first == g711 || policy.g711Only())) {
            chosen = CodecSpec.of(g711, null);
        } else if (opus != null) {
            // RFC 7587 section 7: minptime and useinbandfec are receiver-side preferences of ours.
            chosen = CodecSpec.of(opus, policy.opusFec() ? "minptime=10;useinbandfec=1" : "minptime=10");
        } else if (g711 != null) {
            chosen = CodecSpec.of(g711, null);
        } else if (g722 != null) {
            chosen = CodecSpec.of(g722, null);
        } else {
            throw new SdpException(RoomTransport.label(offer, m) + ": no supported audio codec (offered: "
                    + Sdp.codecNames(maps) + "; the gateway takes opus/48000/2, PCMU, PCMA or G722)");
        }
        // RFC 4733 section 7.1.1: telephone-event must use the clock rate of the audio codec it goes with.
        for (RtpMap r : maps) {
            if (r.is("telephone-event") && r.clockRate() == chosen.clockRate()) {
                return new Audio(chosen, r, m.fmtp(r.payloadType()));
            }
        }
        return new Audio(chosen, null, null);
    }

    /**
     * Video: H.264 with packetization-mode=1 (profile-level-id 42e01f preferred) or VP8, whichever the room lists
     * first; null when neither is offered.
     */
    static Video video(MediaDescription m) throws SdpException {
        List<RtpMap> maps = m.formatMaps();
        Map<Integer, String> fmtps = m.fmtps();
        RtpMap chosen = null;
        for (RtpMap r : maps) {
            if (r.is("VP8") && r.clockRate() == 90000) {
                chosen = r;
                break;
            }
            if (isH264Mode1(fmtps, r)) {
                chosen = bestH264(fmtps, maps);
                break;
            }
        }
        if (chosen == null) {
            return null;
        }
        List<String> fb = new ArrayList<>();
        for (String v : m.rtcpFb(chosen.payloadType())) {
            String norm = v.trim().replaceAll(" +", " ");
            if (VIDEO_FEEDBACK.contains(norm) && !fb.contains(norm)) {
                fb.add(norm);
            }
        }
        return new Video(CodecSpec.of(chosen, m.fmtp(chosen.payloadType())), fb);
    }

    private static boolean isH264Mode1(Map<Integer, String> fmtps, RtpMap r) {
        return r.is("H264")
                && r.clockRate() == 90000
                && "1".equals(FmtpParameters.get(fmtps.get(r.payloadType()), "packetization-mode"));
    }

    private static RtpMap bestH264(Map<Integer, String> fmtps, List<RtpMap> maps) {
        RtpMap any = null;
        for (RtpMap r : maps) {
            if (isH264Mode1(fmtps, r)) {
                if ("42e01f".equalsIgnoreCase(FmtpParameters.get(fmtps.get(r.payloadType()), "profile-level-id"))) {
                    return r;
                }
                if (any == null) {
                    any = r;
                }
            }
        }
        return any;
    }
}
