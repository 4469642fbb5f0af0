package io.dialout.gateway.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A far end's RTP port played by the test: counts the packets the gateway sends to it, keeps the payloads of one
 * payload type for a tone check, and echoes every packet to its sender (so the gateway hears media, as from sipp's
 * rtp_echo). One reader thread, stopped by {@link #close()}.
 */
final class RtpSocket implements AutoCloseable {

    private final DatagramSocket socket;
    private final int keptPayloadType;
    private final AtomicLong packets = new AtomicLong();
    private final AtomicLong kept = new AtomicLong();
    private final ByteArrayOutputStream payloads = new ByteArrayOutputStream();
    private final Thread reader;

    RtpSocket(int port, int keptPayloadType) throws SocketException {
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        this.keptPayloadType = keptPayloadType;
        this.reader = new Thread(this::read, "rtp-socket-" + port);
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        while (!socket.isClosed()) {
            try {
                socket.receive(p);
                int len = p.getLength();
                if (len < 12 || (buf[0] & 0xc0) != 0x80) {
                    continue; // not RTP (version 2)
                }
                packets.incrementAndGet();
                if ((buf[1] & 0x7f) == keptPayloadType) {
                    int header = 12 + 4 * (buf[0] & 0x0f);
                    synchronized (payloads) {
                        payloads.write(buf, header, len - header);
                    }
                    kept.incrementAndGet();
                }
                socket.send(new DatagramPacket(buf, len, p.getSocketAddress()));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    long packets() {
        return packets.get();
    }

    /** Packets of the kept payload type. */
    long kept() {
        return kept.get();
    }

    byte[] keptPayloads() {
        synchronized (payloads) {
            return payloads.toByteArray();
        }
    }

    /** Waits until {@code probe} reaches {@code atLeast} packets; fails with {@code what} after the timeout. */
    static void awaitAtLeast(java.util.function.LongSupplier probe, long atLeast, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (probe.getAsLong() < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": " + probe.getAsLong() + " of " + atLeast + " packets");
            }
            Thread.sleep(20); // polling a packet counter: there is no event to wait on
        }
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        reader.join(2000);
    }
}
