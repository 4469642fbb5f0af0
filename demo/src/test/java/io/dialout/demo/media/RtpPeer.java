package io.dialout.demo.media;

import io.dialout.media.rtp.RtpPacket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;

/** The test's end of an RTP stream: a UDP socket on an ephemeral loopback port that sends and receives RTP. */
public final class RtpPeer implements AutoCloseable {
    final DatagramSocket socket;

    public RtpPeer() {
        try {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return socket.getLocalPort();
    }

    public void send(int port, boolean marker, int pt, int seq, long ts, long ssrc, byte[] payload) {
        byte[] b = new byte[12 + payload.length];
        RtpPacket.writeHeader(b, 0, marker, pt, seq, ts, ssrc);
        System.arraycopy(payload, 0, b, 12, payload.length);
        sendRaw(port, b);
    }

    public void sendRaw(int port, byte[] b) {
        try {
            socket.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next datagram as an RTP view over a copy, or null when none comes within {@code timeout}. */
    public RtpPacket receive(Duration timeout) {
        byte[] raw = receiveRaw(timeout);
        return raw == null ? null : RtpPacket.of(raw, 0, raw.length);
    }

    public byte[] receiveRaw(Duration timeout) {
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            socket.receive(p);
            return Arrays.copyOf(buf, p.getLength());
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] payload(RtpPacket p) {
        return Arrays.copyOfRange(p.buffer(), p.payloadOffset(), p.payloadOffset() + p.payloadLength());
    }

    @Override
    public void close() {
        socket.close();
    }
}
