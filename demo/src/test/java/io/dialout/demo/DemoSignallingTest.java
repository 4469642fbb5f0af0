package io.dialout.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.testkit.Sipp;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each demo user's signalling, with sipp as the calling user agent. */
class DemoSignallingTest {
    private static final Duration SIPP_DEADLINE = Duration.ofSeconds(10);
    private static DemoSipEndpoint demo;

    @BeforeAll
    static void start() throws Exception {
        demo = DemoSipEndpoint.start(DemoConfig.loopback());
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    private static Sipp.Builder uac(String scenario, String user) {
        return Sipp.scenarioResource("sipp/" + scenario)
                .remote("127.0.0.1:" + demo.sipPort())
                .set("user", user)
                .timeout(SIPP_DEADLINE);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"busy, 486", "decline, 603", "nobody, 404", "BUSY, 486"})
    void refusedCallsGetTheirStatus(String user, int status) {
        try (Sipp sipp = uac("uac-reject.xml", user).set("formats", "0").start()) {
            assertThat(sipp.awaitExit(SIPP_DEADLINE)).as(sipp::output).isZero();
            assertThat(sipp.count("^SIP/2.0 " + status + " "))
                    .as(sipp::messages)
                    .isEqualTo(1);
            assertThat(sipp.count("^SIP/2.0 200 ")).isZero();
        }
        awaitNoCalls(demo);
    }

    @Test
    void toneWithoutG711OrG722Gets488() {
        try (Sipp sipp = uac("uac-reject.xml", "tone").set("formats", "18").start()) {
            assertThat(sipp.awaitExit(SIPP_DEADLINE)).as(sipp::output).isZero();
            assertThat(sipp.count("^SIP/2.0 488 ")).as(sipp::messages).isEqualTo(1);
        }
        awaitNoCalls(demo);
    }

    @Test
    void noanswerRingsUntilCancelled() {
        try (Sipp sipp = uac("uac-cancel.xml", "noanswer").start()) {
            assertThat(sipp.awaitExit(SIPP_DEADLINE)).as(sipp::output).isZero();
            assertThat(sipp.count("^SIP/2.0 180 ")).as(sipp::messages).isEqualTo(1);
            assertThat(sipp.count("^SIP/2.0 487 ")).isEqualTo(1);
            assertThat(sipp.count("^SIP/2.0 200 ")).isEqualTo(1); // the CANCEL's
        }
        awaitNoCalls(demo);
    }

    @Test
    void echoAnswersAndHangsUpOnBye() {
        try (Sipp sipp = uac("uac-call.xml", "echo")
                .set("aport", "40000")
                .set("formats", "8 0 101")
                .arg("-d", "100")
                .start()) {
            assertThat(sipp.awaitExit(SIPP_DEADLINE)).as(sipp::output).isZero();
            String m = sipp.messages();
            assertThat(sipp.count("^SIP/2.0 100 ")).isEqualTo(1);
            assertThat(sipp.count("^SIP/2.0 180 ")).isEqualTo(1);
            assertThat(sipp.count("^SIP/2.0 200 ")).isEqualTo(2); // INVITE and BYE
            // RFC 3264 section 6: the first offered codec, telephone-event kept, the direction mirrored.
            assertThat(m)
                    .containsPattern("m=audio \\d+ RTP/AVP 8 101\r?\n")
                    .contains("a=rtpmap:8 PCMA/8000")
                    .contains("a=rtpmap:101 telephone-event/8000")
                    .contains("a=fmtp:101 0-16")
                    .contains("a=sendrecv");
        }
        awaitNoCalls(demo);
    }

    @Test
    void holdIsAnsweredWithTheMirroredDirection() {
        // The scenario itself fails unless each 200 carries recvonly, inactive, then sendrecv.
        try (Sipp sipp = uac("uac-hold.xml", "echo")
                .set("aport", "40000")
                .set("formats", "0 101")
                .arg("-d", "50")
                .start()) {
            assertThat(sipp.awaitExit(SIPP_DEADLINE))
                    .as(() -> sipp.output() + sipp.messages())
                    .isZero();
            assertThat(sipp.count("^SIP/2.0 200 ")).isEqualTo(5);
        }
        awaitNoCalls(demo);
    }

    @Test
    void ivrReportsInfoDigitsByInfoWhenNoTelephoneEvent() {
        // The scenario fails unless the demo sends INFO Signal=7 and Signal=9 back.
        try (Sipp sipp = uac("uac-ivr-info.xml", "ivr")
                .set("aport", "40000")
                .set("formats", "0")
                .start()) {
            assertThat(sipp.awaitExit(SIPP_DEADLINE))
                    .as(() -> sipp.output() + sipp.messages())
                    .isZero();
            assertThat(sipp.count("^INFO sip:")).isEqualTo(4); // two sent, two received
        }
        awaitNoCalls(demo);
    }

    @Test
    void optionsIsAnsweredAndOtherMethodsAreNotAllowed() {
        try (Sipp sipp = uac("uac-options.xml", "echo").start()) {
            assertThat(sipp.awaitExit(SIPP_DEADLINE))
                    .as(() -> sipp.output() + sipp.messages())
                    .isZero();
        }
        awaitNoCalls(demo);
    }

    /** Waits for the demo to have ended every call (its BYE/CANCEL handling runs on its own thread). */
    static void awaitNoCalls(DemoSipEndpoint demo) {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (demo.activeCalls() != 0 && System.nanoTime() < end) {
            try {
                Thread.sleep(5); // polling a counter: the endpoint has no event for tests
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        assertThat(demo.activeCalls()).isZero();
    }
}
