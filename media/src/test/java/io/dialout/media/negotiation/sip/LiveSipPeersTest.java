package io.dialout.media.negotiation.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.media.Direction;
import io.dialout.media.dtmf.DtmfSender;
import io.dialout.media.negotiation.room.CodecPolicy;
import io.dialout.media.negotiation.room.RoomNegotiation;
import io.dialout.media.negotiation.room.RoomNegotiatorTest;
import io.dialout.media.sdp.SessionDescription;
import io.dialout.testkit.Baresip;
import io.dialout.testkit.FreePorts;
import io.dialout.testkit.Sipp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Our SIP offers against a real callee: sipp (as the user agent client) carries the offer built by
 * {@link SipOfferBuilder} to baresip, then a hold re-offer and a resume re-offer in re-INVITEs; baresip's answers
 * are read with {@link SipAnswer}.
 */
class LiveSipPeersTest {
    static final Duration DEADLINE = Duration.ofSeconds(30);

    @Test
    void baresipTakesOurOpusVp8OfferThenHoldAndResume() throws Exception {
        RoomNegotiation room = SipOfferAnswerTest.room(RoomNegotiatorTest.AV, CodecPolicy.DEFAULT);
        SipSdpSession session = new SipSdpSession(room, local(null));
        try (Baresip callee =
                Baresip.callee(List.of("g711.so", "g722.so", "opus.so", "vp8.so", "fakevideo.so"), false)) {
            String offer = session.offer().toString();
            String hold = session.reoffer(Direction.SENDONLY).toString();
            String resume = session.reoffer(Direction.SENDRECV).toString();
            List<String> answers = call(callee, offer, hold, resume);

            SipAnswer first = SipAnswer.parse(SessionDescription.parse(answers.get(0)), session.offer());
            assertThat(first.audio().name()).isEqualTo("opus"); // the room's codec: pass-through
            assertThat(first.audio().payloadType()).isEqualTo(room.audio().payloadType());
            assertThat(first.telephoneEventPt()).isEqualTo(101);
            assertThat(first.video().name()).isEqualTo("VP8");
            assertThat(first.direction()).isEqualTo(Direction.SENDRECV);
            assertThat(first.audioAddress().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
            assertThat(first.audioAddress().getPort()).isPositive();

            SipAnswer held = SipAnswer.parse(SessionDescription.parse(answers.get(1)), SessionDescription.parse(hold));
            assertThat(held.direction()).isEqualTo(Direction.RECVONLY); // RFC 3264 section 8.4
            assertThat(held.audio().name()).isEqualTo("opus");
            SipAnswer resumed =
                    SipAnswer.parse(SessionDescription.parse(answers.get(2)), SessionDescription.parse(resume));
            assertThat(resumed.direction()).isEqualTo(Direction.SENDRECV);
        }
    }

    @Test
    void g711OnlySrtpCalleeRefusesVideo() throws Exception {
        RoomNegotiation room = SipOfferAnswerTest.room(RoomNegotiatorTest.AV, CodecPolicy.DEFAULT);
        SipSdpSession session = new SipSdpSession(room, local(SipOfferAnswerTest.CRYPTO));
        try (Baresip callee = Baresip.callee(List.of("g711.so"), true)) {
            List<String> answers = call(callee, session.offer().toString());
            SipAnswer a = session.applyAnswer(answers.get(0));
            assertThat(a.audio().name()).isEqualTo("PCMU"); // opus and G722 are not loaded: transcoding
            assertThat(a.crypto()).isNotNull();
            assertThat(a.crypto().tag()).isEqualTo(1);
            assertThat(a.crypto().suite()).isEqualTo("AES_CM_128_HMAC_SHA1_80");
            assertThat(a.video()).isNull(); // m=video 0
            assertThat(a.videoAddress()).isNull();
        }
    }

    /**
     * Our RFC 4733 sender against a real receiver: PCMU frames every 20 ms toward baresip with {@link DtmfSender}'s
     * packets in place of audio while a digit lasts; baresip must report every digit once, in order.
     */
    @Test
    void baresipReceivesOurRfc4733Digits() throws Exception {
        RoomNegotiation room = SipOfferAnswerTest.room(RoomNegotiatorTest.A, new CodecPolicy(true, false, true));
        SipLocalParams local = local(null);
        SipSdpSession session = new SipSdpSession(room, local);
        Path xml = Files.createTempFile("uac-", ".xml");
        // sipp holds the call up to 20 s; the test ends it sooner by closing sipp once baresip reports the digits
        Files.writeString(
                xml,
                scenario(session.offer().toString())
                        .replace("<send><![CDATA[\nBYE", "<pause milliseconds=\"20000\"/>\n<send><![CDATA[\nBYE"));
        String digits = "147*#0";
        try (Baresip callee = Baresip.callee(List.of("g711.so"), false);
                Sipp uac = Sipp.scenario(xml)
                        .remote("127.0.0.1:" + callee.sipPort)
                        .arg("-s", "callee")
                        .timeout(DEADLINE)
                        .start();
                java.net.DatagramSocket socket =
                        new java.net.DatagramSocket(new java.net.InetSocketAddress("127.0.0.1", local.audioPort()))) {
            String answerSdp = awaitValue(
                    () -> answers(uac.messages()).stream().findFirst().orElse(null), "the 200 OK from baresip");
            SipAnswer a = session.applyAnswer(answerSdp);
            assertThat(a.telephoneEventPt()).isEqualTo(101);
            DtmfSender sender = new DtmfSender(8000);
            sender.enqueue(digits, 120);
            byte[] pkt = new byte[12 + 160];
            int seq = 0;
            long ts = 0;
            long start = System.nanoTime();
            for (int tick = 0; !(sender.isIdle() && baresipEvents(callee, 1).length() >= digits.length()); tick++) {
                assertThat(System.nanoTime() - start)
                        .as("baresip reported: %s%n%s", baresipDigits(callee), callee.output())
                        .isLessThan(DEADLINE.toNanos());
                long due = start + tick * 20_000_000L; // a real 20 ms audio clock: pacing, not waiting for an event
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                DtmfSender.Packet p = sender.poll(tick * 20L, ts);
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(pkt);
                int len;
                if (p != null) {
                    b.put((byte) 0x80)
                            .put((byte) ((p.marker() ? 0x80 : 0) | a.telephoneEventPt()))
                            .putShort((short) seq++)
                            .putInt((int) p.timestamp())
                            .putInt(0x0DD1A1);
                    len = 12 + p.writePayload(pkt, 12);
                } else if (sender.isActive()) {
                    len = 0; // an event is in progress: no audio in this frame
                } else {
                    b.put((byte) 0x80)
                            .put((byte) a.audio().payloadType())
                            .putShort((short) seq++)
                            .putInt((int) ts)
                            .putInt(0x0DD1A1);
                    java.util.Arrays.fill(pkt, 12, pkt.length, (byte) 0xFF); // PCMU silence
                    len = pkt.length;
                }
                ts += 160;
                if (len > 0) {
                    socket.send(new java.net.DatagramPacket(pkt, len, a.audioAddress()));
                }
            }
            assertThat(baresipDigits(callee)).isEqualTo(digits);
            assertThat(baresipEvents(callee, 1)).as("each event ended once").isEqualTo(digits);
        } finally {
            Files.deleteIfExists(xml);
        }
    }

    /** The digits whose start baresip logged (it logs "received event: 'k' (end=0)" and then "(end=1)"). */
    private static String baresipDigits(Baresip callee) {
        return baresipEvents(callee, 0);
    }

    private static String baresipEvents(Baresip callee, int end) {
        Matcher m =
                Pattern.compile("received event: '(.)' \\(end=" + end + "\\)").matcher(callee.output());
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            b.append(m.group(1));
        }
        return b.toString();
    }

    private static <T> T awaitValue(java.util.function.Supplier<T> probe, String what) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        T v;
        while ((v = probe.get()) == null) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(end);
            Thread.sleep(10); // polling sipp's message log: it is a file, with no event to wait on
        }
        return v;
    }

    private static SipLocalParams local(String crypto) {
        int audio = FreePorts.udpPair();
        int video = FreePorts.udpPair();
        return new SipLocalParams(
                "127.0.0.1", audio, audio + 1, video, video + 1, crypto, 4711, 1, Direction.SENDRECV, true);
    }

    /** One call from sipp to the callee: INVITE with the offer, then one re-INVITE per re-offer, then BYE. */
    private static List<String> call(Baresip callee, String offer, String... reoffers) throws Exception {
        Path xml = Files.createTempFile("uac-", ".xml");
        Files.writeString(xml, scenario(offer, reoffers));
        try (Sipp uac = Sipp.scenario(xml)
                .remote("127.0.0.1:" + callee.sipPort)
                .arg("-s", "callee")
                .timeout(DEADLINE)
                .start()) {
            int exit = uac.awaitExit(DEADLINE);
            assertThat(exit)
                    .as(
                            "sipp exit; output:%n%s%nmessages:%n%s%nbaresip:%n%s",
                            uac.output(), uac.messages(), callee.output())
                    .isZero();
            return answers(uac.messages());
        } finally {
            Files.deleteIfExists(xml);
        }
    }

    /** The SDP bodies of the 200 OKs to INVITEs that sipp received, in order. */
    static List<String> answers(String log) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?s)SIP/2\\.0 200 [^\\r\\n]*\\r?\\n(.*?)\\r?\\n\\r?\\n(v=0.*?)(?=\\n-{10,}|\\z)")
                .matcher(log);
        while (m.find()) {
            if (m.group(1).matches("(?is).*CSeq:\\s*\\d+ INVITE.*")) {
                out.add(m.group(2).trim() + "\r\n");
            }
        }
        return out;
    }

    static String scenario(String offer, String... reoffers) {
        StringBuilder b = new StringBuilder(
                "<?xml version=\"1.0\" encoding=\"ISO-8859-1\" ?>\n" + "<scenario name=\"dial-out offer\">\n");
        b.append(invite(
                "sip:[service]@[remote_ip]:[remote_port]", "To: <sip:[service]@[remote_ip]:[remote_port]>", 1, offer));
        b.append(answerAndAck(1));
        int cseq = 2;
        for (String re : reoffers) {
            b.append(invite("[next_url]", "[last_To:]", cseq, re)); // in the dialog: the callee's Contact and tag
            b.append(answerAndAck(cseq));
            cseq++;
        }
        b.append("<send><![CDATA[\nBYE [next_url] SIP/2.0\n")
                .append(headers(cseq, "BYE", "[last_To:]"))
                .append("Content-Length: 0\n\n]]></send>\n");
        b.append("<recv response=\"200\"/>\n</scenario>\n");
        return b.toString();
    }

    private static String headers(int cseq, String method, String to) {
        return "Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]\n"
                + "From: <sip:gw@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]\n"
                + to + "\nCall-ID: [call_id]\nCSeq: " + cseq + " " + method + "\n"
                + "Contact: <sip:gw@[local_ip]:[local_port]>\nMax-Forwards: 70\n";
    }

    private static String invite(String uri, String to, int cseq, String sdp) {
        return "<send retrans=\"500\"><![CDATA[\nINVITE " + uri + " SIP/2.0\n" + headers(cseq, "INVITE", to)
                + "Content-Type: application/sdp\nContent-Length: [len]\n\n" + sdp.replace("\r\n", "\n")
                + "]]></send>\n";
    }

    private static String answerAndAck(int cseq) {
        return "<recv response=\"100\" optional=\"true\"/>\n<recv response=\"180\" optional=\"true\"/>\n"
                + "<recv response=\"183\" optional=\"true\"/>\n<recv response=\"200\" rrs=\"true\"/>\n"
                + "<send><![CDATA[\nACK [next_url] SIP/2.0\n" + headers(cseq, "ACK", "[last_To:]")
                + "Content-Length: 0\n\n]]></send>\n";
    }
}
