package io.dialout.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Random;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A lossy, slow, reordering UDP path between loopback ports, for tests of how the gateway copes with a bad network
 * ({@code tc netem} needs the sch_netem kernel module, which these machines lack). Peers send to {@link #address()}
 * instead of to the target; the relay forwards to the target from a socket of its own and sends what the target
 * answers back to the first peer that wrote to it, so to both sides it looks like a symmetric path. The first, not
 * the last: the gateway probes a silent UDP next hop for ICMP errors from a second socket (a CRLFCRLF keep-alive),
 * and a relay that followed that socket sent everything after it (a callee's BYE) to a port nobody reads.
 *
 * <p>Each direction has its own {@link Impairment} and its own {@link Random} seeded from the relay's seed, and each
 * direction is read by one thread, so the same seed and the same packet order give the same drops. Every decision
 * is counted in {@link Counters}.
 */
public final class ImpairedUdpRelay implements AutoCloseable {

    /**
     * What happens to the datagrams of one direction.
     *
     * @param lossPercent    chance (0-100) that a datagram is dropped
     * @param delayMs        fixed one-way delay
     * @param jitterMs       uniform extra delay in [0, jitterMs]
     * @param reorderPercent chance (0-100) that a datagram is held back {@code reorderHoldMs} longer, so later ones
     *                       overtake it
     * @param reorderHoldMs  how much longer a reordered datagram waits
     */
    public record Impairment(double lossPercent, int delayMs, int jitterMs, double reorderPercent, int reorderHoldMs) {
        public static final Impairment NONE = new Impairment(0, 0, 0, 0, 0);

        public Impairment {
            if (lossPercent < 0 || lossPercent > 100 || reorderPercent < 0 || reorderPercent > 100) {
                throw new IllegalArgumentException("percentages are 0..100");
            }
            if (delayMs < 0 || jitterMs < 0 || reorderHoldMs < 0) {
                throw new IllegalArgumentException("delays are >= 0");
            }
        }

        public static Impairment loss(double percent) {
            return new Impairment(percent, 0, 0, 0, 0);
        }

        public Impairment withDelay(int delay, int jitter) {
            return new Impairment(lossPercent, delay, jitter, reorderPercent, reorderHoldMs);
        }

        public Impairment withReorder(double percent, int holdMs) {
            return new Impairment(lossPercent, delayMs, jitterMs, percent, holdMs);
        }
    }

    /** What one direction did; read at any time. */
    public static final class Counters {
        private final AtomicLong received = new AtomicLong();
        private final AtomicLong dropped = new AtomicLong();
        private final AtomicLong reordered = new AtomicLong();
        private final AtomicLong forwarded = new AtomicLong();

        public long received() {
            return received.get();
        }

        public long dropped() {
            return dropped.get();
        }

        /** Datagrams held back so that later ones could overtake them. */
        public long reordered() {
            return reordered.get();
        }

        /** Datagrams sent on (received minus dropped, once their delay has passed). */
        public long forwarded() {
            return forwarded.get();
        }

        @Override
        public String toString() {
            return "received=" + received() + " dropped=" + dropped() + " reordered=" + reordered() + " forwarded="
                    + forwarded();
        }
    }

    private static final int MAX_DATAGRAM = 65_535;

    private final InetSocketAddress target;
    private final DatagramChannel front;
    private final DatagramChannel back;
    private final ScheduledThreadPoolExecutor timer;
    private final Counters toTargetCounters = new Counters();
    private final Counters fromTargetCounters = new Counters();
    private final Thread toTargetThread;
    private final Thread fromTargetThread;
    private volatile InetSocketAddress peer;
    private volatile boolean closed;

    private ImpairedUdpRelay(
            InetSocketAddress listen, InetSocketAddress target, Impairment toTarget, Impairment fromTarget, long seed)
            throws IOException {
        this.target = target;
        this.front = open(listen);
        this.back = open(new InetSocketAddress(target.getAddress(), 0));
        this.timer = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "impaired-relay-timer"));
        this.timer.setRemoveOnCancelPolicy(true);
        Random toRandom = new Random(seed);
        Random fromRandom = new Random(seed ^ 0x5DEECE66DL);
        this.toTargetThread =
                daemon(() -> pump(front, back, toTarget, toRandom, toTargetCounters, true), "impaired-relay-to-target");
        this.fromTargetThread = daemon(
                () -> pump(back, front, fromTarget, fromRandom, fromTargetCounters, false),
                "impaired-relay-from-target");
        toTargetThread.start();
        fromTargetThread.start();
    }

    /** A relay on a free loopback port toward {@code target}. */
    public static ImpairedUdpRelay start(
            InetSocketAddress target, Impairment toTarget, Impairment fromTarget, long seed) {
        return start(new InetSocketAddress(target.getAddress(), 0), target, toTarget, fromTarget, seed);
    }

    /** A relay listening on {@code listen} (port 0: any free port) toward {@code target}. */
    public static ImpairedUdpRelay start(
            InetSocketAddress listen, InetSocketAddress target, Impairment toTarget, Impairment fromTarget, long seed) {
        try {
            return new ImpairedUdpRelay(listen, target, toTarget, fromTarget, seed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the relay toward " + target, e);
        }
    }

    /** Where peers send instead of to the target. */
    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) front.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return address().getPort();
    }

    public InetSocketAddress target() {
        return target;
    }

    /** Peer to target. */
    public Counters toTarget() {
        return toTargetCounters;
    }

    /** Target back to the peer. */
    public Counters fromTarget() {
        return fromTargetCounters;
    }

    private void pump(
            DatagramChannel in, DatagramChannel out, Impairment imp, Random random, Counters c, boolean toTarget) {
        ByteBuffer buf = ByteBuffer.allocate(MAX_DATAGRAM);
        while (!closed) {
            InetSocketAddress from;
            buf.clear();
            try {
                from = (InetSocketAddress) in.receive(buf);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                continue;
            }
            if (from == null) {
                continue;
            }
            InetSocketAddress to;
            if (toTarget) {
                if (peer == null) {
                    peer = from;
                }
                to = target;
            } else {
                to = peer;
            }
            c.received.incrementAndGet();
            // every datagram draws the same number of random values, so one decision never shifts the next ones
            boolean drop = random.nextDouble() * 100 < imp.lossPercent();
            int jitter = imp.jitterMs() == 0 ? 0 : random.nextInt(imp.jitterMs() + 1);
            boolean reorder = random.nextDouble() * 100 < imp.reorderPercent();
            if (drop || to == null) {
                c.dropped.incrementAndGet();
                continue;
            }
            buf.flip();
            byte[] copy = new byte[buf.remaining()];
            buf.get(copy);
            long delay = imp.delayMs() + jitter + (reorder ? imp.reorderHoldMs() : 0);
            if (reorder) {
                c.reordered.incrementAndGet();
            }
            if (delay == 0) {
                send(out, copy, to, c);
            } else {
                try {
                    timer.schedule(() -> send(out, copy, to, c), delay, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    return; // closing
                }
            }
        }
    }

    private void send(DatagramChannel out, byte[] data, InetSocketAddress to, Counters c) {
        try {
            out.send(ByteBuffer.wrap(data), to);
            c.forwarded.incrementAndGet();
        } catch (IOException e) {
            // closed, or the peer's port is gone: a lost datagram, as on a real path
        }
    }

    private static DatagramChannel open(InetSocketAddress bind) throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        ch.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
        ch.setOption(StandardSocketOptions.SO_SNDBUF, 1 << 20);
        ch.bind(bind);
        return ch;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        timer.shutdownNow();
        try {
            front.close();
            back.close();
            toTargetThread.join(2000);
            fromTargetThread.join(2000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "relay " + address() + " -> " + target + " (to target: " + toTargetCounters + "; back: "
                + fromTargetCounters + ")";
    }
}
