package io.dialout.media.negotiation.sip;

import io.dialout.media.Direction;
import io.dialout.media.sdp.CodecSpec;
import io.dialout.media.sdp.Connection;
import io.dialout.media.sdp.Crypto;
import io.dialout.media.sdp.FmtpParameters;
import io.dialout.media.sdp.MediaDescription;
import io.dialout.media.sdp.RtcpAttribute;
import io.dialout.media.sdp.RtpMap;
import io.dialout.media.sdp.Sdp;
import io.dialout.media.sdp.SdpException;
import io.dialout.media.sdp.SessionDescription;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The far end's side of the SIP leg as negotiated: read from the callee's answer to our offer (RFC 3264 section
 * 6.1 and 7), or from a far-end re-offer. Codecs carry the far end's payload types.
 *
 * @param audio             the audio codec: the first of the far end's payload types that we offered
 * @param telephoneEventPt  the far end's telephone-event PT at 8000 Hz, -1 when it has none
 * @param audioAddress      where to send audio RTP (c= at media level over session level)
 * @param audioRtcpAddress  where to send audio RTCP (a=rtcp, else RTP port + 1, RFC 3605 section 2.1)
 * @param direction         the far end's direction for audio, from its point of view; the RFC 2543 hold form
 *                          (c=0.0.0.0) counts as not receiving, so sendrecv becomes sendonly
 * @param video             the video codec, null when video was refused (port 0), not offered or has no
 *                          common codec
 * @param videoAddress      where to send video RTP, null without video
 * @param videoRtcpAddress  where to send video RTCP, null without video
 * @param videoDirection    the far end's direction for video, null without video
 * @param crypto            the far end's SDES crypto attribute for audio (RTP/SAVP), null for plain RTP
 * @param videoCrypto       the far end's SDES crypto attribute for video, null for plain RTP or no video
 * @param ptimeMs           the far end's a=ptime, 20 when it gives none
 */
public record SipAnswer(
        CodecSpec audio,
        int telephoneEventPt,
        InetSocketAddress audioAddress,
        InetSocketAddress audioRtcpAddress,
        Direction direction,
        CodecSpec video,
        InetSocketAddress videoAddress,
        InetSocketAddress videoRtcpAddress,
        Direction videoDirection,
        Crypto crypto,
        Crypto videoCrypto,
        int ptimeMs) {

    /** RFC 3551 section 4.5: 20 ms is the default packetization of the audio codecs the gateway offers. */
    public static final int DEFAULT_PTIME = 20;

    /**
     * Reads the callee's answer to {@code ourOffer}.
     *
     * @throws SdpException when audio is refused, no offered codec was chosen, or an address is missing or bad
     */
    public static SipAnswer parse(SessionDescription answer, SessionDescription ourOffer) throws SdpException {
        return read(answer, ourOffer, true);
    }

    /** True when the far end does not want our media: sendonly or inactive (hold, RFC 3264 section 8.4). */
    public boolean held() {
        return !direction.receives();
    }

    static SipAnswer read(SessionDescription remote, SessionDescription ours, boolean isAnswer) throws SdpException {
        try {
            return new Reader(remote, ours, isAnswer).read();
        } catch (SdpException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SdpException("SIP SDP could not be read: " + e.getClass().getSimpleName());
        }
    }

    /** Reads one description against ours, m-line by m-line (RFC 3264 section 6: same count and order). */
    private record Reader(SessionDescription remote, SessionDescription ours, boolean isAnswer) {

        SipAnswer read() throws SdpException {
            int audioIndex = indexOf(ours, "audio");
            if (audioIndex < 0) {
                throw new SdpException("our SDP has no audio m-line");
            }
            String what = isAnswer ? "answer" : "offer";
            // RFC 3264 section 6 wants as many m-lines in the answer as in the offer, but sipp's built-in UAS leaves
            // trailing ones out: a missing video line reads as refused, a missing audio line is an error.
            if (isAnswer && remote.media().size() <= audioIndex) {
                throw new SdpException("answer has " + remote.media().size() + " m-lines, the offer had "
                        + ours.media().size());
            }
            MediaDescription remoteAudio = isAnswer ? remote.media().get(audioIndex) : firstUsable(remote, "audio");
            if (remoteAudio == null || !remoteAudio.isAudio()) {
                throw new SdpException(what + " has no audio m-line");
            }
            if (remoteAudio.isRejected()) {
                throw new SdpException(what + " refused the audio stream (port 0)");
            }
            MediaDescription ourAudio = ours.media().get(audioIndex);
            CodecSpec audio = chooseCodec(remoteAudio, ourAudio);
            if (audio == null) {
                throw new SdpException(what + "'s audio m-line has no codec we offered (it has: "
                        + Sdp.codecNames(remoteAudio.formatMaps()) + ")");
            }
            Connection c = connection(remoteAudio, "audio");
            Direction direction = effectiveDirection(remote.direction(remoteAudio), c);
            Crypto crypto = crypto(remoteAudio, ourAudio, "audio");

            CodecSpec video = null;
            InetSocketAddress videoAddress = null;
            InetSocketAddress videoRtcp = null;
            Direction videoDirection = null;
            Crypto videoCrypto = null;
            int ourVideoIndex = indexOf(ours, "video");
            MediaDescription remoteVideo = isAnswer
                    ? (ourVideoIndex >= 0 && ourVideoIndex < remote.media().size()
                            ? remote.media().get(ourVideoIndex)
                            : null)
                    : firstUsable(remote, "video");
            if (ourVideoIndex >= 0
                    && remoteVideo != null
                    && remoteVideo.isVideo()
                    && !remoteVideo.isRejected()
                    && !ours.media().get(ourVideoIndex).isRejected()) {
                MediaDescription ourVideo = ours.media().get(ourVideoIndex);
                video = chooseCodec(remoteVideo, ourVideo);
                if (video != null) {
                    Connection vc = connection(remoteVideo, "video");
                    videoAddress = address(vc, remoteVideo.port(), "video");
                    videoRtcp = rtcpAddress(remoteVideo, vc, "video");
                    videoDirection = effectiveDirection(remote.direction(remoteVideo), vc);
                    videoCrypto = crypto(remoteVideo, ourVideo, "video");
                }
            }
            int ptime = remoteAudio.ptime();
            return new SipAnswer(
                    audio,
                    telephoneEvent(remoteAudio, ourAudio),
                    address(c, remoteAudio.port(), "audio"),
                    rtcpAddress(remoteAudio, c, "audio"),
                    direction,
                    video,
                    videoAddress,
                    videoRtcp,
                    videoDirection,
                    crypto,
                    videoCrypto,
                    ptime > 0 ? ptime : DEFAULT_PTIME);
        }

        /**
         * RFC 3264 section 6.1/7: the codec is the first payload type of the remote m-line that we offered, matched
         * by encoding name and clock (payload type numbers may differ for dynamic types).
         */
        private static CodecSpec chooseCodec(MediaDescription remote, MediaDescription ours) throws SdpException {
            List<RtpMap> offered = ours.formatMaps();
            for (RtpMap r : remote.formatMaps()) {
                if (r.is("telephone-event") || r.is("CN")) {
                    continue;
                }
                for (RtpMap o : offered) {
                    // Some devices write G722/16000 (its sampling rate); RFC 3551 section 4.5.2 says 8000: accept both.
                    boolean clockMatches = o.clockRate() == r.clockRate() || o.is("G722");
                    if (o.is(r.encoding())
                            && clockMatches
                            && (!o.is("opus") || o.channels() == r.channels())
                            && (!o.is("H264")
                                    || h264Compatible(remote.fmtp(r.payloadType()), ours.fmtp(o.payloadType())))) {
                        String fmtp = remote.fmtp(r.payloadType());
                        return new CodecSpec(
                                r.payloadType(),
                                o.encoding(),
                                o.clockRate(),
                                o.channels(),
                                fmtp != null ? fmtp : ours.fmtp(o.payloadType()));
                    }
                }
            }
            return null;
        }

        /** H.264 packetization modes must agree (RFC 6184 section 8.2.2); absent means mode 0. */
        private static boolean h264Compatible(String remoteFmtp, String ourFmtp) {
            String a = FmtpParameters.get(remoteFmtp, "packetization-mode");
            String b = FmtpParameters.get(ourFmtp, "packetization-mode");
            return (a == null ? "0" : a).equals(b == null ? "0" : b);
        }

        private static int telephoneEvent(MediaDescription remote, MediaDescription ours) throws SdpException {
            boolean offered = false;
            for (RtpMap o : ours.formatMaps()) {
                offered |= o.is("telephone-event");
            }
            if (!offered) {
                return -1;
            }
            for (RtpMap r : remote.formatMaps()) {
                if (r.is("telephone-event") && r.clockRate() == 8000) {
                    return r.payloadType();
                }
            }
            return -1;
        }

        private Connection connection(MediaDescription m, String kind) throws SdpException {
            Connection c = remote.connection(m);
            if (c == null) {
                throw new SdpException(kind + " m-line has no c= line at session or media level");
            }
            return c;
        }

        /**
         * RFC 4568 section 7.1.3 for answers: one crypto line whose tag and suite we offered. For a far-end offer:
         * the first crypto line with a suite we offered (we answer with our key under its tag).
         */
        private Crypto crypto(MediaDescription remoteM, MediaDescription ourM, String kind) throws SdpException {
            List<Crypto> ourCryptos = ourM.cryptos();
            boolean remoteSecure = remoteM.proto().contains("SAVP");
            boolean weSecure = ourM.proto().contains("SAVP") || !ourCryptos.isEmpty();
            if (!remoteSecure && !weSecure) {
                return null;
            }
            if (remoteSecure != weSecure) {
                throw new SdpException(
                        kind + " m-line: proto " + Sdp.clip(remoteM.proto()) + " does not match our " + ourM.proto());
            }
            for (Crypto r : remoteM.cryptos()) {
                for (Crypto o : ourCryptos) {
                    if (o.suite().equals(r.suite()) && (!isAnswer || o.tag() == r.tag())) {
                        return r;
                    }
                }
            }
            throw new SdpException(
                    kind + " m-line: no a=crypto with a suite" + (isAnswer ? " and tag" : "") + " we offered");
        }

        private static InetSocketAddress rtcpAddress(MediaDescription m, Connection c, String kind)
                throws SdpException {
            RtcpAttribute r = m.rtcp();
            if (r == null) {
                return address(c, m.port() + 1 > 65535 ? m.port() : m.port() + 1, kind); // RFC 3550 section 11
            }
            return address(r.connection() != null ? r.connection() : c, r.port(), kind);
        }

        static InetSocketAddress address(Connection c, int port, String kind) throws SdpException {
            String host = c.host();
            if (!isLiteral(host)) {
                throw new SdpException(kind + " c= address '" + Sdp.clip(host) + "' is not an IP address");
            }
            try {
                return new InetSocketAddress(InetAddress.getByName(host), port); // a literal: no DNS lookup
            } catch (UnknownHostException e) {
                throw new SdpException(kind + " c= address '" + Sdp.clip(host) + "' is not an IP address");
            }
        }

        /** Only IP literals: a host name would need a DNS lookup on the call's thread. */
        private static boolean isLiteral(String host) {
            if (host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
                for (String p : host.split("\\.")) {
                    if (Integer.parseInt(p) > 255) {
                        return false;
                    }
                }
                return true;
            }
            return host.indexOf(':') >= 0 && host.matches("[0-9A-Fa-f:.]+");
        }

        /** RFC 3264 section 8.4: c=0.0.0.0 is the RFC 2543 way of saying "do not send to me". */
        private static Direction effectiveDirection(Direction d, Connection c) {
            if (!c.isUnspecified()) {
                return d;
            }
            return d.sends() ? Direction.SENDONLY : Direction.INACTIVE;
        }

        private static int indexOf(SessionDescription s, String type) {
            for (int i = 0; i < s.media().size(); i++) {
                if (s.media().get(i).type().equals(type)) {
                    return i;
                }
            }
            return -1;
        }

        /** The first enabled m-line of the type, else the first one of the type (refused), else null. */
        private static MediaDescription firstUsable(SessionDescription s, String type) {
            MediaDescription first = null;
            for (MediaDescription m : s.media()) {
                if (m.type().equals(type)) {
                    if (!m.isRejected()) {
                        return m;
                    }
                    first = first == null ? m : first;
                }
            }
            return first;
        }
    }
}
