package io.dialout.media.negotiation.room;

import io.dialout.media.Direction;
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
 * 5.3). The first audio m-line and the first video m-line are used; every other m-line is rejected.
 */
public final class RoomNegotiator {
    private static final SecureRandom RANDOM = new SecureRandom();

    private RoomNegotiator() {}

    public static RoomNegotiation answer(SessionDescription offer, RoomLocalParams local, CodecPolicy policy)
            throws SdpException {
        try {
            return new RoomNegotiator().build(offer, local, policy);
        } catch (SdpException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SdpException(
                    "offer could not be negotiated: " + e.getClass().getSimpleName());
        }
    }

    private RoomNegotiation build(SessionDescription offer, RoomLocalParams local, CodecPolicy policy)
            throws SdpException {
        MediaDescription audio = firstUsable(offer, "audio");
        if (audio == null) {
            throw new SdpException("offer has no audio m-line");
        }
        RoomTransport transport = RoomTransport.check(offer, audio);
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

        SessionDescription answer = sessionLevel(offer, audio, video, local, transport);
        boolean tagged = true; // RFC 8843 section 7.3.1: the first accepted mid is the answerer-tagged m= section
        Direction audioDir = offer.direction(audio).reverse();
        Direction videoDir = video == null ? null : offer.direction(video).reverse();
        for (MediaDescription m : offer.media()) {
            if (m == audio) {
                answer.media().add(audioSection(m, audioChoice, audioDir, local, transport, tagged));
                tagged = false;
            } else if (m == video) {
                answer.media().add(videoSection(m, videoChoice, videoDir, local, transport, tagged));
                tagged = false;
            } else {
                answer.media().add(rejected(m));
            }
        }

        List<Candidate> candidates = remoteCandidates(audio, video);
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
                candidates);
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
            SessionDescription offer,
            MediaDescription audio,
            MediaDescription video,
            RoomLocalParams local,
            RoomTransport transport) {
        String address = local.candidateAddresses().get(0);
        long sessionId = RANDOM.nextLong() & Long.MAX_VALUE;
        SessionDescription s = new SessionDescription(Origin.of(sessionId, 1, address));
        s.setConnection(Connection.of(address));
        s.addFlag("ice-lite"); // RFC 8839 section 5.3: session level only
        List<String> mids = new ArrayList<>();
        for (MediaDescription m : offer.media()) {
            if ((m == audio || m == video) && m.mid() != null) {
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

    private static MediaDescription audioSection(
            MediaDescription offered,
            RoomCodecs.Audio choice,
            Direction dir,
            RoomLocalParams local,
            RoomTransport transport,
            boolean tagged) {
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

    private static List<Candidate> remoteCandidates(MediaDescription audio, MediaDescription video)
            throws SdpException {
        Map<String, Candidate> out = new LinkedHashMap<>();
        for (MediaDescription m : video == null ? List.of(audio) : List.of(audio, video)) {
            for (Candidate c : m.candidates()) {
                if (c.component() == 1 && c.isUdp()) {
                    out.putIfAbsent(c.address() + " " + c.port(), c);
                }
            }
        }
        return List.copyOf(out.values());
    }
}
