package io.dialout.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.testkit.Sipp;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Call set-up and tear-down against sipp as the far end (a real SIP peer), over UDP and TCP. */
class SippCallTest extends SippTestSupport {

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp"})
    void answeredThenByeFromUs(String transport) throws Exception {
        try (Sipp sipp = uas("uas_answer.xml", transport)) {
            OutboundCall call = answered(request(sipp, transport), l);
            assertThat(l.answeredSdp).contains("m=audio").contains("PCMU/8000");
            call.hangup();
            assertThat(l.awaitTerminated(WAIT))
                    .containsExactly("provisional 100", "provisional 180", "answered", "terminated");
            assertPassed(sipp, "INVITE", "ACK", "BYE");
            String via = transport.equals("tcp") ? "Via: SIP/2.0/TCP 127.0.0.1:" : "Via: SIP/2.0/UDP 127.0.0.1:";
            assertThat(sipp.messages())
                    .contains(
                            "X-Room-Id: 42",
                            "From: \"Weekly sync\" <sip:room-42@127.0.0.1>",
                            "User-Agent: dialout-gateway",
                            "Content-Type: application/sdp",
                            "Max-Forwards: 70",
                            "Call-ID: " + call.sipCallId(),
                            via + ua.port(),
                            "a=rtpmap:101 telephone-event/8000");
            assertThat(ua.activeCalls()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp"})
    void answeredThenByeFromFarEnd(String transport) throws Exception {
        try (Sipp sipp = uas("uas_answer_remote_bye.xml", transport)) {
            ua.invite(request(sipp, transport), l);
            assertThat(l.awaitTerminated(WAIT))
                    .containsExactly("provisional 100", "provisional 180", "answered", "remoteBye", "terminated");
            assertPassed(sipp, "INVITE", "ACK", "SIP/2.0 200");
        }
    }

    @Test
    void earlyMediaThenAnswer() throws Exception {
        try (Sipp sipp = uas("uas_early_media.xml", "udp")) {
            OutboundCall call = ua.invite(request(sipp, "udp"), l);
            l.await("provisional 100", WAIT);
            l.await("provisional 180", WAIT);
            l.await("provisional 183 sdp", WAIT);
            assertThat(l.earlySdp).contains("m=audio");
            l.await("answered", WAIT);
            call.bye();
            assertThat(l.awaitTerminated(WAIT))
                    .containsExactly(
                            "provisional 100", "provisional 180", "provisional 183 sdp", "answered", "terminated");
            assertPassed(sipp);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {486, 600, 603, 404, 604, 480, 408, 500, 503, 488})
    void finalErrorIsReportedAndAckedByTheTransaction(int status) throws Exception {
        try (Sipp sipp = uas("uas_reject_" + status + ".xml", "udp", Map.of())) {
            ua.invite(request(sipp, "udp"), l);
            assertThat(l.awaitTerminated(WAIT))
                    .containsExactly("provisional 100", "failed " + status + " REJECTED", "terminated");
            assertPassed(sipp, "INVITE", "ACK");
        }
    }

    @ParameterizedTest
    @CsvSource({"udp,uas_ring_no_answer.xml", "tcp,uas_ring_no_answer.xml", "udp,uas_ring_forever.xml"})
    void cancelWhileRinging(String transport, String scenario) throws Exception {
        try (Sipp sipp =
                uas(scenario, transport, scenario.contains("forever") ? Map.of() : Map.of("ring_delay", "0"))) {
            OutboundCall call = ua.invite(request(sipp, transport), l);
            l.await("provisional 180", WAIT);
            call.hangup();
            assertThat(l.awaitTerminated(WAIT)).containsExactly("provisional 180", "failed 487 REJECTED", "terminated");
            assertPassed(sipp, "INVITE", "CANCEL", "ACK");
        }
    }

    @Test
    void cancelBeforeAnyProvisionalWaitsForOne() throws Exception {
        // RFC 3261 section 9.1: no CANCEL before a provisional response; sipp rings 300 ms after the INVITE
        try (Sipp sipp = uas("uas_ring_no_answer.xml", "udp", Map.of("ring_delay", "300"))) {
            OutboundCall call = ua.invite(request(sipp, "udp"), l);
            call.cancel();
            assertThat(l.awaitTerminated(WAIT)).containsExactly("provisional 180", "failed 487 REJECTED", "terminated");
            assertPassed(sipp, "INVITE", "CANCEL", "ACK");
        }
    }

    @Test
    void answerRacingOurCancelIsAckedThenByed() throws Exception {
        try (Sipp sipp = uas("uas_cancel_race.xml", "udp")) {
            OutboundCall call = ua.invite(request(sipp, "udp"), l);
            l.await("provisional 180", WAIT);
            call.cancel();
            assertThat(l.awaitTerminated(WAIT)).containsExactly("provisional 180", "terminated");
            assertPassed(sipp, "INVITE", "CANCEL", "ACK", "BYE");
        }
    }

    @Test
    void retransmitted200IsAckedAgain() throws Exception {
        try (Sipp sipp = uas("uas_200_retransmit.xml", "udp")) {
            OutboundCall call = answered(request(sipp, "udp"), l);
            SippLog.awaitReceived(sipp, "ACK", 2, WAIT);
            call.bye();
            assertThat(l.awaitTerminated(WAIT))
                    .containsExactly("provisional 100", "provisional 180", "answered", "terminated");
            assertPassed(sipp, "INVITE", "ACK", "ACK", "BYE");
        }
    }
}
