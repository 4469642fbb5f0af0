package io.dialout.gateway.sip;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * Detects an ICMP port unreachable from a UDP next hop. JAIN-SIP sends from an unconnected socket, so ICMP errors
 * never reach it and an INVITE to a closed port only fails at timer B (32 s). A connected socket does get the error:
 * we send it one empty datagram (ignored by SIP peers) and wait a little for the refusal.
 */
final class IcmpProbe {

    private IcmpProbe() {
    }

    /** True when the peer answered with ICMP port unreachable within {@code wait}; blocks up to {@code wait}. */
    static boolean portUnreachable(InetSocketAddress peer, Duration wait) {
        try (DatagramSocket s = new DatagramSocket()) {
            s.connect(peer);
            s.send(new DatagramPacket(new byte[0], 0));
            s.setSoTimeout((int) Math.max(1, wait.toMillis()));
            s.receive(new DatagramPacket(new byte[1], 1));
            return false;
        } catch (PortUnreachableException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
