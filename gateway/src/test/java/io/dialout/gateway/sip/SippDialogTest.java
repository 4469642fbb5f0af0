package io.dialout.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.testkit.Sipp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** In-dialog requests against sipp: re-INVITE both ways (hold, glare), INFO DTMF both ways. */
class SippDialogTest extends SippTestSupport {

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp"})
    void holdByReInvite(String transport) throws Exception {
        try (Sipp sipp = uas("uas_hold.xml", transport)) {
            OutboundCall call = answered(request(sipp, transport), l);
            call.reInvite(sdp("sendonly"));
            l.await("reInviteResult 200", WAIT);
            assertThat(l.reInviteSdp).contains("a=recvonly");
            call.hangup();
            assertThat(l.awaitTerminated(WAIT))
                    .containsExactly(
                            "provisional 100", "provisional 180", "answered", "reInviteResult 200", "terminated");
            assertPassed(sipp, "INVITE", "ACK", "INVITE", "ACK", "BYE");
            assertThat(sipp.messages()).contains("a=sendonly", "CSeq: 2 INVITE", "CSeq: 3 BYE");
        }
    }

    @Test
    void glare491IsRetriedOnce() throws Exception {
        try (Sipp sipp = uas("uas_glare.xml", "udp")) {
            OutboundCall call = answered(request(sipp, "udp"), l);
            call.reInvite(sdp("sendonly"));
            l.await("reInviteResult 200", WAIT);
            call.bye();
            assertThat(l.awaitTerminated(WAIT))
                    .containsExactly(
                            "provisional 100", "provisional 180", "answered", "reInviteResult 200", "terminated");
            assertPassed(sipp);
            // the 491 is ACKed by our transaction, then the retry (a new CSeq) is answered and ACKed
            assertThat(SippLog.received(sipp))
                    .containsExactly("INVITE", "ACK", "INVITE", "ACK", "INVITE", "ACK", "BYE");
            assertThat(sipp.messages()).contains("CSeq: 2 INVITE", "CSeq: 3 INVITE");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp"})
    void remoteHoldIsOfferedToTheListenerAndAnswered(String transport) throws Exception {
        try (Sipp sipp = uas("uas_remote_hold.xml", transport)) {
            String answer = sdp("recvonly");
            l.onRemoteReInvite = r -> r.accept(answer);
            OutboundCall call = ua.invite(request(sipp, transport), l);
            l.await("provisional 100", WAIT);
            l.await("provisional 180", WAIT);
            l.await("answered", WAIT);
            l.await("remoteReInvite", WAIT);
            assertThat(l.remoteOfferSdp).contains("a=sendonly");
            // sipp moves on to wait for our BYE once it has ACKed our 200
            SippLog.awaitReceived(sipp, "SIP/2.0 200", 1, WAIT);
            call.hangup();
            assertThat(l.awaitTerminated(WAIT))
                    .containsExactly("provisional 100", "provisional 180", "answered", "remoteReInvite", "terminated");
            assertPassed(sipp, "INVITE", "ACK", "SIP/2.0 200", "BYE");
        }
    }

    @Test
    void remoteReInviteRejected488() throws Exception {
        try (Sipp sipp = uas("uas_remote_reinvite_rejected.xml", "udp")) {
            l.onRemoteReInvite = r -> r.reject(488);
            OutboundCall call = ua.invite(request(sipp, "udp"), l);
            l.await("provisional 100", WAIT);
            l.await("provisional 180", WAIT);
            l.await("answered", WAIT);
            l.await("remoteReInvite", WAIT);
            SippLog.awaitReceived(sipp, "SIP/2.0 488", 1, WAIT);
            call.hangup();
            assertThat(l.awaitTerminated(WAIT))
                    .containsExactly("provisional 100", "provisional 180", "answered", "remoteReInvite", "terminated");
            assertPassed(sipp);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp"})
    void infoDtmfBothWays(String transport) throws Exception {
        try (Sipp sipp = uas("uas_info_dtmf.xml", transport)) {
            OutboundCall call = answered(request(sipp, transport), l);
            l.await("infoDtmf 5", WAIT);
            l.await("infoDtmf 7", WAIT);
            call.sendInfoDtmf('3', 160);
            SippLog.awaitReceived(sipp, "INFO", 1, WAIT);
            call.hangup();
            assertThat(l.awaitTerminated(WAIT))
                    .containsExactly(
                            "provisional 100", "provisional 180", "answered", "infoDtmf 5", "infoDtmf 7", "terminated");
            assertPassed(sipp);
            assertThat(SippLog.received(sipp))
                    .containsExactly("INVITE", "ACK", "SIP/2.0 200", "SIP/2.0 200", "INFO", "BYE");
            assertThat(sipp.messages()).contains("Content-Type: application/dtmf-relay", "Signal=3", "Duration=160");
        }
    }
}
