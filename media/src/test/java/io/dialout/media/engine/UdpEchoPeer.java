package io.dialout.media.engine;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An RTP echo over a real UDP socket, for tests where SIP signalling is not the subject (the same thing sipp's
 * -rtp_echo does: every datagram goes back to its source). Optionally shows each packet to an observer first.
 */
final class UdpEchoPeer implements AutoCloseable {
    private final DatagramSocket socket;
    private final Thread thread;
    private final AtomicInteger echoed = new AtomicInteger();
    private volatile boolean echoing = true;
    private volatile Consumer<DatagramPacket> observer = p -> {};

    UdpEchoPeer() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(this::run, "udp-echo-" + socket.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
    }

    int echoed() {
        return echoed.get();
    }

    /** Stops echoing (the peer goes silent) while still reading. */
    void mute() {
        echoing = false;
    }

    void observe(Consumer<DatagramPacket> o) {
        observer = o;
    }

    private void run() {
        byte[] b = new byte[2048];
        DatagramPacket p = new DatagramPacket(b, b.length);
        while (!socket.isClosed()) {
            try {
                p.setData(b);
                socket.receive(p);
                observer.accept(p);
                if (echoing) {
                    socket.send(p);
                    echoed.incrementAndGet();
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join(2000);
    }
}
