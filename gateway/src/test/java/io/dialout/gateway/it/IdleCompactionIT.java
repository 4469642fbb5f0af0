package io.dialout.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.testkit.GatewayProcess;
import io.dialout.testkit.Sipp;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The packaged gateway hands memory back only when no call exists (issue 15, memory): a full collection and a trim
 * of the C heap once it has had no call for {@code gateway.limits.idle-memory-release}, after start-up and again after
 * each busy period, never while a call is up (whose media would hear the pause). Read from its debug log line.
 */
class IdleCompactionIT {

    private static final Pattern RELEASE = Pattern.compile("idle for 1 s: heap committed \\d+ -> \\d+ MiB, ([^\\n]*)");
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void memoryIsHandedBackWhenNoCallExistsAndNotDuringACall() throws Exception {
        Map<String, String> settings = Map.of(
                "gateway.limits.idle-memory-release",
                "1s",
                "quarkus.log.category.\"io.dialout.gateway.wiring.IdleCompaction\".level",
                "DEBUG",
                // the room here does no ICE: keep the call up for as long as the test holds it
                "gateway.media.connect-timeout",
                "120s");
        try (Sipp uas = Sipp.scenarioResource("sipp/uas_answer.xml")
                        .timeout(Duration.ofSeconds(120))
                        .start();
                GatewayProcess gateway = GatewayProcess.start(settings);
                DialoutClient room = DialoutClient.connect(gateway.websocket())) {
            // after start-up: the first idle second
            String first = awaitReleases(gateway, 1);
            assertThat(first).as(gateway.log()).containsPattern("Trim native heap|no native trim");

            room.dialUntilAnswered("c1", uas.uri("service"));
            // A call is up for three idle-release periods: nothing may be released meanwhile.
            Thread.sleep(
                    3_000); // fixed on purpose: no event says "did not happen"; the call is held, then the log read
            assertThat(releases(gateway.log())).as(gateway.log()).isEqualTo(1);

            room.hangUp("c1");
            awaitReleases(gateway, 2); // once the call is gone
        }
    }

    /** Waits until the gateway's log has {@code n} releases; returns the last one's report. */
    private static String awaitReleases(GatewayProcess gateway, int n) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (releases(gateway.log()) < n) {
            assertThat(System.nanoTime() < deadline)
                    .as("%d idle releases within %s:%n%s", n, WAIT, gateway.log())
                    .isTrue();
            Thread.sleep(100); // polling another process's log: there is no event to wait on
        }
        Matcher m = RELEASE.matcher(gateway.log());
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        return last;
    }

    private static int releases(String log) {
        Matcher m = RELEASE.matcher(log);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
