package io.dialout.media.webrtc;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link RoomEndpoint.Handler} that records what the endpoint reports, for tests to wait on. */
class RecordingHandler implements RoomEndpoint.Handler {
    final CountDownLatch connected = new CountDownLatch(1);
    final CompletableFuture<String> failed = new CompletableFuture<>();
    final AtomicInteger connectedCalls = new AtomicInteger();
    final AtomicInteger failedCalls = new AtomicInteger();
    final AtomicInteger rtp = new AtomicInteger();
    final AtomicInteger rtcp = new AtomicInteger();
    volatile byte[] lastRtp;
    volatile long connectedNanos;
    volatile long failedNanos;
    volatile byte[] lastRtcp;

    @Override
    public void connected() {
        connectedNanos = System.nanoTime();
        connectedCalls.incrementAndGet();
        connected.countDown();
    }

    @Override
    public void failed(String reason) {
        failedNanos = System.nanoTime();
        failedCalls.incrementAndGet();
        failed.complete(reason);
    }

    @Override
    public void rtp(byte[] buf, int off, int len) {
        lastRtp = Arrays.copyOfRange(buf, off, off + len);
        rtp.incrementAndGet();
    }

    @Override
    public void rtcp(byte[] buf, int off, int len) {
        lastRtcp = Arrays.copyOfRange(buf, off, off + len);
        rtcp.incrementAndGet();
    }
}
