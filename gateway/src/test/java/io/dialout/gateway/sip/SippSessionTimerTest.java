package io.dialout.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.testkit.FreePorts;
import io.dialout.testkit.Sipp;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Session timers (RFC 4028) against sipp far ends that behave as carriers requiring them: our refresh when the 200
 * makes us the refresher, our BYE when the far end is the refresher and stays silent, the 422 retry.
 *
 * <p>The first two take most of a minute each, since Session-Expires cannot go below Min-SE's floor of 90 s (RFC 4028
 * section 4). Their calls are independent (each has its own user agent, sipp and listener), so both are placed when
 * the class starts and run side by side; each test then waits for and checks its own call. A test measures the time
 * of its event when its wait returns, so the earlier event (the refresh at 45 s) is waited for first.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SippSessionTimerTest extends SippTestSupport {

    /** Session-Expires: 90 in these scenarios; the refresh is due at 45 s, the expiry BYE at 60 s (section 10). */
    private static final Duration LONG = Duration.ofSeconds(100);

    private static LongCall refreshedByUs;
    private static LongCall silentRefresher;

    private static Sipp carrier(String scenario) {
        return Sipp.scenarioResource("sipp/" + scenario)
                .transport("u1")
                .mediaPort(FreePorts.udpPair())
                .timeout(LONG.plusSeconds(20))
                .start();
    }

    /** An answered call on its own user agent to a carrier scenario, and when it was answered. */
    private record LongCall(JainSipUserAgent ua, Sipp sipp, RecordingListener l, OutboundCall call, long answeredAt)
            implements AutoCloseable {

        static LongCall place(String scenario) throws Exception {
            JainSipUserAgent ua = new JainSipUserAgent(
                    SipUserAgentConfig.loopback(TIMERS),
                    io.dialout.gateway.sip.ingress.SipIngressConfig.trusting(java.util.List.of("127.0.0.1")));
            Sipp sipp = null;
            try {
                sipp = carrier(scenario);
                RecordingListener l = new RecordingListener();
                OutboundCall call = ua.invite(request(sipp, "udp"), l);
                l.await("provisional 100", WAIT);
                l.await("provisional 180", WAIT);
                l.await("answered", WAIT);
                return new LongCall(ua, sipp, l, call, System.nanoTime());
            } catch (Exception | AssertionError e) {
                if (sipp != null) {
                    sipp.close();
                }
                ua.close();
                throw e;
            }
        }

        /** Whole seconds from the answer to now. */
        long secondsSinceAnswer() {
            return Duration.ofNanos(System.nanoTime() - answeredAt).toSeconds();
        }

        @Override
        public void close() {
            sipp.close();
            ua.close();
        }
    }

    @BeforeAll
    static void placeTheLongCalls() throws Exception {
        TestLogging.debugIfRequested();
        refreshedByUs = LongCall.place("uas_timer_uac_refresh.xml");
        silentRefresher = LongCall.place("uas_timer_uas_silent.xml");
    }

    @AfterAll
    static void endTheLongCalls() {
        for (LongCall c : new LongCall[] {refreshedByUs, silentRefresher}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    @Order(1)
    void refresherUacIsRefreshedByUpdateAtHalfTheInterval() throws Exception {
        LongCall c = refreshedByUs;
        SippLog.awaitReceived(c.sipp(), "UPDATE", 1, LONG);
        long after = c.secondsSinceAnswer();
        // RFC 4028 section 10: the refresher refreshes at half the interval (45 s of 90)
        assertThat(after).isBetween(40L, 60L);
        c.call().hangup();
        assertThat(c.l().awaitTerminated(WAIT))
                .containsExactly("provisional 100", "provisional 180", "answered", "terminated");
        assertPassed(c.sipp(), "INVITE", "ACK", "UPDATE", "BYE");
    }

    @Test
    @Order(2)
    void silentRefresherUasGetsByeBeforeTheIntervalEnds() throws Exception {
        LongCall c = silentRefresher;
        c.l().await("sessionExpired", LONG);
        long after = c.secondsSinceAnswer();
        // RFC 4028 section 10: BYE at interval - min(32, interval / 3) = 60 s, before the 90 s run out
        assertThat(after).isBetween(55L, 89L);
        assertThat(c.l().awaitTerminated(WAIT))
                .containsExactly("provisional 100", "provisional 180", "answered", "sessionExpired", "terminated");
        assertPassed(c.sipp(), "INVITE", "ACK", "BYE");
    }

    @Test
    @Order(3)
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
