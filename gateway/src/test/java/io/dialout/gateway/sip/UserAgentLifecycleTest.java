package io.dialout.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.testkit.Sipp;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** close() leaves no thread behind, frees the port, takes no fixed pause and keeps the caller's interrupt status. */
class UserAgentLifecycleTest {

    @Test
    void closeStopsEveryThreadItStarted() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        JainSipUserAgent ua = new JainSipUserAgent(SipUserAgentConfig.loopback(SippTestSupport.TIMERS));
        int port = ua.port();
        try (Sipp sipp = SippTestSupport.uas("uas_answer.xml", "tcp", Map.of())) {
            RecordingListener l = new RecordingListener();
            OutboundCall call = ua.invite(SippTestSupport.request(sipp, "tcp"), l);
            l.await("provisional 100", SippTestSupport.WAIT);
            l.await("provisional 180", SippTestSupport.WAIT);
            l.await("answered", SippTestSupport.WAIT);
            call.hangup();
            l.awaitTerminated(SippTestSupport.WAIT);
            assertThat(sipp.awaitExit(SippTestSupport.WAIT)).isZero();
        }
        ua.close();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Set<String> left;
        do {
            left = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !before.contains(t) && t.isAlive())
                    .filter(t -> !t.getName().equals("process reaper")) // the JDK's, for the sipp process
                    .map(Thread::getName)
                    .collect(Collectors.toSet());
            if (left.isEmpty()) {
                break;
            }
            Thread.sleep(50); // polling thread ends: there is no event for them
        } while (System.nanoTime() < deadline);
        assertThat(left).isEmpty();
        // the port is free again, for UDP and TCP
        try (var u = new java.net.DatagramSocket(port, java.net.InetAddress.getLoopbackAddress());
                var t = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThat(u.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void closeTakesNoFixedPauseAndKeepsTheCallersInterruptStatus() {
        // JAIN-SIP's stopStack() sleeps a second unless interrupted: three closes with it took at least 3 s
        java.util.List<JainSipUserAgent> uas = java.util.stream.Stream.generate(
                        () -> new JainSipUserAgent(SipUserAgentConfig.loopback(SippTestSupport.TIMERS)))
                .limit(3)
                .toList();
        long start = System.nanoTime();
        uas.get(0).close();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        Thread.currentThread().interrupt();
        uas.get(1).close();
        assertThat(Thread.interrupted()).as("interrupt status kept").isTrue();
        uas.get(2).close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }
}
