package io.dialout.media.negotiation.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dialout.media.Direction;
import io.dialout.media.sdp.Attribute;
import io.dialout.media.sdp.Candidate;
import io.dialout.media.sdp.CodecSpec;
import io.dialout.media.sdp.Fingerprint;
import io.dialout.media.sdp.Fixtures;
import io.dialout.media.sdp.MediaDescription;
import io.dialout.media.sdp.SdpException;
import io.dialout.media.sdp.SessionDescription;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

public class RoomNegotiatorTest {
    public static final String FP =
            "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:" + "66:77:88:99";
    public static final RoomLocalParams LOCAL = new RoomLocalParams(
            "gwUf", "gatewayPassword0123456789", FP, List.of("127.0.0.1", "::1"), 40000, 1111L, 2222L, "gw-cname");
    public static final String AV = "chromium-offer-audio-video.sdp";
    public static final String A = "chromium-offer-audio.sdp";

    static RoomNegotiation answer(String fixture, UnaryOperator<String> edit, CodecPolicy policy) throws SdpException {
        return RoomNegotiator.answer(SessionDescription.parse(edit.apply(Fixtures.text(fixture))), LOCAL, policy);
    }

    static RoomNegotiation answer(String fixture, UnaryOperator<String> edit) throws SdpException {
        return answer(fixture, edit, CodecPolicy.DEFAULT);
    }

    @Test
    void chromiumAudioVideo() throws SdpException {
        RoomNegotiation n = answer(AV, s -> s);
        assertThat(n.audio()).isEqualTo(new CodecSpec(111, "opus", 48000, 2, "minptime=10;useinbandfec=1"));
        assertThat(n.roomTelephoneEventPt()).isEqualTo(110); // telephone-event/48000 goes with Opus
        assertThat(n.video()).isEqualTo(new CodecSpec(96, "VP8", 90000, 1, null)); // VP8 is listed before H264
        assertThat(n.videoRtcpFeedback()).containsExactly("goog-remb", "ccm fir", "nack", "nack pli");
        assertThat(n.remoteUfrag()).isEqualTo("Pl7B");
        assertThat(n.remotePwd()).isEqualTo("Aqvj2ZCMnEaINsik832gyE7N");
        assertThat(n.remoteFingerprintAlgorithm()).isEqualTo("sha-256");
        assertThat(n.remoteFingerprint()).startsWith("FB:EA:C9:1C").hasSize(95);
        assertThat(n.dtlsServer()).isTrue();
        assertThat(n.remoteAudioSsrcs()).containsExactly(2342476241L);
        assertThat(n.remoteVideoSsrcs()).containsExactly(3311082258L);
        assertThat(n.audioMid()).isEqualTo("0");
        assertThat(n.videoMid()).isEqualTo("1");
        assertThat(n.audioDirection()).isEqualTo(Direction.SENDRECV);
        assertThat(n.videoDirection()).isEqualTo(Direction.SENDRECV);
        assertThat(n.rtcpReducedSize()).isTrue();
        // UDP component-1 candidates only, once each (the video m-line repeats the transport)
        assertThat(n.remoteCandidates())
                .extracting(c -> c.address() + ":" + c.port())
                .containsExactly("192.0.2.2:43135", "fd00::2:44053", "192.0.2.2:46339", "fd00::2:34832");

        SessionDescription a = SessionDescription.parse(n.answerSdp());
        assertThat(n.answerSdp()).doesNotContain("\n\n").endsWith("\r\n");
        assertThat(a.has("ice-lite")).isTrue();
        assertThat(a.attributeValues("group")).containsExactly("BUNDLE 0 1");
        assertThat(a.iceUfrag()).isEqualTo("gwUf");
        assertThat(a.fingerprints()).containsExactly(new Fingerprint("sha-256", FP));
        MediaDescription audio = a.media().get(0);
        assertThat(audio.formats()).containsExactly("111", "110");
        assertThat(audio.port()).isEqualTo(40000);
        assertThat(audio.proto()).isEqualTo("UDP/TLS/RTP/SAVPF");
        assertThat(audio.setup()).isEqualTo("passive");
        assertThat(audio.rtcpMux()).isTrue();
        assertThat(audio.rtcpRsize()).isTrue();
        assertThat(audio.has("extmap")).isFalse();
        assertThat(audio.primarySsrcs()).containsExactly(1111L);
        assertThat(audio.candidates()).extracting(Candidate::address).containsExactly("127.0.0.1", "::1");
        assertThat(audio.candidates().get(0).priority())
                .isGreaterThan(audio.candidates().get(1).priority());
        assertThat(audio.has("end-of-candidates")).isTrue();
        MediaDescription video = a.media().get(1);
        assertThat(video.formats()).containsExactly("96");
        assertThat(video.attributeValues("rtcp-fb")).doesNotContain("96 transport-cc");
        assertThat(video.primarySsrcs()).containsExactly(2222L);
        assertThat(n.answerSdp()).doesNotContain("rtx", "red/", "ulpfec", "transport-cc");
    }

    @Test
    void chromiumAudioOnly() throws SdpException {
        RoomNegotiation n = answer(A, s -> s);
        assertThat(n.video()).isNull();
        assertThat(n.videoMid()).isNull();
        assertThat(n.videoRtcpFeedback()).isEmpty();
        assertThat(SessionDescription.parse(n.answerSdp()).media()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                // description | m=audio format list | g711Only | codec | PT | telephone-event PT
                "Opus first                    | 111 63 9 0 8 13 110 126 | false | opus | 111 | 110",
                "PCMU first                    | 0 111 8 126 110         | false | PCMU | 0   | 126",
                "PCMA first                    | 8 0 111 126             | false | PCMA | 8   | 126",
                "red first, then PCMU          | 63 0 111                | false | PCMU | 0   | -1",
                "G.711-only policy             | 111 9 0 8 110 126       | true  | PCMU | 0   | 126",
                "G.711-only, PCMA before PCMU  | 111 8 0                 | true  | PCMA | 8   | -1",
                "G.711-only but no G.711       | 111 9 110               | true  | opus | 111 | 110",
                "G722 first, Opus later        | 9 111 0                 | false | opus | 111 | -1",
                "only G722                     | 9 13 126                | false | G722 | 9   | 126",
                "only G722, 48k te offered     | 9 110                   | false | G722 | 9   | -1",
            })
    void audioCodecRules(String name, String formats, boolean g711Only, String codec, int pt, int te)
            throws SdpException {
        RoomNegotiation n = answer(
                A,
                s -> s.replace("UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126", "UDP/TLS/RTP/SAVPF " + formats),
                new CodecPolicy(g711Only, true, true));
        assertThat(n.audio().name()).isEqualTo(codec);
        assertThat(n.audio().payloadType()).isEqualTo(pt);
        assertThat(n.roomTelephoneEventPt()).isEqualTo(te);
        MediaDescription m = SessionDescription.parse(n.answerSdp()).media().get(0);
        assertThat(m.payloadTypes()).isEqualTo(te < 0 ? List.of(pt) : List.of(pt, te));
        assertThat(m.rtpMap(pt).is(codec)).isTrue();
    }

    @Test
    void opusWithoutFec() throws SdpException {
        RoomNegotiation n = answer(A, s -> s, new CodecPolicy(false, true, false));
        assertThat(n.audio().fmtp()).isEqualTo("minptime=10");
        assertThat(n.answerSdp()).contains("a=fmtp:111 minptime=10\r\n");
    }

    @Test
    void noUsableAudioCodec() {
        assertThatThrownBy(() -> answer(
                        A, s -> s.replace("UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126", "UDP/TLS/RTP/SAVPF 63 13 126")))
                .isInstanceOf(SdpException.class)
                .hasMessage("m-line 1 (audio): no supported audio codec (offered: red/48000, CN/8000, "
                        + "telephone-event/8000; the gateway takes opus/48000/2, PCMU, PCMA or G722)");
    }

    @Test
    void h264FirstPrefersConstrainedBaseline42e01f() throws SdpException {
        RoomNegotiation n = answer(AV, s -> s.replace("UDP/TLS/RTP/SAVPF 96 97 102", "UDP/TLS/RTP/SAVPF 102 96 97"));
        assertThat(n.video().payloadType()).isEqualTo(108);
        assertThat(n.video().fmtp())
                .isEqualTo("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f");
        assertThat(n.answerSdp())
                .contains("a=fmtp:108 level-asymmetry-allowed=1;packetization-mode=1;" + "profile-level-id=42e01f\r\n");
    }

    @Test
    void h264WithoutPreferredProfileTakesAnyMode1() throws SdpException {
        RoomNegotiation n = answer(
                AV,
                s -> s.replace("UDP/TLS/RTP/SAVPF 96 97 102", "UDP/TLS/RTP/SAVPF 104 102 96 97")
                        .replace("profile-level-id=42e01f", "profile-level-id=640c1f"));
        assertThat(n.video().payloadType()).isEqualTo(102); // 104 is packetization-mode=0
    }

    @Test
    void noCommonVideoCodecRejectsVideo() throws SdpException {
        RoomNegotiation n = answer(
                AV,
                s -> s.replaceAll(
                        "m=video 46339 UDP/TLS/RTP/SAVPF [0-9 ]+", "m=video 46339 UDP/TLS/RTP/SAVPF 98 45 104"));
        assertThat(n.video()).isNull();
        SessionDescription a = SessionDescription.parse(n.answerSdp());
        assertThat(a.media().get(1).port()).isZero();
        assertThat(a.media().get(1).mid()).isEqualTo("1");
        assertThat(a.attributeValues("group")).containsExactly("BUNDLE 0");
    }

    @Test
    void videoNotAllowedRejectsVideo() throws SdpException {
        RoomNegotiation n = answer(AV, s -> s, new CodecPolicy(false, false, true));
        assertThat(n.video()).isNull();
        SessionDescription a = SessionDescription.parse(n.answerSdp());
        assertThat(a.media().get(1).isRejected()).isTrue();
        assertThat(a.media().get(1).attributes()).containsExactly(Attribute.of("mid", "1"));
        assertThat(a.attributeValues("group")).containsExactly("BUNDLE 0");
    }

    /** Two more participants (audio mid 2 + video mid 3, audio mid 4 with two SSRCs) in the one BUNDLE group. */
    static String meeting(String s) {
        String more = "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:2\r\na=rtcp-mux\r\n"
                + "a=rtpmap:111 opus/48000/2\r\na=sendonly\r\na=msid:bob bob-a\r\na=ssrc:21 cname:x\r\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=mid:3\r\na=rtcp-mux\r\n"
                + "a=rtpmap:96 VP8/90000\r\na=sendonly\r\na=msid:bob bob-v\r\na=ssrc:22 cname:x\r\n"
                + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:4\r\na=rtcp-mux\r\n"
                + "a=rtpmap:111 opus/48000/2\r\na=sendonly\r\na=ssrc:31 msid:carol carol-a\r\n"
                + "a=ssrc:41 msid:dave dave-a\r\n";
        return (s + more).replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0 1 2 3 4");
    }

    @Test
    void meetingMediaLinesAreReceivedInTheBundle() throws SdpException {
        RoomNegotiation n = answer(AV, RoomNegotiatorTest::meeting);
        SessionDescription a = SessionDescription.parse(n.answerSdp());
        assertThat(a.media()).extracting(MediaDescription::port).containsExactly(40000, 40000, 40000, 40000, 40000);
        assertThat(a.attributeValues("group")).containsExactly("BUNDLE 0 1 2 3 4");
        assertThat(a.media().get(0).has("sendrecv")).isTrue();
        assertThat(a.media().get(1).has("sendrecv")).isTrue();
        for (int i = 2; i < 5; i++) {
            MediaDescription m = a.media().get(i);
            assertThat(m.has("recvonly")).as("m-line %d", i).isTrue();
            assertThat(m.attributeValues("msid"))
                    .as("we send nothing on m-line %d", i)
                    .isEmpty();
            assertThat(m.attributeValues("ssrc")).isEmpty();
            assertThat(m.formats()).containsExactly(i == 3 ? "96" : "111");
        }
        assertThat(n.multiStream()).isTrue();
        assertThat(n.audioStreams())
                .extracting(RoomStream::mid, RoomStream::msid, RoomStream::ssrc, RoomStream::main)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "0", n.audioStreams().get(0).msid(), 2342476241L, true),
                        org.assertj.core.groups.Tuple.tuple("2", "bob", 21L, false),
                        org.assertj.core.groups.Tuple.tuple("4", "carol", 31L, false),
                        org.assertj.core.groups.Tuple.tuple("4", "dave", 41L, false));
        assertThat(n.videoStreams()).extracting(RoomStream::ssrc).containsExactly(3311082258L, 22L);
        assertThat(n.audio().payloadType()).isEqualTo(111);
        assertThat(n.audioMid()).isEqualTo("0");
        assertThat(n.remoteAudioSsrcs()).containsExactly(2342476241L);
    }

    static RoomNegotiation reanswer(RoomNegotiation before, String fixture, UnaryOperator<String> edit)
            throws SdpException {
        return RoomNegotiator.reanswer(
                SessionDescription.parse(edit.apply(Fixtures.text(fixture))), LOCAL, CodecPolicy.DEFAULT, before);
    }

    @Test
    void aReofferIsAnsweredInTheSameSessionOnTheSameTransport() throws SdpException {
        RoomNegotiation before = answer(AV, s -> s);
        RoomNegotiation after = reanswer(before, AV, RoomNegotiatorTest::meeting);
        SessionDescription a = SessionDescription.parse(after.answerSdp());
        SessionDescription b = SessionDescription.parse(before.answerSdp());
        assertThat(a.origin().sessionId()).isEqualTo(b.origin().sessionId());
        assertThat(Long.parseLong(a.origin().sessionVersion()))
                .isEqualTo(Long.parseLong(b.origin().sessionVersion()) + 1);
        assertThat(a.attributeValues("ice-ufrag")).isEqualTo(b.attributeValues("ice-ufrag"));
        assertThat(a.attributeValues("fingerprint")).isEqualTo(b.attributeValues("fingerprint"));
        assertThat(after.dtlsServer()).isEqualTo(before.dtlsServer());
        assertThat(after.audioStreams()).hasSize(4);
        // one participant leaves: its m-line no longer sends (recvonly from the room), and is no source any more
        RoomNegotiation left =
                reanswer(after, AV, s -> meeting(s).replaceFirst("(?s)(a=mid:2\r\n.*?)a=sendonly", "$1a=recvonly"));
        assertThat(left.audioStreams()).extracting(RoomStream::msid).doesNotContain("bob");
        // a=setup:passive from the offerer would make us the DTLS client of a running association: refused
        assertThatThrownBy(() -> reanswer(before, AV, s -> s.replace("a=setup:actpass", "a=setup:passive")))
                .hasMessageContaining("DTLS role");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "a=ice-ufrag:Pl7B|a=ice-ufrag:Zz9R|ICE",
                "a=fingerprint:sha-256 FB:EA|a=fingerprint:sha-256 FC:EA|fingerprint",
                "a=mid:0|a=mid:9|main audio",
                "a=sendrecv|a=recvonly|main audio",
            })
    void aReofferThatChangesWhatMustStayIsRefused(String from, String to, String expected) throws SdpException {
        RoomNegotiation before = answer(AV, s -> s);
        assertThatThrownBy(() -> reanswer(
                        before,
                        AV,
                        s -> s.replace(from, to)
                                .replace("BUNDLE 0 1", "BUNDLE " + (to.equals("a=mid:9") ? "9" : "0") + " 1")))
                .isInstanceOf(SdpException.class)
                .hasMessageContaining(expected);
        RoomNegotiation audioOnly = answer(AV, s -> s.replaceFirst("m=video \\d+", "m=video 0"));
        assertThat(audioOnly.video()).isNull();
        assertThatThrownBy(() -> reanswer(audioOnly, AV, s -> s)).hasMessageContaining("adds video");
    }

    @Test
    void singleStreamRoomIsNotAMeeting() throws SdpException {
        RoomNegotiation n = answer(AV, s -> s);
        assertThat(n.multiStream()).isFalse();
        assertThat(n.streams()).extracting(RoomStream::kind).containsExactly("audio", "video");
    }

    @Test
    void aFurtherMediaLineOnAnotherTransportIsRefused() {
        assertThatThrownBy(() -> answer(
                        AV,
                        s -> meeting(s)
                                .replace(
                                        "a=mid:2\r\n",
                                        "a=mid:2\r\na=ice-ufrag:zzzz\r\na=ice-pwd:zzzzzzzzzzzzzzzzzzzzzzzz\r\n"
                                                + s.lines()
                                                        .filter(l -> l.startsWith("a=fingerprint"))
                                                        .findFirst()
                                                        .orElseThrow()
                                                + "\r\n")))
                .isInstanceOf(SdpException.class)
                .hasMessageContaining("ICE credentials or fingerprint differ");
    }

    @Test
    void extraMediaLinesAreRejectedAndLeftOutOfBundle() throws SdpException {
        String extra = "m=audio 9 UDP/TLS/RTP/SAVPF 0\r\nc=IN IP4 0.0.0.0\r\na=mid:2\r\na=rtcp-mux\r\na=sendrecv\r\n"
                + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:3\r\n"
                + "a=sctp-port:5000\r\n";
        RoomNegotiation n = answer(AV, s -> (s + extra).replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0 1 2 3"));
        SessionDescription a = SessionDescription.parse(n.answerSdp());
        assertThat(a.media()).extracting(MediaDescription::port).containsExactly(40000, 40000, 0, 0);
        assertThat(a.media().get(3).toString())
                .isEqualTo("m=application 0 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:3\r\n");
        assertThat(a.attributeValues("group")).containsExactly("BUNDLE 0 1");
    }

    @Test
    void videoFirstKeepsOfferOrder() throws SdpException {
        String text = Fixtures.text(AV);
        int v = text.indexOf("m=video");
        int au = text.indexOf("m=audio");
        String swapped = text.substring(0, au) + text.substring(v) + text.substring(au, v);
        RoomNegotiation n = answer(AV, s -> swapped.replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 1 0"));
        SessionDescription a = SessionDescription.parse(n.answerSdp());
        assertThat(a.media()).extracting(MediaDescription::type).containsExactly("video", "audio");
        assertThat(a.attributeValues("group")).containsExactly("BUNDLE 1 0");
        // candidates go in the answerer-tagged (first) m= section
        assertThat(a.media().get(0).candidates()).hasSize(2);
        assertThat(a.media().get(1).candidates()).isEmpty();
    }

    @Test
    void videoOutsideTheBundleIsRejected() throws SdpException {
        RoomNegotiation n = answer(AV, s -> s.replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0"));
        assertThat(n.video()).isNull();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"actpass, passive, true", "active, passive, true", "passive, active, false"})
    void dtlsRole(String offered, String answered, boolean server) throws SdpException {
        RoomNegotiation n = answer(AV, s -> s.replace("a=setup:actpass", "a=setup:" + offered));
        assertThat(n.dtlsServer()).isEqualTo(server);
        assertThat(SessionDescription.parse(n.answerSdp()).media())
                .allSatisfy(m -> assertThat(m.setup()).isEqualTo(answered));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "sendrecv, sendrecv, true",
        "sendonly, recvonly, false",
        "recvonly, sendonly, true",
        "inactive, inactive, false"
    })
    void direction(String offered, String answered, boolean ssrcs) throws SdpException {
        RoomNegotiation n = answer(AV, s -> s.replace("a=sendrecv", "a=" + offered));
        assertThat(n.audioDirection()).isEqualTo(Direction.parse(answered));
        assertThat(n.videoDirection()).isEqualTo(Direction.parse(answered));
        SessionDescription a = SessionDescription.parse(n.answerSdp());
        for (MediaDescription m : a.media()) {
            assertThat(m.direction()).isEqualTo(Direction.parse(answered));
            assertThat(m.has("ssrc")).isEqualTo(ssrcs);
            assertThat(m.has("msid")).isEqualTo(ssrcs);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "no ice-ufrag         | a=ice-ufrag:MnRB\\r\\n|              | m-line 1 (audio): no a=ice-ufrag at session or media level",
                "no ice-pwd           | a=ice-pwd:yVVQCL5ZKRajK39+ZbLfZpse\\r\\n| | m-line 1 (audio): no a=ice-pwd at session or media level",
                "no setup             | a=setup:actpass\\r\\n|               | m-line 1 (audio): no a=setup at session or media level",
                "bad setup            | a=setup:actpass|a=setup:holdconn  | m-line 1 (audio): a=setup:holdconn is not actpass, active or passive",
                "sha-1 only           | a=fingerprint:sha-256|a=fingerprint:sha-1 | m-line 1 (audio): no sha-256 a=fingerprint (offered: sha-1)",
                "no rtcp-mux          | a=rtcp-mux\\r\\n|                    | m-line 1 (audio): no a=rtcp-mux (the gateway requires RTP/RTCP multiplexing)",
                "plain RTP            | UDP/TLS/RTP/SAVPF|RTP/AVP         | m-line 1 (audio): proto is RTP/AVP, expected UDP/TLS/RTP/SAVPF",
                "no audio             | m=audio|m=text                    | offer has no audio m-line",
            })
    void invalidOffers(String name, String remove, String replacement, String message) {
        String with = replacement == null ? "" : replacement.trim();
        String what = remove.trim().replace("\\r\\n", "\r\n");
        assertThatThrownBy(() -> answer(A, s -> s.replace(what, with)))
                .isInstanceOf(SdpException.class)
                .hasMessage(message);
    }

    @Test
    void missingVideoFingerprintNamesTheVideoLine() {
        assertThatThrownBy(() -> answer(AV, s -> {
                    int v = s.indexOf("m=video");
                    return s.substring(0, v) + s.substring(v).replaceFirst("a=fingerprint:[^\r]*\r\n", "");
                }))
                .isInstanceOf(SdpException.class)
                .hasMessage("m-line 2 (video): no a=fingerprint at session or media level");
    }

    @Test
    void bundleOnlyMediaLineIsAccepted() throws SdpException {
        RoomNegotiation n = answer(
                AV,
                s -> s.replace("m=video 46339", "m=video 0").replace("a=mid:1\r\n", "a=mid:1\r\na=bundle-only\r\n"));
        assertThat(n.video()).isNotNull();
        assertThat(n.answerSdp()).doesNotContain("bundle-only");
    }

    @Test
    void largestAllowedOfferIsAnsweredQuickly() throws SdpException {
        // 64 KiB of H264 payload types with rtpmap and fmtp lines: negotiation must stay linear, not quadratic.
        StringBuilder fmts = new StringBuilder();
        StringBuilder attrs = new StringBuilder();
        int pt = 0;
        while (attrs.length() + fmts.length() < SessionDescription.MAX_LENGTH - 8192) {
            int p = 96 + (pt++ % 32);
            fmts.append(' ').append(p);
            attrs.append("a=rtpmap:")
                    .append(p)
                    .append(" H264/90000\r\na=fmtp:")
                    .append(p)
                    .append(" packetization-mode=0\r\n");
        }
        String text = Fixtures.text(AV);
        String offer = text.substring(0, text.indexOf("m=video")) + "m=video 9 UDP/TLS/RTP/SAVPF" + fmts + "\r\n"
                + text.substring(text.indexOf("m=video"))
                        .replaceFirst("m=video[^\r]*\r\n", "")
                        .replaceAll("a=rtpmap:[^\r]*\r\n|a=fmtp:[^\r]*\r\n", "")
                + attrs;
        long start = System.nanoTime();
        RoomNegotiation n = RoomNegotiator.answer(SessionDescription.parse(offer), LOCAL, CodecPolicy.DEFAULT);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(n.video()).isNull(); // no packetization-mode=1 H264, no VP8
        assertThat(millis)
                .as("negotiation time of a %d-char offer", offer.length())
                .isLessThan(2000);
    }
}
