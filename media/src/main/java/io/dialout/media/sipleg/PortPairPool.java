package io.dialout.media.sipleg;

import io.dialout.media.MediaException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * RTP/RTCP port pairs toward SIP from a configured range: RTP on an even port, RTCP on the next one (RFC 3550
 * section 11, RFC 3605 not needed then). Allocation is safe from any thread: a lock-free deque of free even
 * ports. A released pair goes to the tail so that it is reused last, which gives late packets of the old call time
 * to die out before a new call could receive them. A port some other process holds is skipped and retried later.
 */
public final class PortPairPool {

    private static final int SOCKET_BUFFER_BYTES = 1 << 20;

    private final InetAddress bindAddress;
    private final ConcurrentLinkedDeque<Integer> free = new ConcurrentLinkedDeque<>();
    private final AtomicInteger inUse = new AtomicInteger();
    private final int capacity;

    public PortPairPool(InetAddress bindAddress, int minPort, int maxPort) {
        this.bindAddress = bindAddress;
        int first = (minPort + 1) & ~1; // RTP on even ports (RFC 3550 section 11)
        for (int p = first; p + 1 <= maxPort; p += 2) {
            free.addLast(p);
        }
        this.capacity = free.size();
        if (capacity == 0) {
            throw new IllegalArgumentException("no even RTP port with RTCP +1 in " + minPort + "-" + maxPort);
        }
    }

    public int capacity() {
        return capacity;
    }

    /** Pairs not handed out (some may still be unusable because another process holds them). */
    public int available() {
        return capacity - inUse.get();
    }

    /**
     * Binds the next free pair; both channels are non-blocking, ready for a selector.
     *
     * @throws MediaException when every pair of the range is in use or cannot be bound
     */
    public PortPair allocate() throws MediaException {
        for (int attempts = 0; attempts < capacity; attempts++) {
            Integer port = free.pollFirst();
            if (port == null) {
                break;
            }
            DatagramChannel rtp = null;
            DatagramChannel rtcp = null;
            try {
                rtp = bind(port);
                rtcp = bind(port + 1);
                inUse.incrementAndGet();
                return new PortPair(this, port, rtp, rtcp);
            } catch (IOException e) { // held by someone else: try it again after the others
                closeQuietly(rtp);
                closeQuietly(rtcp);
                free.addLast(port);
            }
        }
        throw new MediaException(
                "no free RTP port pair in the SIP range (" + capacity + " pairs, " + inUse.get() + " in use)");
    }

    private DatagramChannel bind(int port) throws IOException {
        // An IPv4 address gets an IPv4 socket: a dual-stack IPv6 socket sends every IPv4 packet through the IPv6
        // send path first (udpv6_sendmsg was a sixth of the I/O thread's send time in the profile).
        DatagramChannel ch = bindAddress instanceof java.net.Inet4Address
                ? DatagramChannel.open(java.net.StandardProtocolFamily.INET)
                : DatagramChannel.open();
        try {
            ch.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
            ch.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
            ch.bind(new InetSocketAddress(bindAddress, port));
            ch.configureBlocking(false);
            return ch;
        } catch (IOException e) {
            ch.close();
            throw e;
        }
    }

    void release(int port) {
        inUse.decrementAndGet();
        free.addLast(port);
    }

    static void closeQuietly(DatagramChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing a datagram channel does not fail in a way we could act on
            }
        }
    }
}
