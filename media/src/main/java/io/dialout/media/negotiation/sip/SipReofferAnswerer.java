package io.dialout.media.negotiation.sip;

import io.dialout.media.Direction;
import io.dialout.media.sdp.CodecSpec;
import io.dialout.media.sdp.Crypto;
import io.dialout.media.sdp.MediaDescription;
import io.dialout.media.sdp.Origin;
import io.dialout.media.sdp.RtcpAttribute;
import io.dialout.media.sdp.SdpException;
import io.dialout.media.sdp.SessionDescription;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers a far-end re-INVITE offer (RFC 3264 section 8) on the SIP leg: same ports as our offer, the first codec of
 * the far end's list that we offered (so a codec change is taken when the gateway can handle it), the direction
 * that mirrors the far end's (sendonly -> recvonly for a remote hold, inactive -> inactive, sendrecv -> sendrecv),
 * limited by our own direction (when we hold, we keep not receiving).
 */
public final class SipReofferAnswerer {
    private SipReofferAnswerer() {}

    /**
     * @param answer          our answer
     * @param remoteDirection the far end's audio direction (SENDONLY or INACTIVE: the far end holds the call)
     * @param remote          the far end's media as now negotiated (codecs with its PTs, addresses, crypto)
     */
    public record Result(SessionDescription answer, Direction remoteDirection, SipAnswer remote) {
        public String answerSdp() {
            return answer.toString();
        }

        public boolean remoteHold() {
            return remote.held();
        }
    }

    /**
     * @param remoteOffer    the far end's re-offer
     * @param ourOffer       our offer of this session (its ports, codecs and crypto key are what we answer with)
     * @param lastOrigin     the o= of the last SDP we sent; the answer carries its version + 1
     * @param localDirection the direction we want (SENDRECV, or SENDONLY while we hold the far end)
     * @throws SdpException  when the re-offer cannot be taken (no audio, no codec we handle, SRTP mismatch): 488
     */
    public static Result answer(
            SessionDescription remoteOffer, SessionDescription ourOffer, Origin lastOrigin, Direction localDirection)
            throws SdpException {
        SipAnswer remote = SipAnswer.read(remoteOffer, ourOffer, false);
        MediaDescription ourAudio = ourOffer.firstMedia("audio");
        MediaDescription ourVideo = ourOffer.firstMedia("video");
        SessionDescription answer = new SessionDescription(lastOrigin.nextVersion());
        answer.setSessionName(ourOffer.sessionName());
        answer.setConnection(ourOffer.connection());
        boolean audioDone = false;
        boolean videoDone = false;
        for (MediaDescription m : remoteOffer.media()) {
            if (!audioDone && m.isAudio() && !m.isRejected()) {
                audioDone = true;
                List<CodecSpec> codecs = new ArrayList<>(List.of(remote.audio()));
                if (remote.telephoneEventPt() >= 0) {
                    codecs.add(new CodecSpec(remote.telephoneEventPt(), "telephone-event", 8000, 1, "0-16"));
                }
                answer.media()
                        .add(section(
                                m,
                                ourAudio,
                                codecs,
                                List.of(),
                                remote.crypto(),
                                intersect(remote.direction().reverse(), localDirection),
                                true));
            } else if (!videoDone && m.isVideo() && !m.isRejected() && remote.video() != null && ourVideo != null) {
                videoDone = true;
                answer.media()
                        .add(section(
                                m,
                                ourVideo,
                                List.of(remote.video()),
                                feedback(ourVideo),
                                remote.videoCrypto(),
                                intersect(remote.videoDirection().reverse(), localDirection),
                                false));
            } else {
                answer.media().add(m.rejectedAnswer()); // RFC 3264 section 6: a stream we do not take
            }
        }
        return new Result(answer, remote.direction(), remote);
    }

    /** What both sides allow: we send only if both want it, receive only if both want it. */
    static Direction intersect(Direction a, Direction b) {
        boolean send = a.sends() && b.sends();
        boolean recv = a.receives() && b.receives();
        return send
                ? (recv ? Direction.SENDRECV : Direction.SENDONLY)
                : (recv ? Direction.RECVONLY : Direction.INACTIVE);
    }

    private static List<String> feedback(MediaDescription ourVideo) {
        List<String> fb = new ArrayList<>();
        List<Integer> pts = ourVideo.payloadTypes();
        if (!pts.isEmpty()) {
            fb.addAll(ourVideo.rtcpFb(pts.get(0)));
        }
        return fb;
    }

    private static MediaDescription section(
            MediaDescription offered,
            MediaDescription ours,
            List<CodecSpec> codecs,
            List<String> feedback,
            Crypto remoteCrypto,
            Direction direction,
            boolean audio)
            throws SdpException {
        List<String> pts = new ArrayList<>();
        codecs.forEach(c -> pts.add(Integer.toString(c.payloadType())));
        MediaDescription m = new MediaDescription(offered.type(), ours.port(), offered.proto(), pts);
        for (CodecSpec c : codecs) {
            m.addCodec(c, feedback);
        }
        RtcpAttribute rtcp = ours.rtcp();
        m.add("rtcp", Integer.toString(rtcp != null ? rtcp.port() : ours.port() + 1));
        if (audio) {
            m.add("ptime", "20");
        }
        if (remoteCrypto != null) {
            // RFC 4568 section 7.1.2: our key, under the tag of the offered line we accept.
            for (Crypto c : ours.cryptos()) {
                if (c.suite().equals(remoteCrypto.suite())) {
                    m.add("crypto", c.withTag(remoteCrypto.tag()).attributeValue());
                    break;
                }
            }
        }
        m.addFlag(direction.attribute());
        return m;
    }
}
