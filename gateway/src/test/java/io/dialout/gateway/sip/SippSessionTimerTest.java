package io.dialout.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.testkit.FreePorts;
import io.dialout.testkit.Sipp;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Session timers (RFC 4028) against sipp far ends that behave as carriers requiring them: our refresh when the 200
 * makes us the refresher, our BYE when the far end is the refresher and stays silent, the 422 retry.
 */
class SippSessionTimerTest extends SippTestSupport {

    /** Session-Expires: 90 in these scenarios; the refresh is due at 45 s, the expiry BYE at 60 s (section 10). */
    private static final Duration LONG = Duration.ofSeconds(100);

    private static Sipp carrier(String scenario) {
        return Sipp.scenarioResource("sipp/" + scenario)
                .transport("u1")
                .mediaPort(FreePorts.udpPair())
                .timeout(LONG.plusSeconds(20))
                .start();
    }

    @Test
    void refresherUacIsRefreshedByUpdateAtHalfTheInterval() throws Exception {
        try (Sipp sipp = carrier("uas_timer_uac_refresh.xml")) {
            OutboundCall call = answered(request(sipp, "udp"), l);
            long answeredAt = System.nanoTime();
            SippLog.awaitReceived(sipp, "UPDATE", 1, LONG);
            long after = Duration.ofNanos(System.nanoTime() - answeredAt).toSeconds();
            // RFC 4028 section 10: the refresher refreshes at half the interval (45 s of 90)
            assertThat(after).isBetween(40L, 60L);
            call.hangup();
            assertThat(l.awaitTerminated(WAIT))
                    .containsExactly("provisional 100", "provisional 180", "answered", "terminated");
            assertPassed(sipp, "INVITE", "ACK", "UPDATE", "BYE");
        }
    }

    @Test
    void silentRefresherUasGetsByeBeforeTheIntervalEnds() throws Exception {
        try (Sipp sipp = carrier("uas_timer_uas_silent.xml")) {
            answered(request(sipp, "udp"), l);
            long answeredAt = System.nanoTime();
            l.await("sessionExpired", LONG);
            long after = Duration.ofNanos(System.nanoTime() - answeredAt).toSeconds();
            // RFC 4028 section 10: BYE at interval - min(32, interval / 3) = 60 s, before the 90 s run out
            assertThat(after).isBetween(55L, 89L);
            assertThat(l.awaitTerminated(WAIT))
                    .containsExactly("provisional 100", "provisional 180", "answered", "sessionExpired", "terminated");
            assertPassed(sipp, "INVITE", "ACK", "BYE");
        }
    }

    @Test
    void sessionIntervalTooSmallIsRetriedWithTheLargerMinSe() throws Exception {
        try (Sipp sipp = carrier("uas_timer_422.xml")) {
            OutboundCall call = ua.invite(request(sipp, "udp"), l);
            l.await("provisional 100", WAIT);
            l.await("provisional 180", WAIT);
            l.await("answered", WAIT);
            call.hangup();
            assertThat(l.awaitTerminated(WAIT))
                    .containsExactly("provisional 100", "provisional 180", "answered", "terminated");
            assertPassed(sipp, "INVITE", "ACK", "INVITE", "ACK", "BYE");
        }
    }
}
