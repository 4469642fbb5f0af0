package io.dialout.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dialout.media.Direction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SessionDescriptionTest {

    @Test
    void parsesChromiumOffer() throws SdpException {
        SessionDescription s = Fixtures.sdp("chromium-offer-audio-video.sdp");
        assertThat(s.origin().sessionId()).isEqualTo("3848285449524578436");
        assertThat(s.origin().sessionVersion()).isEqualTo("2");
        assertThat(s.attributeValues("group")).containsExactly("BUNDLE 0 1");
        assertThat(s.media()).hasSize(2);

        MediaDescription audio = s.media().get(0);
        assertThat(audio.type()).isEqualTo("audio");
        assertThat(audio.port()).isEqualTo(43135);
        assertThat(audio.proto()).isEqualTo("UDP/TLS/RTP/SAVPF");
        assertThat(audio.payloadTypes()).containsExactly(111, 63, 9, 0, 8, 13, 110, 126);
        assertThat(audio.connection()).isEqualTo(new Connection("IN", "IP4", "192.0.2.2"));
        assertThat(audio.mid()).isEqualTo("0");
        assertThat(audio.rtpMap(111)).isEqualTo(new RtpMap(111, "opus", 48000, 2));
        assertThat(audio.fmtp(111)).isEqualTo("minptime=10;useinbandfec=1");
        assertThat(audio.rtcpFb(111)).containsExactly("transport-cc");
        assertThat(audio.iceUfrag()).isEqualTo("Pl7B");
        assertThat(audio.icePwd()).isEqualTo("Aqvj2ZCMnEaINsik832gyE7N");
        assertThat(audio.fingerprints()).singleElement().satisfies(f -> {
            assertThat(f.algorithm()).isEqualTo("sha-256");
            assertThat(f.value()).startsWith("FB:EA:C9");
        });
        assertThat(audio.setup()).isEqualTo("actpass");
        assertThat(audio.direction()).isEqualTo(Direction.SENDRECV);
        assertThat(audio.rtcpMux()).isTrue();
        assertThat(audio.rtcpRsize()).isTrue();
        assertThat(audio.rtcp()).isEqualTo(new RtcpAttribute(9, new Connection("IN", "IP4", "0.0.0.0")));
        assertThat(audio.primarySsrcs()).containsExactly(2342476241L);
        assertThat(audio.candidates()).hasSize(4);
        Candidate c = audio.candidates().get(0);
        assertThat(c)
                .isEqualTo(new Candidate(
                        "2243854919", 1, "udp", 2122194687L, "192.0.2.2", 43135, "host", "generation 0 network-id 1"));

        MediaDescription video = s.media().get(1);
        assertThat(video.mid()).isEqualTo("1");
        assertThat(video.rtpMap(108).encoding()).isEqualTo("H264");
        assertThat(video.fmtp(108)).contains("profile-level-id=42e01f");
        assertThat(video.rtcpFb(96)).containsExactly("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli");
        // the rtx SSRC of a=ssrc-group:FID is not a primary SSRC
        assertThat(video.primarySsrcs()).containsExactly(3311082258L);
        assertThat(video.ssrcAttributes()).hasSize(4);
    }

    @Test
    void writesWhatItParsedWithCrlf() throws SdpException {
        String text = Fixtures.text("chromium-offer-audio-video.sdp");
        SessionDescription s = SessionDescription.parse(text);
        assertThat(s.toString()).isEqualTo(text);
        assertThat(SessionDescription.parse(s.toString()).toString()).isEqualTo(text);
    }

    @Test
    void acceptsLfLineEndsAndKeepsAttributeOrder() throws SdpException {
        String crlf = Fixtures.text("chromium-offer-audio.sdp");
        SessionDescription s = SessionDescription.parse(crlf.replace("\r\n", "\n"));
        assertThat(s.toString()).isEqualTo(crlf);
    }

    @Test
    void ignoresUnknownLinesAndAttributes() throws SdpException {
        SessionDescription s = SessionDescription.parse("""
                v=0
                o=- 1 1 IN IP4 10.0.0.1
                s=call
                i=some info
                u=http://example.com
                e=a@example.com
                c=IN IP4 10.0.0.1
                b=AS:256
                t=0 0
                a=x-unknown:foo
                m=audio 4000 RTP/AVP 0
                b=TIAS:64000
                a=whatever
                a=sendonly
                """);
        assertThat(s.sessionName()).isEqualTo("call");
        assertThat(s.attribute("x-unknown")).isEqualTo("foo");
        MediaDescription m = s.media().get(0);
        assertThat(m.attributes()).extracting(Attribute::name).containsExactly("whatever", "sendonly");
        assertThat(s.direction(m)).isEqualTo(Direction.SENDONLY);
        assertThat(s.connection(m).address()).isEqualTo("10.0.0.1");
        assertThat(m.rtpMap(0)).isEqualTo(new RtpMap(0, "PCMU", 8000, 1));
    }

    @Test
    void trailingBlanksAreDropped() throws SdpException {
        SessionDescription s = SessionDescription.parse("v=0 \r\no=- 1 1 IN IP4 10.0.0.1\t\r\ns=-\r\nt=0 0\r\n"
                + "m=audio 4000 RTP/AVP 0 \r\na=sendonly \r\na=rtpmap:0 PCMU/8000  \r\n");
        MediaDescription m = s.media().get(0);
        assertThat(m.direction()).isEqualTo(Direction.SENDONLY);
        assertThat(m.formats()).containsExactly("0");
        assertThat(m.rtpMaps()).containsExactly(new RtpMap(0, "PCMU", 8000, 1));
    }

    @Test
    void sessionLevelValuesApplyToMedia() throws SdpException {
        SessionDescription s = SessionDescription.parse("""
                v=0
                o=- 1 1 IN IP4 10.0.0.1
                s=-
                t=0 0
                a=ice-ufrag:abcd
                a=ice-pwd:0123456789012345678901
                a=fingerprint:sha-256 AB:CD
                a=setup:active
                a=inactive
                m=audio 4000 UDP/TLS/RTP/SAVPF 0
                c=IN IP6 ::1
                """);
        MediaDescription m = s.media().get(0);
        assertThat(s.iceUfrag(m)).isEqualTo("abcd");
        assertThat(s.icePwd(m)).isEqualTo("0123456789012345678901");
        assertThat(s.fingerprints(m)).containsExactly(new Fingerprint("sha-256", "AB:CD"));
        assertThat(s.setup(m)).isEqualTo("active");
        assertThat(s.direction(m)).isEqualTo(Direction.INACTIVE);
        assertThat(s.connection(m)).isEqualTo(new Connection("IN", "IP6", "::1"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''|SDP is empty",
                "o=- 1 1 IN IP4 1.2.3.4|SDP line 1: SDP must start with v=0",
                "v=1|SDP line 1: unsupported SDP version '1'",
                "v=0\\nhello|SDP line 2: expected '<type>=<value>' but got 'hello'",
                "v=0\\ns=-|SDP has no o= line",
                "v=0\\no=- 1 IN IP4|SDP line 2: o= line: expected 6 fields but got 4",
                "v=0\\no=- 1 1 IN IP4 h\\nc=IN IP4|SDP line 3: expected 'IN IP4 <address>' or 'IN IP6 <address>' but got 'IN IP4'",
                "v=0\\no=- 1 1 IN IP4 h\\nc=IN IPX h|SDP line 3: unknown address type 'IPX'",
                "v=0\\no=- 1 1 IN IP4 h\\nm=audio x RTP/AVP 0|SDP line 3: m= port is not a number: 'x'",
                "v=0\\no=- 1 1 IN IP4 h\\nm=audio 70000 RTP/AVP 0|SDP line 3: m= port 70000 out of range",
                "v=0\\no=- 1 1 IN IP4 h\\nm=audio 9 RTP/AVP|SDP line 3: expected 'm=<media> <port> <proto> <fmt> ...' but got 'm=audio 9 RTP/AVP'",
                "v=0\\nm=audio 9 RTP/AVP 0|SDP line 2: m= line before the o= line",
                "v=0\\no=- 1 1 IN IP4 h\\na=|SDP line 3: attribute without a name",
                "v=0\\no=- 1 1 IN IP4 h\\nv=0|SDP line 3: a second v= line",
            })
    void reportsWhatIsWrong(String text, String message) {
        assertThatThrownBy(() -> SessionDescription.parse(text.replace("\\n", "\r\n")))
                .isInstanceOf(SdpException.class)
                .hasMessage(message);
    }

    @Test
    void refusesOversizedInput() {
        String big = "v=0\r\no=- 1 1 IN IP4 h\r\n" + "a=x-pad:0123456789\r\n".repeat(4000);
        assertThatThrownBy(() -> SessionDescription.parse(big))
                .isInstanceOf(SdpException.class)
                .hasMessageStartingWith("SDP is too large");
    }

    @Test
    void refusesTooManyMediaLines() {
        String many = "v=0\r\no=- 1 1 IN IP4 h\r\n" + "m=audio 9 RTP/AVP 0\r\n".repeat(65);
        assertThatThrownBy(() -> SessionDescription.parse(many))
                .isInstanceOf(SdpException.class)
                .hasMessage("SDP line 67: more than 64 m= lines");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rtpmap:x opus/48000", "rtpmap:111", "rtpmap:111 opus", "rtpmap:111 opus/abc"})
    void malformedRtpmapIsAnSdpException(String attr) throws SdpException {
        SessionDescription s =
                SessionDescription.parse("v=0\r\no=- 1 1 IN IP4 h\r\nm=audio 9 RTP/AVP 111\r\na=" + attr + "\r\n");
        assertThatThrownBy(() -> s.media().get(0).rtpMaps())
                .isInstanceOf(SdpException.class)
                .hasMessageContaining("rtpmap");
    }

    @Test
    void candidateParsesTrickleForms() throws SdpException {
        Candidate a = Candidate.parse("candidate:1 1 UDP 2130706431 10.0.0.1 5000 typ host");
        Candidate b = Candidate.parse("a=candidate:1 1 udp 2130706431 10.0.0.1 5000 typ host");
        assertThat(a).isEqualTo(b);
        assertThat(a.attributeValue()).isEqualTo("1 1 udp 2130706431 10.0.0.1 5000 typ host");
        Candidate srflx = Candidate.parse(
                "candidate:2 1 udp 1686052607 203.0.113.5 6000 typ srflx raddr 10.0.0.1 " + "rport 5000");
        assertThat(srflx.type()).isEqualTo("srflx");
        assertThat(srflx.extensions()).isEqualTo("raddr 10.0.0.1 rport 5000");
        assertThatThrownBy(() -> Candidate.parse("candidate:1 1 udp 1 10.0.0.1 5000 host"))
                .isInstanceOf(SdpException.class);
        assertThatThrownBy(() -> Candidate.parse("candidate:1 1 udp 1 10.0.0.1 99999 typ host"))
                .isInstanceOf(SdpException.class)
                .hasMessageContaining("out of range");
    }

    @Test
    void editsKeepOrder() throws SdpException {
        SessionDescription s = Fixtures.sdp("chromium-offer-audio.sdp");
        MediaDescription m = s.media().get(0);
        int before = m.attributes().size();
        m.setDirection(Direction.SENDONLY);
        assertThat(m.attributes()).hasSize(before);
        assertThat(m.direction()).isEqualTo(Direction.SENDONLY);
        assertThat(s.toString()).contains("a=msid:").contains("a=sendonly\r\na=msid");
        assertThat(s.origin().nextVersion().sessionVersion()).isEqualTo("3");
    }
}
