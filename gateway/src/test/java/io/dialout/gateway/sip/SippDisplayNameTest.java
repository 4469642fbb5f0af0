package io.dialout.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.testkit.Sipp;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A From display name with quotes and backslashes (RFC 3261 section 25.1 quoted-string): sipp echoes our From in its
 * responses, so a From the stack cannot parse back would leave the 200 unanswered (no ACK, no BYE).
 */
class SippDisplayNameTest extends SippTestSupport {

    @Test
    void quoteInDisplayNameIsEscapedAndTheAnswerIsAcked() throws Exception {
        try (Sipp sipp = uas("uas_answer.xml", "udp", Map.of())) {
            RecordingListener l = new RecordingListener();
            InviteRequest r = request(sipp, "udp");
            InviteRequest quoted = new InviteRequest(
                    r.requestUri(), r.fromUser(), "Team \"A\" \\ ops", r.xHeaders(), r.sdpOffer(), r.trunk());
            OutboundCall call = ua.invite(quoted, l);
            l.await("provisional 100", WAIT);
            l.await("provisional 180", WAIT);
            l.await("answered", WAIT);
            call.hangup();
            assertThat(l.awaitTerminated(WAIT))
                    .containsExactly("provisional 100", "provisional 180", "answered", "terminated");
            assertThat(sipp.awaitExit(WAIT)).as(sipp.output() + sipp.messages()).isZero();
            assertThat(SippLog.received(sipp)).containsExactly("INVITE", "ACK", "BYE");
            assertThat(sipp.messages()).contains("From: \"Team \\\"A\\\" \\\\ ops\" <sip:room-42@127.0.0.1>");
        }
    }

    @Test
    void controlCharactersCannotBreakTheHeader() {
        assertThat(InviteFactory.quotedDisplayName("a\tb\u0007c\"d\\")).isEqualTo("a\tbc\\\"d\\\\");
        assertThat(InviteFactory.quotedDisplayName("\r\n")).isEmpty();
    }
}
