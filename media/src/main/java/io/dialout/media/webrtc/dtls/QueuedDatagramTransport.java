package io.dialout.media.webrtc.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.DatagramTransport;

/**
 * The datagram transport BouncyCastle's DTLS runs over: datagrams arrive from the shared port's demultiplexer
 * (copied into the queue by a reader thread) and leave through the endpoint's sender to the latched address.
 * BouncyCastle's handshake thread blocks in {@link #receive}; {@link #close} releases it at once.
 */
final class QueuedDatagramTransport implements DatagramTransport {
    /** DTLS records must fit an Ethernet-sized path with ICE/UDP/IP overhead; browsers use about 1200 too. */
    static final int SEND_LIMIT = 1200;

    static final int RECEIVE_LIMIT = 1500;
    private static final byte[] CLOSED = new byte[0];

    interface Sender {
        void send(byte[] buf, int off, int len) throws IOException;
    }

    private final ArrayBlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(64);
    private final Sender sender;
    private final HandshakeCpuGate gate;
    private volatile boolean closed;
    /** The handshake thread holds a permit of the gate (handshake thread only). */
    private boolean holding;

    QueuedDatagramTransport(Sender sender) {
        this(sender, null);
    }

    /** @param gate the handshake's CPU gate, released while {@link #receive} waits; null for none */
    QueuedDatagramTransport(Sender sender, HandshakeCpuGate gate) {
        this.sender = sender;
        this.gate = gate;
    }

    /** The handshake starts computing (its thread): takes a permit. */
    void enterCompute() throws java.io.InterruptedIOException {
        if (gate != null && !holding) {
            gate.acquire();
            holding = true;
        }
    }

    /** The handshake ended, either way (its thread): gives the permit back. */
    void leaveCompute() {
        if (gate != null && holding) {
            holding = false;
            gate.release();
        }
    }

    /** Called by a reader thread; drops the datagram when the queue is full (a flood, or nobody is reading). */
    boolean offer(byte[] buf, int off, int len) {
        if (closed) {
            return false;
        }
        byte[] copy = new byte[len];
        System.arraycopy(buf, off, copy, 0, len);
        return queue.offer(copy);
    }

    boolean hasPending() {
        return !queue.isEmpty();
    }

    @Override
    public int getReceiveLimit() {
        return RECEIVE_LIMIT;
    }

    @Override
    public int getSendLimit() {
        return SEND_LIMIT;
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        if (closed) {
            throw new IOException("transport closed");
        }
        byte[] d = queue.poll(); // a flight already here: no need to give the gate's permit back
        if (d == null) {
            boolean held = holding;
            leaveCompute(); // waiting for the peer computes nothing: others may
            try {
                d = queue.poll(Math.max(1, waitMillis), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted");
            } finally {
                if (held) {
                    enterCompute();
                }
            }
        }
        if (d == null) {
            return -1;
        }
        if (d == CLOSED || closed) {
            throw new IOException("transport closed");
        }
        int n = Math.min(len, d.length);
        System.arraycopy(d, 0, buf, off, n);
        return n;
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("transport closed");
        }
        sender.send(buf, off, len);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            queue.clear();
            queue.offer(CLOSED);
        }
    }
}
