package io.dialout.demo.media;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;

/**
 * Binds RTP/RTCP socket pairs: an even port and the next odd one from the configured range (RFC 3550 section 11),
 * walking the range round-robin so a just-freed pair is not reused at once; or two ephemeral ports when no range is
 * configured (the answer then names the RTCP port with a=rtcp, RFC 3605).
 */
public final class RtpPorts {
    private final InetAddress address;
    private final int min;
    private final int max;
    private int next;

    /** {@code min == max == 0}: ephemeral ports. */
    public RtpPorts(InetAddress address, int min, int max) {
        this.address = address;
        this.min = (min & 1) == 0 ? min : min + 1;
        this.max = max;
        this.next = this.min;
    }

    /** @throws IOException when every pair of the range is taken */
    public synchronized PortPair allocate() throws IOException {
        if (min == 0 && max == 0) {
            DatagramChannel rtp = open(0);
            try {
                return new PortPair(rtp, open(0));
            } catch (IOException e) {
                rtp.close();
                throw e;
            }
        }
        int pairs = Math.max(1, (max - min + 1) / 2);
        for (int i = 0; i < pairs; i++) {
            int port = next;
            next = next + 2 > max - 1 ? min : next + 2;
            DatagramChannel rtp = tryOpen(port);
            if (rtp == null) {
                continue;
            }
            DatagramChannel rtcp = tryOpen(port + 1);
            if (rtcp == null) {
                rtp.close();
                continue;
            }
            return new PortPair(rtp, rtcp);
        }
        throw new IOException("no free RTP port pair in " + min + "-" + max);
    }

    private DatagramChannel tryOpen(int port) {
        try {
            return open(port);
        } catch (IOException taken) {
            return null;
        }
    }

    private DatagramChannel open(int port) throws IOException {
        DatagramChannel c = DatagramChannel.open();
        try {
            c.bind(new InetSocketAddress(address, port));
            c.configureBlocking(false);
            return c;
        } catch (IOException e) {
            c.close();
            throw e;
        }
    }
}
