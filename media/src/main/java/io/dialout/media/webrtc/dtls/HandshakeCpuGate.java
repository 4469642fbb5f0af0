package io.dialout.media.webrtc.dtls;

import java.io.InterruptedIOException;
import java.util.concurrent.Semaphore;

/**
 * Bounds how many DTLS handshakes compute at once. BouncyCastle runs a handshake on a blocking thread, and the pool
 * has many threads so that handshakes waiting for the network do not hold each other up; but while a burst of new
 * calls computes its ECDHE and ECDSA work, the scheduler shares the cores between every runnable handshake thread and
 * the packet I/O loops, so the media of the calls already up waited seconds (measured: 1.7 s round-trip p99 at 200
 * calls on one core during a 100 calls/s ramp). A handshake holds a permit while it computes and gives it back while
 * it waits for the peer's next flight ({@link QueuedDatagramTransport#receive}), so at most {@code permits} handshake
 * threads compete with the I/O loops, whatever the burst.
 */
final class HandshakeCpuGate {

    private final Semaphore permits;

    HandshakeCpuGate(int permits) {
        this.permits = new Semaphore(Math.max(1, permits), true);
    }

    /** Half the cores the JVM may use (at least one): the other half stays for the I/O loops. */
    static HandshakeCpuGate forThisMachine() {
        return new HandshakeCpuGate(Runtime.getRuntime().availableProcessors() / 2);
    }

    void acquire() throws InterruptedIOException {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for the handshake CPU gate");
        }
    }

    void release() {
        permits.release();
    }

    int available() {
        return permits.availablePermits();
    }
}
