package io.dialout.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dialout.testkit.Sipp;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The endpoint's life: ports, threads, the maximum call duration, and hanging up on close. */
class DemoSipEndpointTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private static Sipp.Builder uac(DemoSipEndpoint demo, String scenario, String user) {
        return Sipp.scenarioResource("sipp/" + scenario)
                .remote("127.0.0.1:" + demo.sipPort())
                .set("user", user)
                .set("formats", "0")
                .timeout(DEADLINE);
    }

    @Test
    void closeHangsUpFreesThePortsAndStopsItsThreads() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        DemoSipEndpoint demo = DemoSipEndpoint.start(DemoConfig.loopback());
        int port = demo.sipPort();
        assertThat(port).isPositive();
        assertThat(demo.uri("echo")).isEqualTo("sip:echo@127.0.0.1:" + port);
        try (Sipp sipp =
                uac(demo, "uac-await-bye.xml", "echo").set("aport", "40000").start()) {
            SippTrace.awaitInviteOk(sipp, DEADLINE);
            assertThat(demo.activeCalls()).isEqualTo(1);
            demo.close();
            demo.close(); // idempotent
            assertThat(sipp.awaitExit(DEADLINE))
                    .as(() -> sipp.output() + sipp.messages())
                    .isZero();
            assertThat(sipp.count("^BYE sip:")).isEqualTo(1);
        }
        try (DatagramSocket u = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                ServerSocket t = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(u.getLocalPort()).isEqualTo(port);
        }
        awaitThreadsGone(before);
    }

    @Test
    void callsEndAtTheMaximumDuration() throws Exception {
        DemoConfig config = DemoConfig.loopback().withMaxCallDuration(Duration.ofMillis(300));
        try (DemoSipEndpoint demo = DemoSipEndpoint.start(config)) {
            try (Sipp sipp =
                    uac(demo, "uac-await-bye.xml", "tone").set("aport", "40000").start()) {
                assertThat(sipp.awaitExit(DEADLINE))
                        .as(() -> sipp.output() + sipp.messages())
                        .isZero();
            }
            try (Sipp sipp = uac(demo, "uac-reject.xml", "noanswer").start()) {
                assertThat(sipp.awaitExit(DEADLINE))
                        .as(() -> sipp.output() + sipp.messages())
                        .isZero();
                assertThat(sipp.count("^SIP/2.0 480 ")).isEqualTo(1);
            }
            DemoSignallingTest.awaitNoCalls(demo);
        }
    }

    @Test
    void tcpWorksToo() throws Exception {
        try (DemoSipEndpoint demo = DemoSipEndpoint.start(DemoConfig.loopback());
                Sipp sipp = uac(demo, "uac-reject.xml", "busy").transport("t1").start()) {
            assertThat(sipp.awaitExit(DEADLINE))
                    .as(() -> sipp.output() + sipp.messages())
                    .isZero();
            assertThat(sipp.count("^SIP/2.0 486 ")).isEqualTo(1);
        }
    }

    @Test
    void configIsChecked() {
        assertThatThrownBy(() -> new DemoConfig("127.0.0.1", 0, 40000, 40000, 440))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DemoConfig("127.0.0.1", 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new DemoConfig("127.0.0.1", 5070, 40000, 40100, 440).maxCallDuration())
                .isEqualTo(Duration.ofHours(1));
    }

    private static void awaitThreadsGone(Set<Thread> before) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        Set<Thread> extra;
        do {
            extra = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !before.contains(t) && t.isAlive())
                    .collect(Collectors.toSet());
            if (extra.isEmpty()) {
                return;
            }
            Thread.sleep(20); // polling thread exit: there is no event for it
        } while (System.nanoTime() < end);
        assertThat(extra.stream()
                        .map(t -> t.getName() + " " + java.util.Arrays.toString(t.getStackTrace()))
                        .toList())
                .as("threads left running")
                .isEmpty();
    }
}
