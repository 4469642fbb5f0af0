package io.dialout.gateway.sip;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** The user agent's port (one for UDP and TCP) and the daemon threads of its pools. */
final class UserAgentResources {

    private UserAgentResources() {}

    /** A port free for both UDP and TCP on {@code bind}, since both listening points share it. */
    static int freePort(String bind) throws IOException {
        InetAddress address = InetAddress.getByName(bind);
        for (int i = 0; i < 50; i++) {
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(address, 0))) {
                int port = udp.getLocalPort();
                try (ServerSocket tcp = new ServerSocket(port, 1, address)) {
                    return tcp.getLocalPort();
                } catch (IOException busy) {
                    // TCP side taken: try another
                }
            }
        }
        throw new IOException("no port free for both UDP and TCP on " + bind);
    }

    static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
