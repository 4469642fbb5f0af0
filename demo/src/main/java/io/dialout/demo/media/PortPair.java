package io.dialout.demo.media;

import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;

/** The RTP and RTCP sockets of one stream (RFC 3550 section 11: RTCP on its own port). */
public record PortPair(DatagramChannel rtp, DatagramChannel rtcp) {

    public int rtpPort() {
        return port(rtp);
    }

    public int rtcpPort() {
        return port(rtcp);
    }

    private static int port(DatagramChannel c) {
        try {
            return ((InetSocketAddress) c.getLocalAddress()).getPort();
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
