package io.dialout.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.testkit.GatewayProcess;
import io.dialout.testkit.Sipp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 item 8: after kill -9 the callee stayed in the call for as long as it liked. The packaged gateway keeps
 * each confirmed dialog in {@code gateway.sip.dialog-state-dir}; killed with a call up and started again on the same
 * directory (and SIP port, as a supervisor restarts it), it sends that dialog a BYE with a Reason: sipp checks the
 * BYE and exits 0 only when it came, and the state file is gone afterwards.
 */
class GatewayRestartIT {

    private static final Duration BYE_DEADLINE = Duration.ofSeconds(20);

    @Test
    void aRestartedGatewayByesTheDialogItsKilledPredecessorLeft(@TempDir Path state) throws Exception {
        try (Sipp uas = Sipp.scenarioResource("sipp/restart/uas_answer_bye_with_reason.xml")
                .timeout(Duration.ofSeconds(240))
                .start()) {
            Map<String, String> settings = Map.of(
                    "gateway.sip.dialog-state-dir",
                    state.toString(),
                    // the room here does no ICE: keep the call up while the test kills the gateway
                    "gateway.media.connect-timeout",
                    "120s");
            int sipPort;
            try (GatewayProcess first = GatewayProcess.start(settings);
                    DialoutClient room = DialoutClient.connect(first.websocket())) {
                sipPort = first.sipPort();
                room.dialUntilAnswered("c1", uas.uri("service"));
                awaitFiles(state, 1, Duration.ofSeconds(10));
                first.kill();
            }
            assertThat(uas.isRunning())
                    .as("sipp still in the call after kill -9")
                    .isTrue();
            assertThat(uas.count("^BYE ")).as("no BYE from a killed gateway").isZero();

            Map<String, String> again = new java.util.HashMap<>(settings);
            again.put("gateway.sip.port", String.valueOf(sipPort));
            try (GatewayProcess second = GatewayProcess.start(again)) {
                assertThat(uas.awaitExit(BYE_DEADLINE))
                        .as(
                                "sipp got the BYE with a Reason within %s:%n%s%n%s%ngateway:%n%s",
                                BYE_DEADLINE, uas.output(), uas.messages(), second.log())
                        .isZero();
                assertThat(uas.count("^BYE sip:")).isEqualTo(1);
                awaitFiles(state, 0, Duration.ofSeconds(10));
                assertThat(second.log()).contains("left by a previous run");
            }
        }
    }

    private static void awaitFiles(Path dir, int count, Duration within) throws Exception {
        long end = System.nanoTime() + within.toNanos();
        List<Path> files = dialogFiles(dir);
        while (files.size() != count && System.nanoTime() < end) {
            Thread.sleep(50); // polling a directory: there is no event to wait on across processes
            files = dialogFiles(dir);
        }
        assertThat(files).as("dialog state files in " + dir).hasSize(count);
    }

    private static List<Path> dialogFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".dialog")).toList();
        }
    }
}
