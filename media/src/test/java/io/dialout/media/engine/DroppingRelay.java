package io.dialout.media.engine;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UDP relay between a SIP peer and the gateway that impairs one way on purpose: every {@code dropEvery}-th RTP
 * packet from the peer is dropped (and counted), RTCP passes. One relay per port (RTP or RTCP): side A faces the peer
 * (its port goes into the offer the peer sees), side B the gateway (its port into the answer the gateway sees).
 */
final class DroppingRelay implements AutoCloseable {
    private final DatagramSocket a;
    private final DatagramSocket b;
    private final InetSocketAddress gateway;
    private final int dropEvery;
    private volatile SocketAddress peer;
    final AtomicLong fromPeer = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    private final Thread[] threads = new Thread[2];

    DroppingRelay(int portA, int portB, InetSocketAddress gateway, int dropEvery) throws SocketException {
        InetAddress lo = InetAddress.getLoopbackAddress();
        this.a = new DatagramSocket(new InetSocketAddress(lo, portA));
        this.b = new DatagramSocket(new InetSocketAddress(lo, portB));
        this.gateway = gateway;
        this.dropEvery = dropEvery;
        threads[0] = new Thread(() -> pump(a, true), "relay-from-peer-" + portA);
        threads[1] = new Thread(() -> pump(b, false), "relay-from-gateway-" + portB);
        for (Thread t : threads) {
            t.setDaemon(true);
            t.start();
        }
    }

    private void pump(DatagramSocket in, boolean isPeerSide) {
        byte[] buf = new byte[2048];
        while (!in.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                in.receive(p);
                if (isPeerSide) {
                    peer = p.getSocketAddress();
                    long n = fromPeer.incrementAndGet();
                    if (dropEvery > 0 && n % dropEvery == 0) {
                        dropped.incrementAndGet();
                        continue;
                    }
                    b.send(new DatagramPacket(buf, p.getLength(), gateway));
                } else if (peer != null) {
                    a.send(new DatagramPacket(buf, p.getLength(), peer));
                }
            } catch (IOException closed) {
                return;
            }
        }
    }

    @Override
    public void close() {
        a.close();
        b.close();
    }
}
