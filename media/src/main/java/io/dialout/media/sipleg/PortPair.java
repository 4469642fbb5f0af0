package io.dialout.media.sipleg;

import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicBoolean;

/** One bound RTP/RTCP pair of a call; {@link #close()} unbinds it and returns it to its pool, once. */
public final class PortPair implements AutoCloseable {
    private final PortPairPool pool;
    private final int rtpPort;
    private final DatagramChannel rtp;
    private final DatagramChannel rtcp;
    private final AtomicBoolean closed = new AtomicBoolean();

    PortPair(PortPairPool pool, int rtpPort, DatagramChannel rtp, DatagramChannel rtcp) {
        this.pool = pool;
        this.rtpPort = rtpPort;
        this.rtp = rtp;
        this.rtcp = rtcp;
    }

    public int rtpPort() {
        return rtpPort;
    }

    public int rtcpPort() {
        return rtpPort + 1;
    }

    public DatagramChannel rtp() {
        return rtp;
    }

    public DatagramChannel rtcp() {
        return rtcp;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            PortPairPool.closeQuietly(rtp);
            PortPairPool.closeQuietly(rtcp);
            pool.release(rtpPort); // only after the sockets are closed, so the next owner can bind them
        }
    }
}
