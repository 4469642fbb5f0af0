package io.dialout.demo.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dialout.media.Direction;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 3264 answers of each demo user to offers as SIP endpoints and the gateway write them. */
class NegotiationTest {
    private static final String HEAD = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n";
    private static final String MAPS = "a=rtpmap:111 opus/48000/2\r\na=rtpmap:101 telephone-event/8000\r\n"
            + "a=rtpmap:110 telephone-event/48000\r\na=rtpmap:13 CN/8000\r\na=fmtp:101 0-16\r\n";

    private static SdpOffer audio(String formats, String extra) {
        return SdpOffer.parse(HEAD + "m=audio 4000 RTP/AVP " + formats + "\r\n" + MAPS + extra);
    }

    /** Offered formats -> chosen codec PT and telephone-event PT (-1: none) per policy. */
    @ParameterizedTest(name = "{0} {1} -> {2}/{3}")
    @CsvSource({
        "ECHO, 111 0 101 110, 111, 110", // any codec; telephone-event at the codec's clock (RFC 4733 7.1.1)
        "ECHO, 13 18 0 101, 18, 101", // CN skipped; G.729 is echoed without decoding
        "ECHO, 0, 0, -1",
        "TONE, 111 18 8 0 101, 8, -1", // first of PCMU/PCMA/G722; tone never keeps telephone-event
        "TONE, 9 0, 9, -1",
        "IVR, 111 0 101, 0, 101",
        "IVR, 8 110, 8, 110", // only telephone-event/48000 offered: kept anyway
    })
    void picksTheFirstUsableCodec(AnswerPolicy policy, String formats, int codec, int te) {
        MediaAnswer a = Negotiation.answer(audio(formats, ""), policy).get(0);
        assertThat(a.codec().payloadType()).isEqualTo(codec);
        assertThat(a.telephoneEvent() == null ? -1 : a.telephoneEvent().payloadType())
                .isEqualTo(te);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"sendrecv, sendrecv", "sendonly, recvonly", "recvonly, sendonly", "inactive, inactive"})
    void mirrorsTheDirection(String offered, String answered) {
        MediaAnswer a = Negotiation.answer(audio("0", "a=" + offered + "\r\n"), AnswerPolicy.ECHO)
                .get(0);
        assertThat(a.direction()).isEqualTo(Direction.parse(answered));
    }

    @Test
    void sessionLevelDirectionApplies() {
        SdpOffer o = SdpOffer.parse(HEAD + "a=sendonly\r\nm=audio 4000 RTP/AVP 0\r\n");
        assertThat(Negotiation.answer(o, AnswerPolicy.TONE).get(0).direction()).isEqualTo(Direction.RECVONLY);
    }

    @Test
    void toneRefusesVideoAndEchoAcceptsIt() {
        SdpOffer o = SdpOffer.parse(HEAD + "m=audio 4000 RTP/AVP 0\r\nm=video 4002 RTP/AVP 96 97\r\n"
                + "a=rtpmap:96 H264/90000\r\na=fmtp:96 packetization-mode=1\r\na=rtcp-fb:96 nack pli\r\n"
                + "a=rtpmap:97 rtx/90000\r\na=fmtp:97 apt=96\r\n");
        List<MediaAnswer> tone = Negotiation.answer(o, AnswerPolicy.TONE);
        assertThat(tone.get(1).accepted()).isFalse();
        List<MediaAnswer> echo = Negotiation.answer(o, AnswerPolicy.ECHO);
        assertThat(echo.get(1).codec().name()).isEqualTo("H264");
        assertThat(echo.get(1).rtcpFb()).containsExactly("96 nack pli");

        String sdp = SdpAnswerWriter.write(
                tone, java.util.Arrays.asList(new SdpAnswerWriter.LocalPorts(5000, 5001), null), "127.0.0.1", 42, 1);
        // RFC 3264 section 6: the refused line stays, port 0, with the offered formats.
        assertThat(sdp)
                .contains("m=audio 5000 RTP/AVP 0\r\n")
                .contains("m=video 0 RTP/AVP 96 97\r\n")
                .contains("a=rtcp:5001\r\n")
                .contains("o=demo 42 1 IN IP4 127.0.0.1\r\n");
        String echoSdp = SdpAnswerWriter.write(
                echo,
                List.of(new SdpAnswerWriter.LocalPorts(5000, 5001), new SdpAnswerWriter.LocalPorts(5002, 5003)),
                "127.0.0.1",
                42,
                2);
        assertThat(echoSdp)
                .contains("m=video 5002 RTP/AVP 96\r\n")
                .contains("a=fmtp:96 packetization-mode=1\r\n")
                .contains("a=rtcp-fb:96 nack pli\r\n");
    }

    /** The offer the gateway sends for a Chromium room (media/src/test/resources/sdp/*.sip-offer.sdp). */
    private static final String GATEWAY_OFFER =
            "v=0\r\no=- 4242 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                    + "m=audio 30000 RTP/AVP 111 9 0 8 101\r\na=rtpmap:111 opus/48000/2\r\n"
                    + "a=fmtp:111 minptime=10;useinbandfec=1\r\na=rtpmap:9 G722/8000\r\na=rtpmap:0 PCMU/8000\r\n"
                    + "a=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=rtcp:30001\r\n"
                    + "a=ptime:20\r\na=sendrecv\r\nm=video 30002 RTP/AVP 96\r\na=rtpmap:96 VP8/90000\r\n"
                    + "a=rtcp-fb:96 goog-remb\r\na=rtcp-fb:96 ccm fir\r\na=rtcp-fb:96 nack\r\na=rtcp-fb:96 nack pli\r\n"
                    + "a=rtcp:30003\r\na=sendrecv\r\n";

    @Test
    void answersTheGatewaysOffer() {
        SdpOffer o = SdpOffer.parse(GATEWAY_OFFER);
        List<MediaAnswer> echo = Negotiation.answer(o, AnswerPolicy.ECHO);
        assertThat(echo.get(0).codec().name()).isEqualTo("opus"); // pass-through for the gateway: no transcoding
        assertThat(echo.get(0).telephoneEvent().payloadType()).isEqualTo(101);
        assertThat(echo.get(1).codec().name()).isEqualTo("VP8");
        String sdp = SdpAnswerWriter.write(
                echo,
                List.of(new SdpAnswerWriter.LocalPorts(5000, 5001), new SdpAnswerWriter.LocalPorts(5002, 5003)),
                "127.0.0.1",
                7,
                1);
        assertThat(sdp)
                .contains("m=audio 5000 RTP/AVP 111 101\r\n")
                .contains("a=fmtp:111 minptime=10;useinbandfec=1\r\n")
                .contains("m=video 5002 RTP/AVP 96\r\n")
                .contains("a=rtcp-fb:96 nack pli\r\n");
        assertThat(SdpOffer.parse(GATEWAY_OFFER).media().get(0).rtcp().getPort())
                .isEqualTo(30001);

        List<MediaAnswer> tone = Negotiation.answer(o, AnswerPolicy.TONE);
        assertThat(tone.get(0).codec().name()).isEqualTo("G722");
        assertThat(tone.get(1).accepted()).isFalse();
        // MediaSession.localPorts() has no entry for the refused video line that ends the offer.
        assertThat(SdpAnswerWriter.write(tone, List.of(new SdpAnswerWriter.LocalPorts(5000, 5001)), "127.0.0.1", 7, 1))
                .contains("m=audio 5000 RTP/AVP 9\r\n")
                .contains("m=video 0 RTP/AVP 96\r\n");
        List<MediaAnswer> ivr = Negotiation.answer(o, AnswerPolicy.IVR);
        assertThat(ivr.get(0).formats()).extracting(Format::payloadType).containsExactly(9, 101);
    }

    @Test
    void rfc2543HoldAddressIsAccepted() {
        SdpOffer o = SdpOffer.parse("v=0\r\no=- 99 1001 IN IP4 192.0.2.50\r\ns=session\r\nc=IN IP4 0.0.0.0\r\n"
                + "t=0 0\r\nm=audio 20000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n");
        assertThat(Negotiation.answer(o, AnswerPolicy.ECHO).get(0).offer().rtp().getHostString())
                .isEqualTo("0.0.0.0");
    }

    @Test
    void onlyOneAudioStreamAndOnlyPlainRtp() {
        SdpOffer o = SdpOffer.parse(HEAD + "m=audio 4000 RTP/SAVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80"
                + " inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVzcyAoc2VxdWVuY2Ug\r\n"
                + "m=audio 4002 RTP/AVP 8\r\nm=audio 4004 RTP/AVP 0\r\n");
        List<MediaAnswer> a = Negotiation.answer(o, AnswerPolicy.ECHO);
        assertThat(a).extracting(MediaAnswer::accepted).containsExactly(false, true, false);
    }

    @Test
    void nothingUsableIsNotAcceptable() {
        assertThatThrownBy(() -> Negotiation.answer(audio("18 101", ""), AnswerPolicy.TONE))
                .isInstanceOf(NotAcceptableException.class);
        SdpOffer videoOnly = SdpOffer.parse(HEAD + "m=video 4000 RTP/AVP 96\r\na=rtpmap:96 VP8/90000\r\n");
        assertThatThrownBy(() -> Negotiation.answer(videoOnly, AnswerPolicy.ECHO))
                .isInstanceOf(NotAcceptableException.class);
        assertThatThrownBy(() -> SdpOffer.parse("not sdp")).isInstanceOf(SdpFormatException.class);
    }

    @Test
    void rtcpAddressFollowsRfc3605AndRfc5761() {
        assertThat(audio("0", "").media().get(0).rtcp().getPort()).isEqualTo(4001);
        assertThat(audio("0", "a=rtcp:4009 IN IP4 127.0.0.2\r\n")
                        .media()
                        .get(0)
                        .rtcp()
                        .getHostString())
                .isEqualTo("127.0.0.2");
        assertThat(audio("0", "a=rtcp-mux\r\n").media().get(0).rtcp().getPort()).isEqualTo(4000);
    }
}
