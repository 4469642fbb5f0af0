package io.dialout.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.testkit.Sipp;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * RFC 3261 section 18.1.1: an INVITE over 1300 bytes (here an audio and video offer) goes over TCP even on a UDP
 * trunk; a target whose URI says {@code transport=udp} keeps UDP.
 */
class SippLargeRequestTest extends SippTestSupport {

    /** Our audio offer plus a video m-line with the feedback lines browsers offer: well over 1300 bytes in all. */
    static String videoOffer() throws Exception {
        StringBuilder sdp = new StringBuilder(offer());
        sdp.append("m=video 40002 RTP/AVP 96 97 98 99 100 101\r\n");
        String[] codecs = {"VP8", "VP9", "H264", "H264", "AV1", "H265"};
        for (int i = 0; i < codecs.length; i++) {
            int pt = 96 + i;
            sdp.append("a=rtpmap:").append(pt).append(' ').append(codecs[i]).append("/90000\r\n");
            for (String fb : new String[] {"goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"}) {
                sdp.append("a=rtcp-fb:").append(pt).append(' ').append(fb).append("\r\n");
            }
        }
        sdp.append("a=sendrecv\r\n");
        return sdp.toString();
    }

    @Test
    void largeInviteOnAUdpTrunkGoesOverTcp() throws Exception {
        // sipp listens on TCP only (-t t1): the call can only be answered if the INVITE came over TCP
        try (Sipp sipp = uas("uas_answer.xml", "tcp", Map.of())) {
            RecordingListener l = new RecordingListener();
            InviteRequest r = request(sipp, "udp");
            String offer = videoOffer();
            OutboundCall call = ua.invite(
                    new InviteRequest(
                            r.requestUri(), r.fromUser(), r.fromDisplayName(), r.xHeaders(), offer, r.trunk()),
                    l);
            l.await("provisional 100", WAIT);
            l.await("provisional 180", WAIT);
            l.await("answered", WAIT);
            call.hangup();
            assertThat(l.awaitTerminated(WAIT)).endsWith("answered", "terminated");
            assertThat(sipp.awaitExit(WAIT)).as(sipp.output() + sipp.messages()).isZero();
            assertThat(SippLog.received(sipp)).containsExactly("INVITE", "ACK", "BYE");
            String invite = SippLog.requests(sipp.messages(), "INVITE").get(0);
            assertThat(invite.length()).isGreaterThan(LargeRequests.MAX_UDP_BYTES);
            assertThat(invite).contains("Via: SIP/2.0/TCP 127.0.0.1:" + ua.port(), ";transport=tcp", "m=video 40002");
            assertThat(sipp.messages()).contains("TCP message received").doesNotContain("UDP message received");
        }
    }

    @Test
    void aUriThatSaysUdpKeepsUdp() throws Exception {
        try (Sipp sipp = uas("uas_answer.xml", "udp", Map.of())) {
            RecordingListener l = new RecordingListener();
            InviteRequest r = request(sipp, "udp");
            OutboundCall call = ua.invite(
                    new InviteRequest(
                            r.requestUri() + ";transport=udp",
                            r.fromUser(),
                            r.fromDisplayName(),
                            r.xHeaders(),
                            videoOffer(),
                            r.trunk()),
                    l);
            l.await("provisional 100", WAIT);
            l.await("provisional 180", WAIT);
            l.await("answered", WAIT);
            call.hangup();
            assertThat(l.awaitTerminated(WAIT)).endsWith("answered", "terminated");
            assertThat(sipp.awaitExit(WAIT)).as(sipp.output() + sipp.messages()).isZero();
            assertThat(SippLog.requests(sipp.messages(), "INVITE").get(0))
                    .contains("Via: SIP/2.0/UDP", "m=video 40002");
        }
    }
}
