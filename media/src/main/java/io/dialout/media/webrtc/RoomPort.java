package io.dialout.media.webrtc;

import io.dialout.media.srtp.SrtpProfile;
import io.dialout.media.srtp.SrtpSession;
import io.dialout.media.webrtc.dtls.DtlsFactory;
import io.dialout.media.webrtc.dtls.DtlsIdentity;
import io.dialout.media.webrtc.stun.Stun;
import io.dialout.media.webrtc.stun.StunMessage;
import io.dialout.media.webrtc.stun.StunWriter;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one UDP port toward every room. Datagrams are demultiplexed to {@link RoomEndpoint}s: STUN by the local ufrag
 * in USERNAME, everything else by the source address that passed a connectivity check (RFC 7983 classes).
 * <p>
 * Reading, two ways. With reader threads ({@link #RoomPort(InetSocketAddress, int, DtlsIdentity)}): {@code
 * readerThreads} sockets bound to the same port with SO_REUSEPORT, one blocking reader thread each; a blocking receive
 * never sleeps while datagrams are queued, so each wake-up drains everything ready with one system call per datagram.
 * Driven by I/O loops ({@link #forLoops}): the sockets are non-blocking and have no thread; each is read by the
 * packet I/O loop that registered its {@link SocketReader}, the same thread that owns the SIP sockets of its calls,
 * so a room packet is relayed without crossing threads. Either way Linux hashes each 4-tuple to one socket, so one
 * browser's packets stay on one thread and in order. Each reader reuses one byte array and one STUN view; the media
 * path allocates nothing per packet.
 * <p>
 * DTLS handshakes run on a small shared pool (BouncyCastle blocks a thread per handshake); a timer thread checks
 * connect and consent deadlines every {@value #TICK_MILLIS} ms.
 */
public final class RoomPort implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RoomPort.class.getName());
    static final int TICK_MILLIS = 100;
    private static final int RECEIVE_BUFFER = 2048;
    private static final int HANDSHAKE_THREADS = 16;
    private static final int MAX_ADDRESSES_PER_ENDPOINT = 8;

    private final List<DatagramChannel> channels = new ArrayList<>();
    private final List<Thread> readers = new ArrayList<>();
    private final List<SocketReader> socketReaders = new ArrayList<>();
    private final Map<String, RoomEndpoint> byUfrag = new ConcurrentHashMap<>();
    private final Map<InetSocketAddress, RoomEndpoint> byAddress = new ConcurrentHashMap<>();
    private final Map<RoomEndpoint, List<InetSocketAddress>> addressesOf = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor handshakePool;
    private final ScheduledExecutorService timer;
    private final DtlsFactory dtlsFactory;
    private final int port;
    private final InetSocketAddress localAddress;
    private final AtomicLong unknownDatagrams = new AtomicLong();
    private final java.util.concurrent.atomic.LongAdder datagrams = new java.util.concurrent.atomic.LongAdder();
    private volatile boolean closed;

    /**
     * Binds the port and starts the reader threads.
     *
     * @param bind          address and port (0 = any free port)
     * @param readerThreads sockets/threads sharing the port; more than one needs SO_REUSEPORT (Linux), else one
     * @param identity      our DTLS certificate, the same for every call
     */
    public RoomPort(InetSocketAddress bind, int readerThreads, DtlsIdentity identity) throws IOException {
        this(bind, readerThreads, identity, new SrtpProfile[0]);
    }

    /**
     * As above with an explicit DTLS-SRTP profile preference (first = most preferred); empty means the default,
     * AEAD_AES_128_GCM then AES_CM_128_HMAC_SHA1_80.
     */
    public RoomPort(InetSocketAddress bind, int readerThreads, DtlsIdentity identity, SrtpProfile... srtpPreference)
            throws IOException {
        this(bind, readerThreads, true, identity, srtpPreference);
    }

    /**
     * A port whose {@code sockets} (SO_REUSEPORT where there are several) are read by packet I/O loops rather than
     * threads of its own: register each of {@link #socketReaders()} with a loop's selector and call its
     * {@link SocketReader#readReady} when the socket is readable. Empty {@code srtpPreference}: the default.
     */
    public static RoomPort forLoops(
            InetSocketAddress bind, int sockets, DtlsIdentity identity, SrtpProfile... srtpPreference)
            throws IOException {
        return new RoomPort(bind, sockets, false, identity, srtpPreference);
    }

    private RoomPort(
            InetSocketAddress bind,
            int readerThreads,
            boolean ownThreads,
            DtlsIdentity identity,
            SrtpProfile... srtpPreference)
            throws IOException {
        if (readerThreads < 1) {
            throw new IllegalArgumentException("readerThreads must be >= 1");
        }
        StandardProtocolFamily family = bind.getAddress() instanceof java.net.Inet6Address
                ? StandardProtocolFamily.INET6
                : StandardProtocolFamily.INET;
        DatagramChannel first = DatagramChannel.open(family);
        boolean reusePort = readerThreads > 1 && first.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
        try {
            if (reusePort) {
                bind = claim(bind, family);
            }
            configure(first, reusePort, ownThreads);
            first.bind(bind);
        } catch (IOException e) {
            first.close();
            throw e;
        }
        channels.add(first);
        localAddress = (InetSocketAddress) first.getLocalAddress();
        port = localAddress.getPort();
        int n = reusePort ? readerThreads : 1;
        try {
            for (int i = 1; i < n; i++) {
                DatagramChannel ch = DatagramChannel.open(family);
                channels.add(ch);
                configure(ch, true, ownThreads);
                ch.bind(localAddress);
            }
        } catch (IOException e) {
            for (DatagramChannel ch : channels) {
                ch.close();
            }
            throw e;
        }
        AtomicInteger threadNo = new AtomicInteger();
        handshakePool = new ThreadPoolExecutor(
                HANDSHAKE_THREADS, HANDSHAKE_THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    // Below the I/O loops: a burst of handshakes must not delay the media of the calls already up.
                    // Linux applies it when the JVM maps priorities (-XX:ThreadPriorityPolicy=1, as the image does).
                    Thread t = daemon(r, "room-dtls-" + port + "-" + threadNo.incrementAndGet());
                    t.setPriority(Thread.MIN_PRIORITY);
                    return t;
                });
        handshakePool.allowCoreThreadTimeOut(true);
        dtlsFactory = srtpPreference.length == 0
                ? new DtlsFactory(identity, handshakePool)
                : new DtlsFactory(identity, handshakePool, srtpPreference);
        handshakePool.execute(SrtpSession::warmUp);
        timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "room-timer-" + port));
        timer.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        for (int i = 0; i < channels.size(); i++) {
            DatagramChannel ch = channels.get(i);
            if (ownThreads) {
                Thread t = daemon(() -> readLoop(ch), "room-reader-" + port + "-" + i);
                readers.add(t);
                t.start();
            } else {
                socketReaders.add(new SocketReader(ch));
            }
        }
        LOG.log(
                Level.INFO,
                () -> String.format(
                        "room port %s open with %s socket(s)%s, read by %s",
                        localAddress,
                        channels.size(),
                        reusePort ? " (SO_REUSEPORT)" : "",
                        ownThreads ? "reader threads" : "the packet I/O loops"));
    }

    /**
     * Makes sure no other socket holds the port before our SO_REUSEPORT sockets bind it, and picks the port when 0 was
     * asked. Linux lets any socket of the same user with SO_REUSEPORT join a port's group and then hashes each source
     * among all of them: a second gateway (a stale one, or another on the same host with the same configured port)
     * would bind without an error and take part of this one's rooms' packets, and those calls would fail for no
     * visible reason. A plain bind, without SO_REUSEPORT, fails while any other socket has the port, so it is tried
     * first and released at once (a socket that takes the port in the few microseconds between is not caught).
     */
    private static InetSocketAddress claim(InetSocketAddress bind, StandardProtocolFamily family) throws IOException {
        try (DatagramChannel probe = DatagramChannel.open(family)) {
            try {
                probe.bind(bind);
            } catch (java.net.BindException e) {
                java.net.BindException inUse = new java.net.BindException("room port " + bind
                        + " is already in use by another socket (another gateway?): " + e.getMessage());
                inUse.initCause(e);
                throw inUse;
            }
            return new InetSocketAddress(bind.getAddress(), ((InetSocketAddress) probe.getLocalAddress()).getPort());
        }
    }

    private static void configure(DatagramChannel ch, boolean reusePort, boolean blocking) throws IOException {
        if (reusePort) {
            ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        }
        // Room for a burst of video from many calls while a reader is briefly descheduled.
        ch.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
        ch.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
        ch.configureBlocking(blocking);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public int port() {
        return port;
    }

    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /**
     * The sockets' readers for I/O loops (one per socket; fewer than asked for when SO_REUSEPORT is unavailable);
     * empty when the port reads with threads of its own.
     */
    public List<SocketReader> socketReaders() {
        return List.copyOf(socketReaders);
    }

    /** Number of reader sockets actually in use (1 when SO_REUSEPORT is unavailable). */
    public int readerSockets() {
        return channels.size();
    }

    public int endpoints() {
        return byUfrag.size();
    }

    /** Datagrams read from the port, all kinds. */
    public long datagramsReceived() {
        return datagrams.sum();
    }

    /** Datagrams that matched no endpoint (unknown ufrag or unvalidated source). */
    public long unknownDatagrams() {
        return unknownDatagrams.get();
    }

    DtlsFactory dtlsFactory() {
        return dtlsFactory;
    }

    /**
     * Registers a call's endpoint under its local ufrag.
     *
     * @throws IllegalStateException when the port is closed or the ufrag is taken
     */
    public RoomEndpoint open(RoomEndpoint.Config config, RoomEndpoint.Handler handler) {
        if (closed) {
            throw new IllegalStateException("room port closed");
        }
        RoomEndpoint ep = new RoomEndpoint(this, config, handler);
        if (byUfrag.putIfAbsent(config.localUfrag(), ep) != null) {
            throw new IllegalStateException("ufrag already in use: " + config.localUfrag());
        }
        return ep;
    }

    /** A check from {@code from} passed: route its non-STUN datagrams to {@code ep} from now on. */
    void bindAddress(InetSocketAddress from, RoomEndpoint ep) {
        RoomEndpoint previous = byAddress.get(from);
        if (previous == ep) {
            return;
        }
        List<InetSocketAddress> list = addressesOf.computeIfAbsent(ep, k -> new ArrayList<>());
        synchronized (list) {
            if (ep.isClosed()) {
                return;
            }
            if (list.size() >= MAX_ADDRESSES_PER_ENDPOINT) {
                byAddress.remove(list.remove(0), ep);
            }
            list.add(from);
            byAddress.put(from, ep);
        }
        if (previous != null) {
            // The address moved to another call (a browser reused its port): the newest valid check wins.
            List<InetSocketAddress> old = addressesOf.get(previous);
            if (old != null) {
                synchronized (old) {
                    old.remove(from);
                }
            }
        }
    }

    void unregister(RoomEndpoint ep) {
        byUfrag.remove(ep.localUfrag(), ep);
        List<InetSocketAddress> list = addressesOf.remove(ep);
        if (list != null) {
            synchronized (list) {
                for (InetSocketAddress a : list) {
                    byAddress.remove(a, ep);
                }
            }
        }
    }

    private void tick() {
        long now = System.nanoTime();
        for (RoomEndpoint ep : byUfrag.values()) {
            try {
                ep.tick(now);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, () -> String.format("timer failed for %s", ep), e);
            }
        }
    }

    /** Per-reader reusable objects for answering STUN. */
    static final class ReaderScratch {
        final byte[] out = new byte[512];
        final ByteBuffer outBuffer = ByteBuffer.wrap(out);
        final StunWriter writer = new StunWriter();

        void send(DatagramChannel ch, InetSocketAddress to) {
            outBuffer.clear().limit(writer.length());
            try {
                ch.send(outBuffer, to);
            } catch (IOException e) {
                // a lost response: the browser retransmits its check
            }
        }
    }

    /**
     * One non-blocking socket of a {@link #forLoops} port and the scratch space to read it, for the one I/O loop
     * that registered it. Not thread-safe: {@link #readReady} is called by that loop only.
     */
    public final class SocketReader {
        private final DatagramChannel channel;
        private final byte[] buf = new byte[RECEIVE_BUFFER];
        private final ByteBuffer bb = ByteBuffer.wrap(buf);
        private final StunMessage stun = new StunMessage();
        private final ReaderScratch scratch = new ReaderScratch();

        SocketReader(DatagramChannel channel) {
            this.channel = channel;
        }

        public DatagramChannel channel() {
            return channel;
        }

        /**
         * Reads and dispatches the datagrams queued on the socket, at most {@code max}; the endpoints' handlers run
         * on the calling thread. Returns how many were read: {@code max} means more may be waiting (the selector
         * reports the socket again).
         */
        public int readReady(int max) {
            int n = 0;
            while (n < max && !closed) {
                InetSocketAddress from;
                bb.clear();
                try {
                    from = (InetSocketAddress) channel.receive(bb);
                } catch (IOException e) {
                    if (!closed) {
                        LOG.log(Level.DEBUG, () -> String.format("receive failed on room port %s", port), e);
                    }
                    return n;
                }
                if (from == null) {
                    return n; // drained
                }
                n++;
                datagrams.increment();
                try {
                    dispatch(buf, bb.position(), from, channel, stun, scratch);
                } catch (RuntimeException e) {
                    LOG.log(
                            Level.WARNING,
                            () -> String.format("dropping a datagram from %s that failed processing", from),
                            e);
                }
            }
            return n;
        }
    }

    private void readLoop(DatagramChannel ch) {
        byte[] buf = new byte[RECEIVE_BUFFER];
        ByteBuffer bb = ByteBuffer.wrap(buf);
        StunMessage stun = new StunMessage();
        ReaderScratch scratch = new ReaderScratch();
        while (!closed) {
            InetSocketAddress from;
            bb.clear();
            try {
                from = (InetSocketAddress) ch.receive(bb);
            } catch (ClosedChannelException e) {
                break;
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.DEBUG, () -> String.format("receive failed on room port %s", port), e);
                }
                continue;
            }
            if (from == null) {
                continue;
            }
            datagrams.increment();
            try {
                dispatch(buf, bb.position(), from, ch, stun, scratch);
            } catch (RuntimeException e) {
                LOG.log(
                        Level.WARNING,
                        () -> String.format("dropping a datagram from %s that failed processing", from),
                        e);
            }
        }
    }

    private void dispatch(
            byte[] buf, int len, InetSocketAddress from, DatagramChannel ch, StunMessage stun, ReaderScratch scratch) {
        PacketClass kind = PacketClass.of(buf, 0, len);
        if (kind == PacketClass.STUN) {
            if (!stun.wrap(buf, 0, len) || stun.type() != Stun.BINDING_REQUEST) {
                return; // a lite agent sends no requests, so responses and indications are not for us
            }
            String ufrag = stun.usernameLocalFragment();
            RoomEndpoint ep = ufrag == null ? null : byUfrag.get(ufrag);
            if (ep == null) {
                unknownDatagrams.incrementAndGet();
                return;
            }
            ep.onStunRequest(stun, from, ch, scratch);
            return;
        }
        RoomEndpoint ep = byAddress.get(from);
        if (ep == null) {
            unknownDatagrams.incrementAndGet();
            return;
        }
        switch (kind) {
            case DTLS -> ep.onDtls(buf, 0, len);
            case RTP -> ep.onMedia(buf, 0, len, false);
            case RTCP -> ep.onMedia(buf, 0, len, true);
            default -> {}
        }
    }

    /** Closes every endpoint (without callbacks), the sockets and the threads. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (RoomEndpoint ep : List.copyOf(byUfrag.values())) {
            ep.close();
        }
        timer.shutdownNow();
        for (DatagramChannel ch : channels) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        for (Thread t : readers) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        handshakePool.shutdownNow();
        try {
            handshakePool.awaitTermination(2, TimeUnit.SECONDS);
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
