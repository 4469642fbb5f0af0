package io.dialout.media.negotiation.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dialout.media.Direction;
import io.dialout.media.negotiation.room.CodecPolicy;
import io.dialout.media.negotiation.room.RoomNegotiatorTest;
import io.dialout.media.sdp.Fixtures;
import io.dialout.media.sdp.SdpException;
import io.dialout.media.sdp.SessionDescription;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Far-end re-INVITEs (RFC 3264 section 8): hold, resume, codec change; and the stateful {@link SipSdpSession}. */
class SipReofferTest {
    static final SipLocalParams PLAIN = SipOfferAnswerTest.PLAIN;

    static SessionDescription ourOffer() throws SdpException {
        return SipOfferAnswerTest.chromiumOffer(PLAIN);
    }

    static SessionDescription reoffer(String direction, String formats) throws SdpException {
        return SessionDescription.parse("v=0\r\no=- 5 9 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n"
                + "m=audio 5000 RTP/AVP " + formats + "\r\na=rtpmap:101 telephone-event/8000\r\na=" + direction
                + "\r\nm=video 0 RTP/AVP 96\r\n");
    }

    @Test
    void pbxHoldIsAnsweredRecvonly() throws Exception {
        SessionDescription ours = ourOffer();
        SipReofferAnswerer.Result r = SipReofferAnswerer.answer(
                Fixtures.sdp("asterisk-style-reoffer-hold.sdp"), ours, ours.origin(), Direction.SENDRECV);
        assertThat(r.remoteDirection()).isEqualTo(Direction.SENDONLY);
        assertThat(r.remoteHold()).isTrue();
        assertThat(r.remote().audio().name()).isEqualTo("PCMA");
        assertThat(r.remote().telephoneEventPt()).isEqualTo(101);
        assertThat(r.remote().audioAddress()).isEqualTo(new InetSocketAddress("198.51.100.7", 16584));
        assertThat(r.answerSdp())
                .isEqualTo("v=0\r\n"
                        + "o=- 4242 2 IN IP4 127.0.0.1\r\n"
                        + "s=-\r\n"
                        + "c=IN IP4 127.0.0.1\r\n"
                        + "t=0 0\r\n"
                        + "m=audio 30000 RTP/AVP 8 101\r\n"
                        + "a=rtpmap:8 PCMA/8000\r\n"
                        + "a=rtpmap:101 telephone-event/8000\r\n"
                        + "a=fmtp:101 0-16\r\n"
                        + "a=rtcp:30001\r\n"
                        + "a=ptime:20\r\n"
                        + "a=recvonly\r\n"
                        + "m=video 0 RTP/AVP 96\r\n");
    }

    @Test
    void baresipHoldWithVideo() throws Exception {
        // A real far-end hold: baresip's re-INVITE after "hold", a=sendonly on audio and video.
        SessionDescription ours = ourOffer();
        SipReofferAnswerer.Result r = SipReofferAnswerer.answer(
                Fixtures.sdp("baresip-reoffer-hold.sdp"), ours, ours.origin(), Direction.SENDRECV);
        assertThat(r.remoteHold()).isTrue();
        assertThat(r.remoteDirection()).isEqualTo(Direction.SENDONLY);
        assertThat(r.remote().audio().name()).isEqualTo("opus");
        assertThat(r.remote().videoDirection()).isEqualTo(Direction.SENDONLY);
        assertThat(r.remote().video().name()).isEqualTo("VP8");
        assertThat(r.answer().media())
                .extracting(m -> m.type() + " " + m.port() + " " + m.direction())
                .containsExactly("audio 30000 RECVONLY", "video 30002 RECVONLY");
        assertThat(r.answer().media().get(0).formats()).containsExactly("111", "101");
        assertThat(r.answer().media().get(1).rtcpFb(96)).containsExactly("goog-remb", "ccm fir", "nack", "nack pli");
        assertThat(r.answer().origin().sessionVersion()).isEqualTo("2");
    }

    @Test
    void rfc2543HoldIsAHold() throws Exception {
        SessionDescription ours = ourOffer();
        SipReofferAnswerer.Result r = SipReofferAnswerer.answer(
                Fixtures.sdp("rfc2543-reoffer-hold-c0.sdp"), ours, ours.origin(), Direction.SENDRECV);
        assertThat(r.remoteDirection()).isEqualTo(Direction.SENDONLY);
        assertThat(r.answer().media().get(0).direction()).isEqualTo(Direction.RECVONLY);
        assertThat(r.answer().media()).hasSize(1);
    }

    @ParameterizedTest(name = "remote {0}, local {1} -> answer {2}")
    @CsvSource({
        "sendrecv, SENDRECV, SENDRECV",
        "sendonly, SENDRECV, RECVONLY",
        "inactive, SENDRECV, INACTIVE",
        "recvonly, SENDRECV, SENDONLY",
        "sendrecv, SENDONLY, SENDONLY", // we hold the far end: we keep not receiving
        "sendonly, SENDONLY, INACTIVE", // both hold
    })
    void directions(String remote, Direction local, Direction answered) throws Exception {
        SessionDescription ours = ourOffer();
        SipReofferAnswerer.Result r = SipReofferAnswerer.answer(reoffer(remote, "0 101"), ours, ours.origin(), local);
        assertThat(r.remoteDirection()).isEqualTo(Direction.parse(remote));
        assertThat(r.answer().media().get(0).direction()).isEqualTo(answered);
    }

    @Test
    void codecChangeWeHandleIsTaken() throws Exception {
        SessionDescription ours = ourOffer();
        SipReofferAnswerer.Result r =
                SipReofferAnswerer.answer(reoffer("sendrecv", "18 9 0"), ours, ours.origin(), Direction.SENDRECV);
        assertThat(r.remote().audio().name()).isEqualTo("G722");
        assertThat(r.remote().telephoneEventPt()).isEqualTo(-1);
        assertThat(r.answer().media().get(0).formats()).containsExactly("9");
    }

    @Test
    void codecChangeWeCannotHandleIs488() throws Exception {
        SessionDescription ours = ourOffer();
        assertThatThrownBy(() ->
                        SipReofferAnswerer.answer(reoffer("sendrecv", "18"), ours, ours.origin(), Direction.SENDRECV))
                .isInstanceOf(SdpException.class)
                .hasMessage("offer's audio m-line has no codec we offered (it has: G729/8000)");
    }

    @Test
    void srtpReofferGetsOurKeyUnderItsTag() throws Exception {
        SessionDescription ours = SipOfferAnswerTest.chromiumOffer(SipOfferAnswerTest.SRTP);
        SessionDescription re = SessionDescription.parse("v=0\r\no=- 5 9 IN IP4 10.0.0.1\r\ns=-\r\n"
                + "c=IN IP4 10.0.0.1\r\nt=0 0\r\nm=audio 5000 RTP/SAVP 0\r\n"
                + "a=crypto:3 AES_256_CM_HMAC_SHA1_80 inline:AAAA\r\n"
                + "a=crypto:4 AES_CM_128_HMAC_SHA1_80 inline:BBBB\r\n");
        SipReofferAnswerer.Result r = SipReofferAnswerer.answer(re, ours, ours.origin(), Direction.SENDRECV);
        assertThat(r.remote().crypto().tag()).isEqualTo(4);
        assertThat(r.answer().media().get(0).cryptos()).singleElement().satisfies(c -> {
            assertThat(c.tag()).isEqualTo(4);
            assertThat(c.keyParams()).isEqualTo("inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz");
        });
        assertThatThrownBy(() ->
                        SipReofferAnswerer.answer(reoffer("sendrecv", "0"), ours, ours.origin(), Direction.SENDRECV))
                .isInstanceOf(SdpException.class)
                .hasMessage("audio m-line: proto RTP/AVP does not match our RTP/SAVP");
    }

    @Test
    void sessionTracksVersionsAcrossOffersAndAnswers() throws Exception {
        SipSdpSession s = new SipSdpSession(SipOfferAnswerTest.room(RoomNegotiatorTest.AV, CodecPolicy.DEFAULT), PLAIN);
        assertThat(s.offer().origin().sessionVersion()).isEqualTo("1");
        SipAnswer first = s.applyAnswer(Fixtures.text("baresip-answer-opus-vp8.sdp"));
        assertThat(first.video()).isNotNull();

        SessionDescription hold = s.reoffer(Direction.SENDONLY);
        assertThat(hold.origin().sessionVersion()).isEqualTo("2");
        assertThat(hold.media()).allSatisfy(m -> assertThat(m.direction()).isEqualTo(Direction.SENDONLY));
        SipAnswer held = s.applyReofferAnswer(
                Fixtures.text("baresip-answer-opus-vp8.sdp").replace("a=sendrecv", "a=recvonly"));
        assertThat(held.direction()).isEqualTo(Direction.RECVONLY);

        SipReofferAnswerer.Result r = s.answerReoffer(Fixtures.text("asterisk-style-reoffer-hold.sdp"));
        assertThat(r.answer().origin().sessionVersion()).isEqualTo("3");
        assertThat(r.answer().media().get(0).direction()).isEqualTo(Direction.INACTIVE); // both sides hold
        assertThat(s.current().audio().name()).isEqualTo("PCMA");

        SipReofferAnswerer.Result empty = s.answerReoffer(null);
        assertThat(empty.answer().origin().sessionVersion()).isEqualTo("4");
        assertThat(empty.answer().media().get(0).formats()).containsExactly("111", "9", "0", "8", "101");

        SessionDescription resume = s.reoffer(Direction.SENDRECV);
        assertThat(resume.origin().sessionVersion()).isEqualTo("5");
    }
}
