package io.dialout.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports on 127.0.0.1 for peers a test starts. Every peer gets its own port, so tests never collide with each
 * other or with a gateway left running by hand.
 */
public final class FreePorts {
    private FreePorts() {}

    public static int udp() {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(loopback(), 0))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int tcp() {
        try (ServerSocket s = new ServerSocket(0, 1, loopback())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port free on both UDP and TCP (for a SIP peer that listens on both). */
    public static int udpAndTcp() {
        for (int i = 0; i < 200; i++) {
            int p = udp();
            try (ServerSocket s = new ServerSocket(p, 1, loopback())) {
                return s.getLocalPort();
            } catch (IOException busy) {
                // try another
            }
        }
        throw new IllegalStateException("no port free on both UDP and TCP");
    }

    /** An even UDP port whose odd neighbour is free too (an RTP/RTCP pair, RFC 3550 section 11). */
    @SuppressWarnings("try") // the RTCP socket is opened only to prove its port free, and closed at once
    public static int udpPair() {
        for (int i = 0; i < 500; i++) {
            int p = 20000 + 2 * ThreadLocalRandom.current().nextInt(0, 20000);
            try (DatagramSocket a = new DatagramSocket(new InetSocketAddress(loopback(), p));
                    DatagramSocket b = new DatagramSocket(new InetSocketAddress(loopback(), p + 1))) {
                return a.getLocalPort();
            } catch (IOException busy) {
                // try another
            }
        }
        throw new IllegalStateException("no free RTP/RTCP port pair");
    }

    /**
     * A block of {@code size} consecutive free UDP ports starting at an even port, for a gateway's SIP-side RTP range
     * in a test. Free when checked: good enough for ranges the test hands to the code under test right away.
     */
    public static int udpRange(int size) {
        for (int i = 0; i < 200; i++) {
            int start = 20000 + 2 * ThreadLocalRandom.current().nextInt(0, 20000 - size);
            if (allFree(start, size)) {
                return start;
            }
        }
        throw new IllegalStateException("no free UDP range of " + size);
    }

    private static boolean allFree(int start, int size) {
        DatagramSocket[] held = new DatagramSocket[size];
        try {
            for (int i = 0; i < size; i++) {
                held[i] = new DatagramSocket(new InetSocketAddress(loopback(), start + i));
            }
            return true;
        } catch (IOException busy) {
            return false;
        } finally {
            for (DatagramSocket s : held) {
                if (s != null) {
                    s.close();
                }
            }
        }
    }

    static InetAddress loopback() {
        return InetAddress.getLoopbackAddress();
    }
}
