package io.dialout.media.negotiation.sip;

import io.dialout.media.Direction;
import io.dialout.media.negotiation.room.RoomNegotiation;
import io.dialout.media.sdp.CodecSpec;
import io.dialout.media.sdp.Connection;
import io.dialout.media.sdp.MediaDescription;
import io.dialout.media.sdp.Origin;
import io.dialout.media.sdp.SessionDescription;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds the plain SIP SDP offer (RTP/AVP, or RTP/SAVP with SDES) from the codecs fixed toward the room: the room's
 * audio codec first (pass-through when the callee takes it), then what the gateway transcodes to, then
 * telephone-event; video with the room's codec when asked.
 */
public final class SipOfferBuilder {
    /** The telephone-event payload type most SIP devices use; taken when free. */
    static final int TELEPHONE_EVENT_PT = 101;

    private static final List<CodecSpec> TRANSCODED = List.of(
            new CodecSpec(9, "G722", 8000, 1, null), // RFC 3551 section 4.5.2: 8000 clock, 16 kHz sampling
            new CodecSpec(0, "PCMU", 8000, 1, null),
            new CodecSpec(8, "PCMA", 8000, 1, null));

    private SipOfferBuilder() {}

    public static SessionDescription offer(RoomNegotiation room, SipLocalParams local) {
        SessionDescription s =
                new SessionDescription(Origin.of(local.sessionId(), local.sessionVersion(), local.address()));
        s.setConnection(Connection.of(local.address()));
        String proto = local.cryptoAttribute() == null ? "RTP/AVP" : "RTP/SAVP";

        List<CodecSpec> audio = audioCodecs(room.audio());
        Set<Integer> used = new HashSet<>();
        audio.forEach(c -> used.add(c.payloadType()));
        CodecSpec te = new CodecSpec(freePt(used), "telephone-event", 8000, 1, "0-16"); // RFC 4733 section 7.1.1
        audio.add(te);
        s.media()
                .add(mediaSection(
                        "audio", local.audioPort(), local.audioRtcpPort(), proto, audio, List.of(), local, true));

        if (local.video() && room.video() != null) {
            s.media()
                    .add(mediaSection(
                            "video",
                            local.videoPort(),
                            local.videoRtcpPort(),
                            proto,
                            List.of(room.video()),
                            room.videoRtcpFeedback(),
                            local,
                            false));
        }
        return s;
    }

    /**
     * A re-offer (RFC 3264 section 8): the previous offer with the version increased and every accepted stream in
     * the new direction; streams the callee refused (port 0 in its answer) stay refused.
     *
     * @param previousOffer  our last offer
     * @param lastAnswer     the callee's answer to it, or null
     * @param newVersion     the o= version, greater than that of any SDP we sent before in this session
     */
    public static SessionDescription reoffer(
            SessionDescription previousOffer, SipAnswer lastAnswer, long newVersion, Direction direction) {
        SessionDescription s = previousOffer.copy();
        Origin o = s.origin();
        s.setOrigin(new Origin(
                o.username(),
                o.sessionId(),
                Long.toUnsignedString(newVersion),
                o.netType(),
                o.addrType(),
                o.address()));
        for (MediaDescription m : s.media()) {
            if (m.isVideo() && lastAnswer != null && lastAnswer.video() == null) {
                m.setPort(0);
                m.remove("rtcp");
                m.remove("crypto");
            }
            if (!m.isRejected()) {
                m.setDirection(direction);
            }
        }
        return s;
    }

    /** The room's codec, then G.722, PCMU, PCMA without duplicates; static PTs for those three. */
    static List<CodecSpec> audioCodecs(CodecSpec roomCodec) {
        List<CodecSpec> out = new ArrayList<>();
        CodecSpec first = roomCodec;
        for (CodecSpec t : TRANSCODED) {
            if (roomCodec.is(t.name()) && roomCodec.clockRate() == t.clockRate()) {
                first = t.withFmtp(roomCodec.fmtp());
            }
        }
        out.add(first);
        for (CodecSpec t : TRANSCODED) {
            if (!t.is(first.name())) {
                out.add(t);
            }
        }
        return out;
    }

    private static int freePt(Set<Integer> used) {
        if (!used.contains(TELEPHONE_EVENT_PT)) {
            return TELEPHONE_EVENT_PT;
        }
        for (int pt = 96; pt <= 127; pt++) { // RFC 3551 section 6: dynamic range
            if (!used.contains(pt)) {
                return pt;
            }
        }
        throw new IllegalStateException("no free dynamic payload type");
    }

    static MediaDescription mediaSection(
            String type,
            int port,
            int rtcpPort,
            String proto,
            List<CodecSpec> codecs,
            List<String> feedback,
            SipLocalParams local,
            boolean audio) {
        List<String> pts = new ArrayList<>();
        codecs.forEach(c -> pts.add(Integer.toString(c.payloadType())));
        MediaDescription m = new MediaDescription(type, port, proto, pts);
        for (CodecSpec c : codecs) {
            m.addCodec(c, feedback);
        }
        m.add("rtcp", Integer.toString(rtcpPort)); // RFC 3605: our RTCP port need not be RTP + 1
        if (audio) {
            m.add("ptime", "20");
        }
        if (local.cryptoAttribute() != null) {
            m.add("crypto", local.cryptoAttribute());
        }
        m.addFlag(local.direction().attribute());
        return m;
    }
}
