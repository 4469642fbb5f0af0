package io.dialout.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.testkit.GatewayProcess;
import io.dialout.testkit.Sipp;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A short run of the load generator against the packaged gateway and a sipp echo callee, so the generator cannot
 * rot. The real benchmarks are run by scripts/bench.sh, not here.
 */
class LoadgenSmokeTest {
    private static GatewayProcess gateway;
    private static Sipp callee;

    @BeforeAll
    static void start() {
        gateway = GatewayProcess.start(Map.of());
        callee = Sipp.scenarioResource("sipp/echo-uas.xml")
                .rtpEcho()
                .calls(1000)
                .timeout(Duration.ofMinutes(5))
                .start();
    }

    @AfterAll
    static void stop() {
        if (callee != null) {
            callee.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    private LoadConfig config(String mode, int calls) {
        return LoadConfig.parse(
                "--gateway",
                gateway.websocket().toString(),
                "--to",
                callee.uri("echo"),
                "--mode",
                mode,
                "--calls",
                Integer.toString(calls),
                "--rate",
                "10",
                "--hold",
                "3",
                "--gateway-pid",
                Long.toString(gateway.pid()),
                "--metrics",
                gateway.http("/q/metrics").toString());
    }

    @Test
    void passThroughCallsEchoTimestampedMedia() throws Exception {
        Report r = LoadRun.execute(config("passthrough", 3));
        System.out.print(r.table());
        assertThat(r.failures()).as(r.table() + gateway.log()).isEmpty();
        assertThat(r.answered()).isEqualTo(3);
        assertThat(r.callsHeld()).isEqualTo(3);
        // 3 calls x 50 packets/s x 3 s, echoed by sipp through the gateway both ways.
        assertThat(r.audioSent()).isGreaterThan(300);
        assertThat(r.roundTrips()).as(r.table()).isGreaterThan(r.audioSent() / 2);
        assertThat(r.lossPercent()).as(r.table()).isLessThan(5.0);
        assertThat(r.rttMs(0.5)).as(r.table()).isLessThan(100.0);
        assertThat(r.cpuPercent()).isGreaterThan(0.0);
    }

    @Test
    void transcodedCallsCarryAudioBothWays() throws Exception {
        Report r = LoadRun.execute(config("transcode", 2));
        System.out.print(r.table());
        assertThat(r.failures()).as(r.table() + gateway.log()).isEmpty();
        assertThat(r.answered()).isEqualTo(2);
        // The gateway encodes one Opus frame toward the room per 20 ms of echoed G.711. Its I/O loop drops ticks when
        // it falls 100 ms behind (overload), so on a busy machine some frames go missing: this smoke test guards the
        // plumbing; loss is measured by scripts/bench.sh.
        assertThat(r.audioReceived()).as(r.table()).isGreaterThan(r.audioSent() * 6 / 10);
        assertThat(r.results().payloadTypesBack.keySet())
                .as("only Opus comes back")
                .containsExactly(111);
    }
}
