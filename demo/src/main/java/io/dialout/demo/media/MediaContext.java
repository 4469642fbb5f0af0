package io.dialout.demo.media;

import java.io.IOException;
import java.net.InetAddress;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every call's media shares: the selector thread that reads all sockets, the scheduler thread that paces
 * senders, and the RTP port range. Owned and closed by the endpoint.
 */
public final class MediaContext implements AutoCloseable {
    private final MediaLoop loop;
    private final ScheduledExecutorService scheduler;
    private final RtpPorts ports;
    private final String address;

    public MediaContext(String bindAddress, int rtpPortMin, int rtpPortMax, ScheduledExecutorService scheduler)
            throws IOException {
        this.address = bindAddress;
        this.ports = new RtpPorts(InetAddress.getByName(bindAddress), rtpPortMin, rtpPortMax);
        this.scheduler = scheduler;
        this.loop = new MediaLoop("demo-rtp");
    }

    MediaLoop loop() {
        return loop;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    RtpPorts ports() {
        return ports;
    }

    /** The address written in SDP answers. */
    public String address() {
        return address;
    }

    @Override
    public void close() {
        loop.close();
    }
}
