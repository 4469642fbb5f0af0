package io.dialout.media.negotiation.room;

import io.dialout.media.Direction;
import io.dialout.media.rtp.HeaderExtensions;
import io.dialout.media.sdp.Candidate;
import io.dialout.media.sdp.CodecSpec;
import io.dialout.media.sdp.Connection;
import io.dialout.media.sdp.MediaDescription;
import io.dialout.media.sdp.Origin;
import io.dialout.media.sdp.Sdp;
import io.dialout.media.sdp.SdpException;
import io.dialout.media.sdp.SessionDescription;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers a room's WebRTC offer as an ICE-lite, DTLS-SRTP, BUNDLE + rtcp-mux endpoint (JSEP, RFC 8829 section
 * 5.3). The first audio m-line and the first video m-line carry the call both ways; further audio and video m-lines
 * of the same BUNDLE group with the same codec (a meeting: one per participant) are received only; every other
 * m-line is rejected.
 */
public final class RoomNegotiator {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** In a re-offer: the DTLS role of the transport that stays (true: we are its server), else null. */
    private final Boolean keptRole;

    private RoomNegotiator(Boolean keptRole) {
        this.keptRole = keptRole;
    }

    public static RoomNegotiation answer(SessionDescription offer, RoomLocalParams local, CodecPolicy policy)
            throws SdpException {
        try {
            return new RoomNegotiator(null).build(offer, local, policy);
        } catch (SdpException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SdpException(
                    "offer could not be negotiated: " + e.getClass().getSimpleName());
        }
    }

    /**
     * Answers a new offer of a room in a call that runs (participants joining or leaving: RFC 3264 section 8, JSEP
     * RFC 8829 section 5.3.2): on the same ICE and DTLS transport (the same credentials, fingerprint and DTLS role,
     * RFC 8842 section 5.5), with the same main audio and video m-lines and codecs, our answer's {@code o=} the
     * previous one's with the version increased. Anything else is refused with an {@link SdpException}, and the call
     * stays as it was.
     */
    public static RoomNegotiation reanswer(
            SessionDescription offer, RoomLocalParams local, CodecPolicy policy, RoomNegotiation previous)
            throws SdpException {
        RoomNegotiation next;
        try {
            next = new RoomNegotiator(previous.dtlsServer()).build(offer, local, policy);
        } catch (SdpException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SdpException(
                    "offer could not be negotiated: " + e.getClass().getSimpleName());
        }
        RoomReoffer.check(previous, next);
        SessionDescription answer = SessionDescription.parse(next.answerSdp());
        answer.setOrigin(SessionDescription.parse(previous.answerSdp()).origin().nextVersion());
        return next.withAnswer(answer.toString());
    }

    private RoomNegotiation build(SessionDescription offer, RoomLocalParams local, CodecPolicy policy)
            throws SdpException {
        MediaDescription audio = firstUsable(offer, "audio");
        if (audio == null) {
            throw new SdpException("offer has no audio m-line");
        }
        RoomTransport transport = RoomTransport.check(offer, audio);
        if (keptRole != null) {
            transport = transport.keeping(keptRole);
        }
        RoomCodecs.Audio audioChoice = RoomCodecs.audio(offer, audio, policy);

        MediaDescription video = firstUsable(offer, "video");
        RoomCodecs.Video videoChoice = null;
        if (video != null && policy.videoAllowed() && bundledWith(offer, audio, video)) {
            RoomTransport videoTransport = RoomTransport.check(offer, video);
            if (!videoTransport.ufrag().equals(transport.ufrag())
                    || !videoTransport.fingerprint().equals(transport.fingerprint())) {
                throw new SdpException(RoomTransport.label(offer, video)
                        + ": ICE credentials or fingerprint differ from the audio m-line in one BUNDLE group");
            }
            videoChoice = RoomCodecs.video(video);
        }
        if (videoChoice == null) {
            video = null;
        }

        // A meeting: further audio and video m-lines of the same BUNDLE group, one per participant, are received
        // (recvonly: the phone's media goes out on the first m-line of each kind only).
        List<MediaDescription> extraAudio = extras(offer, audio, audio, transport, audioChoice.codec());
        List<MediaDescription> extraVideo =
                video == null ? List.of() : extras(offer, audio, video, transport, videoChoice.codec());
        List<MediaDescription> accepted = new ArrayList<>();
        for (MediaDescription m : offer.media()) {
            if (m == audio || m == video || extraAudio.contains(m) || extraVideo.contains(m)) {
                accepted.add(m);
            }
        }

        SessionDescription answer = sessionLevel(offer, accepted, local, transport);
        boolean tagged = true; // RFC 8843 section 7.3.1: the first accepted mid is the answerer-tagged m= section
        Direction audioDir = offer.direction(audio).reverse();
        Direction videoDir = video == null ? null : offer.direction(video).reverse();
        List<RoomStream> streams = new ArrayList<>();
        for (MediaDescription m : offer.media()) {
            if (m == audio) {
                answer.media()
                        .add(audioSection(m, audioChoice, audioDir, local, transport, tagged, meeting(offer, audio)));
                tagged = false;
            } else if (m == video) {
                answer.media().add(videoSection(m, videoChoice, videoDir, local, transport, tagged));
                tagged = false;
            } else if (extraAudio.contains(m)) {
                // no telephone-event on a further participant's m-line: digits come from the main one only
                RoomCodecs.Audio codecOnly = new RoomCodecs.Audio(audioChoice.codec(), null, null);
                answer.media().add(audioSection(m, codecOnly, receiveOnly(offer, m), local, transport, tagged, true));
                tagged = false;
            } else if (extraVideo.contains(m)) {
                answer.media().add(videoSection(m, videoChoice, receiveOnly(offer, m), local, transport, tagged));
                tagged = false;
            } else {
                answer.media().add(rejected(m));
            }
        }
        for (MediaDescription m : accepted) {
            // a further m-line the room does not send on (a participant gone, RFC 3264 section 8.4) is no source
            if (m == audio || m == video || offer.direction(m).sends()) {
                streams.addAll(streams(m, m == audio || m == video));
            }
        }

        List<Candidate> candidates = remoteCandidates(accepted);
        return new RoomNegotiation(
                answer.toString(),
                audioChoice.codec(),
                audioChoice.telephoneEvent() == null
                        ? -1
                        : audioChoice.telephoneEvent().payloadType(),
                audioDir,
                videoChoice == null ? null : videoChoice.codec(),
                videoChoice == null ? List.of() : videoChoice.feedback(),
                videoDir,
                transport.ufrag(),
                transport.pwd(),
                transport.fingerprint().algorithm(),
                transport.fingerprint().value(),
                transport.answerPassive(),
                audio.primarySsrcs(),
                video == null ? List.of() : video.primarySsrcs(),
                audio.mid(),
                video == null ? null : video.mid(),
                audio.rtcpRsize(),
                candidates,
                streams,
                meeting(offer, audio) ? Math.max(-1, extmapId(audio, HeaderExtensions.AUDIO_LEVEL_URI)) : -1);
    }

    /**
     * The other enabled m-lines of {@code first}'s type in the audio m-line's BUNDLE group that offer the codec chosen
     * for the first one with the same payload type (the relay demuxes one PT per kind), on the same transport. The
     * others are rejected as before.
     */
    private static List<MediaDescription> extras(
            SessionDescription offer,
            MediaDescription audio,
            MediaDescription first,
            RoomTransport transport,
            CodecSpec codec)
            throws SdpException {
        List<MediaDescription> out = new ArrayList<>();
        for (MediaDescription m : offer.media()) {
            if (m == first
                    || !m.type().equals(first.type())
                    || !(m.port() != 0 || m.has("bundle-only"))
                    || !bundledWith(offer, audio, m)
                    || !offersCodec(m, codec)) {
                continue;
            }
            // RFC 8843 section 7.1.3: a bundled m-line shares the tagged one's transport; one that names another
            // ICE ufrag or DTLS fingerprint cannot be on it.
            String ufrag = offer.iceUfrag(m);
            if (ufrag != null && !ufrag.trim().equals(transport.ufrag())
                    || offer.fingerprints(m).stream()
                            .anyMatch(f -> f.algorithm().equals("sha-256")
                                    && !f.value()
                                            .equalsIgnoreCase(
                                                    transport.fingerprint().value()))) {
                throw new SdpException(RoomTransport.label(offer, m)
                        + ": ICE credentials or fingerprint differ from the audio m-line in one BUNDLE group");
            }
            out.add(m);
        }
        return out;
    }

    private static boolean offersCodec(MediaDescription m, CodecSpec codec) throws SdpException {
        for (io.dialout.media.sdp.RtpMap r : m.formatMaps()) {
            if (r.payloadType() == codec.payloadType()
                    && r.encoding().equalsIgnoreCase(codec.name())
                    && r.clockRate() == codec.clockRate()) {
                return true;
            }
        }
        return false;
    }

    /** A further participant's m-line: we only receive on it (RFC 3264 section 6.1), inactive if it sends nothing. */
    private static Direction receiveOnly(SessionDescription offer, MediaDescription m) {
        return offer.direction(m).sends() ? Direction.RECVONLY : Direction.INACTIVE;
    }

    /** The sources of one accepted m-line: one per primary SSRC, or one known by the mid alone. */
    private static List<RoomStream> streams(MediaDescription m, boolean main) throws SdpException {
        String lineMsid = msidStream(
                m.attributeValues("msid").isEmpty()
                        ? null
                        : m.attributeValues("msid").get(0));
        List<Long> ssrcs = m.primarySsrcs();
        if (ssrcs.isEmpty()) {
            return List.of(new RoomStream(m.type(), m.mid(), lineMsid, -1, main));
        }
        List<RoomStream> out = new ArrayList<>();
        for (long ssrc : ssrcs) {
            String msid = lineMsid;
            for (io.dialout.media.sdp.SsrcAttribute a : m.ssrcAttributes()) {
                if (a.ssrc() == ssrc && a.attribute().equals("msid") && a.value() != null) {
                    msid = msidStream(a.value());
                }
            }
            out.add(new RoomStream(m.type(), m.mid(), msid, ssrc, main && out.isEmpty()));
        }
        return out;
    }

    /** The id of the header extension {@code uri} in the m-line's {@code a=extmap} (RFC 8285 section 5), or -1. */
    static int extmapId(MediaDescription m, String uri) {
        for (String v : m.attributeValues("extmap")) {
            String[] f = Sdp.SPACES.split(v.trim());
            if (f.length >= 2 && f[1].equals(uri)) {
                String id = f[0];
                int slash = id.indexOf('/');
                try {
                    return Integer.parseInt(slash < 0 ? id : id.substring(0, slash));
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    /** The stream id of an msid value "stream-id [track-id]" (RFC 8830 section 2); "-" means no stream. */
    private static String msidStream(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String id = Sdp.SPACES.split(value.trim())[0];
        return id.equals("-") ? null : id;
    }

    /**
     * The first m-line of the type that the offerer enabled: a non-zero port, or port 0 with a=bundle-only
     * (RFC 8843 section 6).
     */
    private static MediaDescription firstUsable(SessionDescription offer, String type) {
        for (MediaDescription m : offer.media()) {
            if (m.type().equals(type) && (m.port() != 0 || m.has("bundle-only"))) {
                return m;
            }
        }
        return null;
    }

    /**
     * The gateway runs one transport per room, so a second m-line is only taken when it is in the audio m-line's
     * BUNDLE group (RFC 8843).
     */
    private static boolean bundledWith(SessionDescription offer, MediaDescription audio, MediaDescription video) {
        String a = audio.mid();
        String v = video.mid();
        if (a == null || v == null) {
            return false;
        }
        for (String g : offer.attributeValues("group")) {
            List<String> f = List.of(Sdp.SPACES.split(g.trim()));
            if (!f.isEmpty() && f.get(0).equals("BUNDLE") && f.contains(a) && f.contains(v)) {
                return true;
            }
        }
        return false;
    }

    private static SessionDescription sessionLevel(
            SessionDescription offer, List<MediaDescription> accepted, RoomLocalParams local, RoomTransport transport) {
        String address = local.candidateAddresses().get(0);
        long sessionId = RANDOM.nextLong() & Long.MAX_VALUE;
        SessionDescription s = new SessionDescription(Origin.of(sessionId, 1, address));
        s.setConnection(Connection.of(address));
        s.addFlag("ice-lite"); // RFC 8839 section 5.3: session level only
        List<String> mids = new ArrayList<>();
        for (MediaDescription m : offer.media()) {
            if (accepted.contains(m) && m.mid() != null) {
                mids.add(m.mid());
            }
        }
        if (!mids.isEmpty() && offerHasBundle(offer)) {
            s.add("group", "BUNDLE " + String.join(" ", mids));
        }
        // Session-level ICE credentials and fingerprint apply to every m-line (RFC 8839 section 5.4, RFC 8122).
        s.add("ice-ufrag", local.ufrag());
        s.add("ice-pwd", local.pwd());
        s.add("fingerprint", "sha-256 " + local.fingerprintSha256().toUpperCase(java.util.Locale.ROOT));
        return s;
    }

    private static boolean offerHasBundle(SessionDescription offer) {
        for (String g : offer.attributeValues("group")) {
            if (g.startsWith("BUNDLE")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Several audio streams (m-lines or SSRCs): a meeting, whose speaker is chosen from the RFC 6464 levels. A
     * single-stream room is answered as before, without header extensions, so its packets pass through unchanged.
     */
    private static boolean meeting(SessionDescription offer, MediaDescription audio) throws SdpException {
        return offer.media().stream().filter(MediaDescription::isAudio).count() > 1
                || audio.primarySsrcs().size() > 1;
    }

    private static MediaDescription audioSection(
            MediaDescription offered,
            RoomCodecs.Audio choice,
            Direction dir,
            RoomLocalParams local,
            RoomTransport transport,
            boolean tagged,
            boolean meeting) {
        CodecSpec c = choice.codec();
        List<String> pts = new ArrayList<>(List.of(Integer.toString(c.payloadType())));
        if (choice.telephoneEvent() != null) {
            pts.add(Integer.toString(choice.telephoneEvent().payloadType()));
        }
        MediaDescription m = header(offered, pts, dir, local, transport, tagged);
        m.addCodec(c, List.of());
        if (choice.telephoneEvent() != null) {
            m.add("rtpmap", choice.telephoneEvent().value());
            if (choice.telephoneEventFmtp() != null) {
                m.add("fmtp", choice.telephoneEvent().payloadType() + " " + choice.telephoneEventFmtp());
            }
        }
        int level = extmapId(offered, HeaderExtensions.AUDIO_LEVEL_URI);
        // RFC 8285 section 6: the answer keeps the offered id; the room then sends the RFC 6464 level
        if (meeting && level > 0) {
            m.add("extmap", level + " " + HeaderExtensions.AUDIO_LEVEL_URI);
        }
        sendStream(m, dir, local, local.audioSsrc(), "audio");
        return m;
    }

    private static MediaDescription videoSection(
            MediaDescription offered,
            RoomCodecs.Video choice,
            Direction dir,
            RoomLocalParams local,
            RoomTransport transport,
            boolean tagged) {
        MediaDescription m =
                header(offered, List.of(Integer.toString(choice.codec().payloadType())), dir, local, transport, tagged);
        m.addCodec(choice.codec(), choice.feedback());
        sendStream(m, dir, local, local.videoSsrc(), "video");
        return m;
    }

    private static MediaDescription header(
            MediaDescription offered,
            List<String> pts,
            Direction dir,
            RoomLocalParams local,
            RoomTransport transport,
            boolean tagged) {
        MediaDescription m = new MediaDescription(offered.type(), local.port(), RoomTransport.PROTO, pts);
        if (offered.mid() != null) {
            m.add("mid", offered.mid());
        }
        m.add("setup", transport.answerPassive() ? "passive" : "active");
        if (tagged) {
            // ICE-lite host candidates (RFC 8445 section 5.1.2.1 priority: type preference 126 for host).
            List<String> addresses = local.candidateAddresses();
            for (int i = 0; i < addresses.size(); i++) {
                long priority = (126L << 24) + ((long) (65535 - i) << 8) + (256 - 1);
                m.add(
                        "candidate",
                        Candidate.host(Integer.toString(i + 1), priority, addresses.get(i), local.port())
                                .attributeValue());
            }
            m.addFlag("end-of-candidates"); // RFC 8838 section 8.2: we gather nothing more
        }
        m.addFlag(dir.attribute());
        m.addFlag("rtcp-mux");
        if (offered.rtcpRsize()) {
            m.addFlag("rtcp-rsize");
        }
        return m;
    }

    /** Our send stream: a=msid (RFC 8830) and a=ssrc cname/msid (RFC 5576) when we send on this m-line. */
    private static void sendStream(MediaDescription m, Direction dir, RoomLocalParams local, long ssrc, String kind) {
        if (!dir.sends()) {
            return;
        }
        String stream = msidToken(local.cname());
        String track = stream + "-" + kind;
        m.add("msid", stream + " " + track);
        m.add("ssrc", ssrc + " cname:" + local.cname());
        m.add("ssrc", ssrc + " msid:" + stream + " " + track);
    }

    /** An msid-id is 1 to 64 token characters (RFC 8830 section 2). */
    private static String msidToken(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 56; i++) {
            char c = s.charAt(i);
            b.append(Character.isLetterOrDigit(c) && c < 128 || "-._+".indexOf(c) >= 0 ? c : '-');
        }
        return b.length() == 0 ? "dialout" : b.toString();
    }

    /** A rejected m-line: port 0, the mid mirrored, no bundle-only (RFC 8843 section 7.3.3). */
    private static MediaDescription rejected(MediaDescription offered) {
        MediaDescription m = offered.rejectedAnswer();
        if (offered.mid() != null) {
            m.add("mid", offered.mid());
        }
        return m;
    }

    private static List<Candidate> remoteCandidates(List<MediaDescription> accepted) throws SdpException {
        Map<String, Candidate> out = new LinkedHashMap<>();
        for (MediaDescription m : accepted) {
            for (Candidate c : m.candidates()) {
                if (c.component() == 1 && c.isUdp()) {
                    out.putIfAbsent(c.address() + " " + c.port(), c);
                }
            }
        }
        return List.copyOf(out.values());
    }
}
