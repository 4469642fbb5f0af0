package io.dialout.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dialout.testkit.Sipp;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The load generator's Janus mode against the real Janus 1.1.2 SIP plugin on loopback (scripts/janus/start.sh) and a
 * sipp echo callee: 2 rooms guest-register, call with their offers, complete full ICE (Janus is not ICE-lite, so the
 * rooms answer its checks) and DTLS as the server (Janus answers a=setup:active), and get their timestamped media
 * echoed back through Janus.
 * <p>
 * Janus is a benchmark dependency (scripts/install-bench-deps.sh), not a test one: the test command does not install
 * it, and this test is skipped, saying so, where /usr/bin/janus is missing.
 */
class JanusDriverTest {

    @Test
    @Timeout(60)
    void twoCallsThroughJanusEchoTimestampedMedia() throws Exception {
        assumeTrue(
                JanusProcess.installed(),
                "skipped: Janus is not installed (/usr/bin/janus); scripts/install-bench-deps.sh installs it");
        try (JanusProcess janus = JanusProcess.start();
                Sipp callee = Sipp.scenarioResource("sipp/echo-uas.xml")
                        .rtpEcho()
                        .calls(100)
                        .timeout(Duration.ofMinutes(2))
                        .start()) {
            Report r = LoadRun.execute(LoadConfig.parse(
                    "--target",
                    "janus",
                    "--janus",
                    janus.api().toString(),
                    "--to",
                    callee.uri("echo"),
                    "--calls",
                    "2",
                    "--rate",
                    "10",
                    "--hold",
                    "3",
                    "--gateway-pid",
                    Long.toString(janus.pid())));
            String why = r.table() + "\n--- janus log ---\n" + janus.log();
            assertThat(r.failures()).as(why).isEmpty();
            assertThat(r.answered()).as(why).isEqualTo(2);
            assertThat(r.callsHeld()).as(why).isEqualTo(2);
            // 2 calls x 50 packets/s x 3 s, echoed by sipp through Janus both ways
            assertThat(r.audioSent()).as(why).isGreaterThan(200);
            assertThat(r.roundTrips()).as(why).isGreaterThan(r.audioSent() / 2);
            assertThat(r.lossPercent()).as(why).isLessThan(5.0);
            assertThat(r.rttMs(0.5)).as(why).isLessThan(100.0);
            assertThat(r.cpuPercent()).as("Janus's CPU from /proc").isGreaterThan(0.0);
            assertThat(callee.messages()).contains("INVITE sip:echo@");
        }
    }
}
