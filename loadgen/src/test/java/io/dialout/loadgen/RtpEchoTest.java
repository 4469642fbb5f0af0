package io.dialout.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The per-core bench's callee media: every datagram comes back, unchanged, to the socket that sent it, on each of the
 * echo's sockets, from one thread whose CPU time is measured.
 */
class RtpEchoTest {

    @Test
    void everyDatagramGoesBackToItsSenderUnchanged() throws Exception {
        try (RtpEcho echo = new RtpEcho(3);
                DatagramSocket a = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                DatagramSocket b = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            assertThat(echo.ports()).hasSize(3).doesNotHaveDuplicates();
            a.setSoTimeout(5000);
            b.setSoTimeout(5000);
            int n = 0;
            for (int port : echo.ports()) {
                for (DatagramSocket s : new DatagramSocket[] {a, b}) {
                    byte[] payload = new byte[172];
                    Arrays.fill(payload, (byte) n);
                    s.send(new DatagramPacket(
                            payload, payload.length, new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
                    n++;
                }
            }
            Set<Integer> fromA = new HashSet<>();
            Set<Integer> fromB = new HashSet<>();
            for (int i = 0; i < n / 2; i++) {
                fromA.add(receive(a));
                fromB.add(receive(b));
            }
            // a sent the even-numbered payloads, b the odd ones: each got exactly its own back
            assertThat(fromA).containsExactlyInAnyOrder(0, 2, 4);
            assertThat(fromB).containsExactlyInAnyOrder(1, 3, 5);
            assertThat(echo.echoed()).isEqualTo(n);
            assertThat(echo.sendFailures()).isZero();
            assertThat(echo.cpuNanos()).isGreaterThan(0);
        }
    }

    /** The payload's fill byte of the next datagram; all 172 bytes must carry it. */
    private static int receive(DatagramSocket s) throws Exception {
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        s.receive(p);
        assertThat(p.getLength()).isEqualTo(172);
        byte first = p.getData()[0];
        for (int i = 0; i < p.getLength(); i++) {
            assertThat(p.getData()[i]).isEqualTo(first);
        }
        return first;
    }
}
