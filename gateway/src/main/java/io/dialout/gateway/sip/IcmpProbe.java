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
 * we send it one CRLFCRLF keep-alive (RFC 5626 section 3.5.1; SIP peers ignore CRLFs outside messages, RFC 3261
 * section 7.5) and wait a little for the refusal. (An empty datagram draws no ICMP error here.)
 */
final class IcmpProbe {

    private static final byte[] KEEP_ALIVE = {'\r', '\n', '\r', '\n'};

    private IcmpProbe() {}

    /** True when the peer answered with ICMP port unreachable within {@code wait}; blocks up to {@code wait}. */
    static boolean portUnreachable(InetSocketAddress peer, Duration wait) {
        try (DatagramSocket s = new DatagramSocket()) {
            s.connect(peer);
            s.send(new DatagramPacket(KEEP_ALIVE, KEEP_ALIVE.length));
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
