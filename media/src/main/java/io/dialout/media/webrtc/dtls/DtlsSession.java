package io.dialout.media.webrtc.dtls;

import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;

/**
 * One DTLS-SRTP association toward a room. The handshake blocks a thread inside BouncyCastle (which also owns the
 * retransmission timers), so it runs on the shared handshake pool, never on a reader thread. After the handshake the
 * few DTLS records that still arrive (a retransmitted final flight, close_notify, SCTP data we do not use) are
 * processed by short pool tasks; application data is dropped.
 */
public final class DtlsSession {
    /**
     * Outcome of the association: either {@code dtlsConnected} or {@code dtlsFailed} once; after a connection,
     * {@code dtlsFailed} may still come once more when the peer closes the association (close_notify) or it breaks.
     */
    public interface Listener {
        void dtlsConnected(DtlsSrtpKeys keys);

        void dtlsFailed(String reason);
    }

    /** Sends one datagram to the peer. */
    public interface Sender {
        void send(byte[] buf, int off, int len) throws IOException;
    }

    private final boolean server;
    private final DtlsPeerSupport support;
    private final QueuedDatagramTransport transport;
    private final Executor executor;
    private final Listener listener;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean reported = new AtomicBoolean();
    private final AtomicBoolean closeReported = new AtomicBoolean();
    private volatile DTLSTransport established;
    private volatile boolean closed;

    DtlsSession(boolean server, DtlsPeerSupport support, Sender sender, Executor executor, Listener listener) {
        this(server, support, sender, executor, listener, null);
    }

    DtlsSession(
            boolean server,
            DtlsPeerSupport support,
            Sender sender,
            Executor executor,
            Listener listener,
            HandshakeCpuGate gate) {
        this.server = server;
        this.support = support;
        this.transport = new QueuedDatagramTransport(sender::send, gate);
        this.executor = executor;
        this.listener = listener;
    }

    public boolean isServer() {
        return server;
    }

    public boolean isStarted() {
        return started.get();
    }

    public boolean isEstablished() {
        return established != null;
    }

    /** Starts the handshake on the pool (once). The server starts on the first ClientHello, the client on ICE up. */
    public void start() {
        if (closed || !started.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(this::handshake);
        } catch (RejectedExecutionException e) {
            fail("dtls handshake pool closed");
        }
    }

    /** A DTLS datagram from the peer (reader thread): copied and queued for BouncyCastle. */
    public void deliver(byte[] buf, int off, int len) {
        if (closed || !transport.offer(buf, off, len)) {
            return;
        }
        if (established != null && draining.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                draining.set(false);
            }
        }
    }

    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        DTLSTransport t = established;
        if (t != null) {
            try {
                t.close(); // sends close_notify (RFC 5246 section 7.2.1), so the room learns at once
            } catch (IOException | RuntimeException ignored) {
                // the peer may be gone already
            }
        }
        transport.close();
    }

    private void handshake() {
        try {
            transport.enterCompute();
            DTLSTransport t;
            if (server) {
                DTLSServerProtocol protocol = new DTLSServerProtocol();
                // ICE connectivity checks already proved the peer owns its address: skip the cookie round trip.
                protocol.setVerifyRequests(false);
                t = protocol.accept(new DtlsSrtpServer(support), transport);
            } else {
                t = new DTLSClientProtocol().connect(new DtlsSrtpClient(support), transport);
            }
            if (closed) {
                t.close();
                return;
            }
            established = t;
            if (reported.compareAndSet(false, true)) {
                listener.dtlsConnected(support.keys);
            }
            if (transport.hasPending() && draining.compareAndSet(false, true)) {
                drain();
            }
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                String reason = support.failure != null ? support.failure : "dtls handshake failed: " + e.getMessage();
                fail(reason);
            }
        } finally {
            transport.leaveCompute();
        }
    }

    /** Post-handshake records: lets BouncyCastle answer a retransmitted flight and notice close_notify. */
    private void drain() {
        byte[] scratch = new byte[QueuedDatagramTransport.RECEIVE_LIMIT];
        try {
            do {
                while (!closed && transport.hasPending()) {
                    int n = established.receive(scratch, 0, scratch.length, 1);
                    if (n < 0 && support.failure != null) {
                        fail(support.failure);
                        return;
                    }
                    // n >= 0: application data (SCTP); the gateway has no data channels, so it is dropped.
                }
                draining.set(false);
            } while (!closed && transport.hasPending() && draining.compareAndSet(false, true));
        } catch (IOException | RuntimeException e) {
            draining.set(false);
            if (!closed) {
                fail(support.failure != null ? support.failure : "dtls failed: " + e.getMessage());
            }
        }
    }

    private void fail(String reason) {
        transport.close();
        AtomicBoolean once = established == null ? reported : closeReported;
        boolean first = once.compareAndSet(false, true);
        if (first) {
            listener.dtlsFailed(reason);
        }
    }
}
