package io.dialout.loadgen;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmarks' callee media: a plain-RTP (and RTCP) echo on a few UDP sockets served by ONE thread, each datagram
 * sent back to where it came from (symmetric RTP, RFC 4961, which the gateway latches to). It replaces sipp's
 * {@code -rtp_echo} (one thread per sipp, a socket per sipp, and several processes waking up for every packet) so that
 * the load side of a per-core benchmark costs as little as it can: one selector wake-up drains every datagram queued on
 * every ready socket, a direct buffer is reused, nothing is allocated per packet. The thread's own CPU time is
 * available ({@link #cpuNanos()}) so a report can say whether the echo or the system under test saturated first.
 * <p>
 * sipp still answers the SIP side, with an SDP whose media port is one of {@link #ports()} (its {@code -key}).
 */
final class RtpEcho implements AutoCloseable {
    /** Each socket's receive buffer: a burst of a few ms at 100,000 packets/s; the kernel caps it at rmem_max. */
    private static final int RECEIVE_BUFFER = 4 << 20;

    private final List<DatagramChannel> channels = new ArrayList<>();
    private final Selector selector;
    private final Thread thread;
    private final AtomicLong echoed = new AtomicLong();
    private final AtomicLong sendFailures = new AtomicLong();
    private volatile long threadId = -1;
    private volatile boolean running = true;

    /** Binds {@code sockets} sockets on 127.0.0.1 (free ports) and starts the echo thread. */
    RtpEcho(int sockets) throws IOException {
        selector = Selector.open();
        try {
            for (int i = 0; i < sockets; i++) {
                DatagramChannel ch = DatagramChannel.open(java.net.StandardProtocolFamily.INET);
                channels.add(ch);
                ch.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER);
                ch.setOption(StandardSocketOptions.SO_SNDBUF, RECEIVE_BUFFER);
                ch.bind(new InetSocketAddress("127.0.0.1", 0));
                ch.configureBlocking(false);
                ch.register(selector, SelectionKey.OP_READ);
            }
        } catch (IOException e) {
            close();
            throw e;
        }
        thread = new Thread(this::loop, "rtp-echo");
        thread.setDaemon(true);
        thread.start();
    }

    /** The echo's ports, one per socket. */
    List<Integer> ports() {
        List<Integer> p = new ArrayList<>();
        for (DatagramChannel ch : channels) {
            try {
                p.add(((InetSocketAddress) ch.getLocalAddress()).getPort());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return p;
    }

    /** Datagrams echoed so far. */
    long echoed() {
        return echoed.get();
    }

    /** Datagrams that could not be sent back (the sender's socket buffer was full). */
    long sendFailures() {
        return sendFailures.get();
    }

    /** CPU time of the echo thread so far, in ns (-1 when the JVM does not measure thread CPU time). */
    long cpuNanos() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long id = threadId;
        return id < 0 || !mx.isThreadCpuTimeSupported() ? -1 : mx.getThreadCpuTime(id);
    }

    private void loop() {
        threadId = Thread.currentThread().getId();
        ByteBuffer buf = ByteBuffer.allocateDirect(2048);
        while (running) {
            try {
                if (selector.select() == 0) {
                    continue;
                }
                for (var it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                    SelectionKey k = it.next();
                    it.remove();
                    drain((DatagramChannel) k.channel(), buf);
                }
            } catch (IOException | java.nio.channels.ClosedSelectorException e) {
                if (!running) {
                    return;
                }
            }
        }
    }

    /** Everything queued on this socket, each datagram back to its source. */
    private void drain(DatagramChannel ch, ByteBuffer buf) throws IOException {
        long n = 0;
        while (true) {
            buf.clear();
            SocketAddress from = ch.receive(buf);
            if (from == null) {
                break;
            }
            buf.flip();
            // non-blocking: a full send buffer drops the datagram (counted) rather than stall every other call
            if (ch.send(buf, from) == 0) {
                sendFailures.incrementAndGet();
            }
            n++;
        }
        echoed.addAndGet(n);
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        if (thread != null) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (DatagramChannel ch : channels) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
