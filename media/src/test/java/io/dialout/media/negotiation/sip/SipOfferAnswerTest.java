package io.dialout.media.negotiation.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dialout.media.Direction;
import io.dialout.media.negotiation.room.CodecPolicy;
import io.dialout.media.negotiation.room.RoomNegotiation;
import io.dialout.media.negotiation.room.RoomNegotiator;
import io.dialout.media.negotiation.room.RoomNegotiatorTest;
import io.dialout.media.sdp.CodecSpec;
import io.dialout.media.sdp.Connection;
import io.dialout.media.sdp.Crypto;
import io.dialout.media.sdp.Fixtures;
import io.dialout.media.sdp.MediaDescription;
import io.dialout.media.sdp.RtcpAttribute;
import io.dialout.media.sdp.RtpMap;
import io.dialout.media.sdp.SdpException;
import io.dialout.media.sdp.SessionDescription;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The SIP leg: our offer, and the answers of real callees (sipp, baresip) and a PBX-style answer. */
public class SipOfferAnswerTest {
    public static final String CRYPTO = "1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz";
    public static final SipLocalParams PLAIN =
            new SipLocalParams("127.0.0.1", 30000, 30001, 30002, 30003, null, 4242, 1, Direction.SENDRECV, true);
    public static final SipLocalParams SRTP = new SipLocalParams(
            "127.0.0.1", 30000, 30001, 30002, 30003, "a=crypto:" + CRYPTO, 4242, 1, Direction.SENDRECV, true);

    public static RoomNegotiation room(String fixture, CodecPolicy policy) throws SdpException {
        return RoomNegotiator.answer(Fixtures.sdp(fixture), RoomNegotiatorTest.LOCAL, policy);
    }

    public static SessionDescription chromiumOffer(SipLocalParams local) throws SdpException {
        return SipOfferBuilder.offer(room(RoomNegotiatorTest.AV, CodecPolicy.DEFAULT), local);
    }

    @Test
    void offerListsRoomCodecFirstThenTranscodedOnes() throws SdpException {
        SessionDescription o = chromiumOffer(PLAIN);
        MediaDescription a = o.media().get(0);
        assertThat(a.proto()).isEqualTo("RTP/AVP");
        assertThat(a.formats()).containsExactly("111", "9", "0", "8", "101");
        assertThat(a.rtpMap(101)).isEqualTo(new RtpMap(101, "telephone-event", 8000, 1));
        assertThat(a.fmtp(101)).isEqualTo("0-16");
        assertThat(a.rtcp()).isEqualTo(new RtcpAttribute(30001, null));
        assertThat(a.ptime()).isEqualTo(20);
        assertThat(a.direction()).isEqualTo(Direction.SENDRECV);
        assertThat(o.connection()).isEqualTo(new Connection("IN", "IP4", "127.0.0.1"));
        assertThat(o.origin().sessionId()).isEqualTo("4242");
        MediaDescription v = o.media().get(1);
        assertThat(v.port()).isEqualTo(30002);
        assertThat(v.formats()).containsExactly("96");
        assertThat(v.rtcpFb(96)).containsExactly("goog-remb", "ccm fir", "nack", "nack pli");
        assertThat(v.rtcp().port()).isEqualTo(30003);
    }

    @ParameterizedTest(name = "room {0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "0 111 8 126  | 0 9 8 101",
                "8 0 111 126  | 8 9 0 101",
                "9 126        | 9 0 8 101",
            })
    void g711AndG722RoomsUseStaticPts(String roomFormats, String sipFormats) throws SdpException {
        SessionDescription offer = SessionDescription.parse(Fixtures.text(RoomNegotiatorTest.A)
                .replace("UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126", "UDP/TLS/RTP/SAVPF " + roomFormats.trim()));
        RoomNegotiation n = RoomNegotiator.answer(offer, RoomNegotiatorTest.LOCAL, CodecPolicy.DEFAULT);
        SessionDescription sip = SipOfferBuilder.offer(n, PLAIN);
        assertThat(String.join(" ", sip.media().get(0).formats())).isEqualTo(sipFormats.trim());
        assertThat(sip.toString()).doesNotContain("opus");
        assertThat(sip.media()).hasSize(1);
    }

    @Test
    void telephoneEventMovesWhenRoomUses101() throws SdpException {
        SessionDescription offer =
                SessionDescription.parse(Fixtures.text(RoomNegotiatorTest.A).replace("111", "101"));
        SessionDescription sip = SipOfferBuilder.offer(
                RoomNegotiator.answer(offer, RoomNegotiatorTest.LOCAL, CodecPolicy.DEFAULT), PLAIN);
        assertThat(sip.media().get(0).formats()).containsExactly("101", "9", "0", "8", "96");
        assertThat(sip.media().get(0).rtpMap(96).encoding()).isEqualTo("telephone-event");
    }

    @Test
    void srtpOfferAndIpv6AndDirection() throws SdpException {
        SipLocalParams v6 =
                new SipLocalParams("2001:db8::5", 30000, 30001, 30002, 30003, CRYPTO, 1, 7, Direction.SENDONLY, false);
        SessionDescription o = chromiumOffer(v6);
        assertThat(o.media()).hasSize(1);
        assertThat(o.media().get(0).proto()).isEqualTo("RTP/SAVP");
        assertThat(o.media().get(0).cryptos())
                .singleElement()
                .satisfies(c -> assertThat(c.suite()).isEqualTo("AES_CM_128_HMAC_SHA1_80"));
        assertThat(o.toString())
                .contains("c=IN IP6 2001:db8::5\r\n")
                .contains("o=- 1 7 IN IP6 2001:db8::5\r\n")
                .contains("a=sendonly\r\n");
        assertThat(chromiumOffer(SRTP).toString()).contains("a=crypto:" + CRYPTO + "\r\n");
    }

    @Test
    void sippAnswerWithoutVideoLine() throws Exception {
        // Real sipp 3.6.1 UAS answer: PCMU only, and it drops our video m-line altogether (RFC 3264 wants port 0).
        SipAnswer a = SipAnswer.parse(Fixtures.sdp("sipp-uas-answer.sdp"), chromiumOffer(PLAIN));
        assertThat(a.audio()).isEqualTo(new CodecSpec(0, "PCMU", 8000, 1, null));
        assertThat(a.telephoneEventPt()).isEqualTo(-1);
        assertThat(a.audioAddress()).isEqualTo(new InetSocketAddress("127.0.0.1", 6000));
        assertThat(a.audioRtcpAddress()).isEqualTo(new InetSocketAddress("127.0.0.1", 6001));
        assertThat(a.direction()).isEqualTo(Direction.SENDRECV);
        assertThat(a.held()).isFalse();
        assertThat(a.video()).isNull();
        assertThat(a.videoAddress()).isNull();
        assertThat(a.crypto()).isNull();
        assertThat(a.ptimeMs()).isEqualTo(20);
    }

    @Test
    void baresipAnswerOpusAndVp8() throws Exception {
        SipAnswer a = SipAnswer.parse(Fixtures.sdp("baresip-answer-opus-vp8.sdp"), chromiumOffer(PLAIN));
        assertThat(a.audio().payloadType()).isEqualTo(111);
        assertThat(a.audio().name()).isEqualTo("opus");
        assertThat(a.audio().fmtp()).isEqualTo("stereo=1;sprop-stereo=1");
        assertThat(a.telephoneEventPt()).isEqualTo(101);
        assertThat(a.audioAddress()).isEqualTo(new InetSocketAddress("127.0.0.1", 31014));
        assertThat(a.audioRtcpAddress().getPort()).isEqualTo(31015);
        assertThat(a.video()).isEqualTo(new CodecSpec(96, "VP8", 90000, 1, "max-fs=3600"));
        assertThat(a.videoAddress()).isEqualTo(new InetSocketAddress("127.0.0.1", 31072));
        assertThat(a.videoRtcpAddress().getPort()).isEqualTo(31073);
        assertThat(a.videoDirection()).isEqualTo(Direction.SENDRECV);
        assertThat(a.ptimeMs()).isEqualTo(20);
    }

    @Test
    void baresipSrtpAnswerRefusingVideo() throws Exception {
        SipAnswer a = SipAnswer.parse(Fixtures.sdp("baresip-answer-g711-srtp-video-refused.sdp"), chromiumOffer(SRTP));
        assertThat(a.audio()).isEqualTo(new CodecSpec(0, "PCMU", 8000, 1, null));
        assertThat(a.telephoneEventPt()).isEqualTo(101);
        assertThat(a.crypto())
                .isEqualTo(new Crypto(
                        1, "AES_CM_128_HMAC_SHA1_80", "inline:sMaQWKkOOIyDiU2OYklgrckocv1k65EONU0dy9rX", null));
        assertThat(a.video()).isNull();
        assertThat(a.videoAddress()).isNull();
    }

    @Test
    void pbxAnswerWithRtcpAttributeAndNoTelephoneEvent() throws Exception {
        SipAnswer a = SipAnswer.parse(Fixtures.sdp("asterisk-style-answer-pcma.sdp"), chromiumOffer(PLAIN));
        assertThat(a.audio()).isEqualTo(new CodecSpec(8, "PCMA", 8000, 1, null));
        assertThat(a.telephoneEventPt()).isEqualTo(-1);
        assertThat(a.audioAddress()).isEqualTo(new InetSocketAddress("198.51.100.7", 16584));
        assertThat(a.audioRtcpAddress()).isEqualTo(new InetSocketAddress("198.51.100.7", 16585));
        assertThat(a.video()).isNull();
    }

    static String answer(String audioLine, String... extra) {
        return "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n" + audioLine + "\r\n"
                + String.join("\r\n", extra) + (extra.length > 0 ? "\r\n" : "");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                // first answered PT we offered wins, whatever the answer's PT numbers
                "first offered wins      | m=audio 5000 RTP/AVP 18 8 0 | a=rtpmap:18 G729/8000 | PCMA | 8",
                "dynamic PT renumbered   | m=audio 5000 RTP/AVP 96 | a=rtpmap:96 opus/48000/2 | opus | 96",
                "G722 by static PT       | m=audio 5000 RTP/AVP 9 101 | a=rtpmap:101 telephone-event/8000 | G722 | 9",
                "G722 written at 16000   | m=audio 5000 RTP/AVP 9 | a=rtpmap:9 G722/16000 | G722 | 9",
            })
    void codecChoice(String name, String mline, String attr, String codec, int pt) throws Exception {
        SipAnswer a = SipAnswer.parse(SessionDescription.parse(answer(mline, attr)), chromiumOffer(PLAIN));
        assertThat(a.audio().name()).isEqualTo(codec);
        assertThat(a.audio().payloadType()).isEqualTo(pt);
    }

    @Test
    void mediaLevelConnectionAndRtcpAttributeWithAddress() throws Exception {
        SipAnswer a = SipAnswer.parse(
                SessionDescription.parse(answer(
                        "m=audio 5000 RTP/AVP 0",
                        "c=IN IP4 10.0.0.2",
                        "a=rtcp:7000 IN IP4 10.0.0.3",
                        "a=ptime:30",
                        "a=recvonly")),
                chromiumOffer(PLAIN));
        assertThat(a.audioAddress()).isEqualTo(new InetSocketAddress("10.0.0.2", 5000));
        assertThat(a.audioRtcpAddress()).isEqualTo(new InetSocketAddress("10.0.0.3", 7000));
        assertThat(a.ptimeMs()).isEqualTo(30);
        assertThat(a.direction()).isEqualTo(Direction.RECVONLY);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "sendonly       | c=IN IP4 10.0.0.1 | a=sendonly | SENDONLY | true",
                "inactive       | c=IN IP4 10.0.0.1 | a=inactive | INACTIVE | true",
                "sendrecv       | c=IN IP4 10.0.0.1 | a=sendrecv | SENDRECV | false",
                "RFC 2543 hold  | c=IN IP4 0.0.0.0  | a=sendrecv | SENDONLY | true",
                "c=0 + recvonly | c=IN IP4 0.0.0.0  | a=recvonly | INACTIVE | true",
            })
    void holdForms(String name, String c, String dir, Direction expected, boolean held) throws Exception {
        SipAnswer a = SipAnswer.parse(
                SessionDescription.parse(answer("m=audio 5000 RTP/AVP 0", c, dir)), chromiumOffer(PLAIN));
        assertThat(a.direction()).isEqualTo(expected);
        assertThat(a.held()).isEqualTo(held);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "audio refused   | m=audio 0 RTP/AVP 0 |                       | answer refused the audio stream (port 0)",
                "no common codec | m=audio 5000 RTP/AVP 18 | a=rtpmap:18 G729/8000 | answer's audio m-line has no codec we offered (it has: G729/8000)",
                "host name in c= | m=audio 5000 RTP/AVP 0 | c=IN IP4 pbx.example.com | audio c= address 'pbx.example.com' is not an IP address",
                "SRTP answer to RTP | m=audio 5000 RTP/SAVP 0 | a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:x | audio m-line: proto RTP/SAVP does not match our RTP/AVP",
            })
    void unusableAnswers(String name, String mline, String attr, String message) {
        String text = attr == null ? answer(mline) : answer(mline, attr);
        assertThatThrownBy(() -> SipAnswer.parse(SessionDescription.parse(text), chromiumOffer(PLAIN)))
                .isInstanceOf(SdpException.class)
                .hasMessage(message);
    }

    @Test
    void srtpAnswerMustCarryAnOfferedTag() {
        String text = answer("m=audio 5000 RTP/SAVP 0", "a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:abc");
        assertThatThrownBy(() -> SipAnswer.parse(SessionDescription.parse(text), chromiumOffer(SRTP)))
                .isInstanceOf(SdpException.class)
                .hasMessage("audio m-line: no a=crypto with a suite and tag we offered");
    }

    @Test
    void reofferKeepsPortsAndCodecsAndChangesDirection() throws Exception {
        SessionDescription offer = chromiumOffer(PLAIN);
        SipAnswer answer = SipAnswer.parse(
                Fixtures.sdp("baresip-answer-g711-srtp-video-refused.sdp").copy(), chromiumOffer(SRTP));
        SessionDescription hold = SipOfferBuilder.reoffer(offer, answer, 2, Direction.SENDONLY);
        assertThat(hold.origin().sessionId()).isEqualTo("4242");
        assertThat(hold.origin().sessionVersion()).isEqualTo("2");
        assertThat(hold.media().get(0).port()).isEqualTo(30000);
        assertThat(hold.media().get(0).formats()).isEqualTo(offer.media().get(0).formats());
        assertThat(hold.media().get(0).direction()).isEqualTo(Direction.SENDONLY);
        assertThat(hold.media().get(1).isRejected()).isTrue(); // the callee refused video: it stays refused
        assertThat(offer.media().get(0).direction()).isEqualTo(Direction.SENDRECV); // the original is untouched

        // answer to the hold re-offer: recvonly
        SipAnswer held = SipAnswer.parse(
                SessionDescription.parse(answer("m=audio 5000 RTP/AVP 0", "a=recvonly", "m=video 0 RTP/AVP 96")), hold);
        assertThat(held.direction()).isEqualTo(Direction.RECVONLY);
        SessionDescription resume = SipOfferBuilder.reoffer(offer, answer, 3, Direction.SENDRECV);
        assertThat(resume.media().get(0).direction()).isEqualTo(Direction.SENDRECV);
        assertThat(resume.origin().sessionVersion()).isEqualTo("3");
    }

    @Test
    void localParamsAcceptBothCryptoForms() {
        assertThat(SRTP.cryptoAttribute()).isEqualTo(CRYPTO);
        assertThat(SRTP.with(Direction.SENDONLY, 9).sessionVersion()).isEqualTo(9);
        assertThat(List.of(PLAIN.direction())).containsExactly(Direction.SENDRECV);
    }
}
