package io.dialout.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.testkit.Sipp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * RFC 3261 section 13.2.2.4 against one sipp playing both forks: a second 2xx from another fork is ACKed and BYEd; the
 * first dialog stays and is the one our later BYE ends. The listener hears of the first only.
 */
class SippForkTest extends SippTestSupport {

    @Test
    void secondForkIsAckedAndByedAndTheFirstDialogKept() throws Exception {
        try (Sipp sipp = uas("uas_forked_200.xml", "udp", Map.of())) {
            OutboundCall call = ua.invite(request(sipp, "udp"), l);
            l.await("provisional 180", WAIT);
            l.await("answered", WAIT);
            SippLog.awaitReceived(sipp, "BYE", 1, WAIT);
            assertThat(l.events()).containsExactly("provisional 180", "answered");
            call.hangup();
            assertThat(l.awaitTerminated(WAIT)).containsExactly("provisional 180", "answered", "terminated");
            assertThat(sipp.awaitExit(WAIT)).as(sipp.output() + sipp.messages()).isZero();
            assertThat(SippLog.received(sipp)).containsExactly("INVITE", "ACK", "ACK", "BYE", "BYE");
            // the first BYE goes to fork B's Contact and To tag, the second (our hangup) to fork A's
            List<String> byes = requests(sipp.messages(), "BYE");
            assertThat(byes.get(0))
                    .startsWith("BYE sip:forkb@")
                    .contains("SIPpForkB")
                    .contains("Reason: SIP;cause=200;text=\"Call completed elsewhere\"");
            assertThat(byes.get(1)).startsWith("BYE sip:forka@").contains("SIPpForkA");
            List<String> acks = requests(sipp.messages(), "ACK");
            assertThat(acks)
                    .anySatisfy(a -> assertThat(a).startsWith("ACK sip:forka@").contains("SIPpForkA"));
            assertThat(acks)
                    .anySatisfy(a -> assertThat(a).startsWith("ACK sip:forkb@").contains("SIPpForkB"));
            assertThat(ua.activeCalls()).isZero();
        }
    }

    /** The received requests with this method, each as its text up to the blank line. */
    static List<String> requests(String log, String method) {
        List<String> out = new ArrayList<>();
        for (String block : log.split("message received")) {
            int start = block.indexOf(method + " sip:");
            if (start >= 0 && block.substring(0, start).trim().split("\n").length <= 2) {
                int end = block.indexOf("\n\n", start);
                out.add(block.substring(start, end < 0 ? block.length() : end));
            }
        }
        return out;
    }
}
