package io.dialout.demo.media;

import io.dialout.media.Direction;
import io.dialout.media.rtp.RtpPacket;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * Loops RTP and RTCP back to wherever they came from (symmetric RTP, RFC 4961), on the socket they arrived on, with
 * the demo's own SSRC and a continuous sequence/timestamp space. Codec-agnostic: payloads are never decoded, so
 * audio, DTMF events and video all come back as sent. Runs entirely on the selector thread.
 */
final class EchoStream implements MediaStream {
    private final PortPair ports;
    private final long ownSsrc;
    private final SsrcRewriter rewriter;
    private final RtpPacket view = new RtpPacket();
    private volatile boolean sending;
    private volatile boolean closed;
    private volatile long received;
    private volatile long sent;

    EchoStream(MediaLoop loop, PortPair ports, long ownSsrc, int clockRate, Direction direction) {
        this.ports = ports;
        this.ownSsrc = ownSsrc;
        this.rewriter = new SsrcRewriter(ownSsrc, clockRate);
        this.sending = direction.sends();
        loop.register(ports.rtp(), this::onRtp);
        loop.register(ports.rtcp(), this::onRtcp);
    }

    private void onRtp(DatagramChannel ch, byte[] buf, int len, SocketAddress from) {
        if (RtpPacket.looksLikeRtcp(buf, 0, len)) {
            onRtcp(ch, buf, len, from); // rtcp-mux (RFC 5761 section 4)
            return;
        }
        if (closed || !view.wrap(buf, 0, len)) {
            return;
        }
        received++;
        if (!sending) {
            return;
        }
        rewriter.rewrite(view, System.nanoTime());
        send(ch, buf, len, from);
    }

    private void onRtcp(DatagramChannel ch, byte[] buf, int len, SocketAddress from) {
        if (closed || !sending) {
            return;
        }
        if (RtcpSsrcMirror.mirror(buf, 0, len, rewriter.incomingSsrc(), ownSsrc, rewriter.timestampDelta())) {
            try {
                ch.send(ByteBuffer.wrap(buf, 0, len), from);
            } catch (IOException ignored) {
                // a lost RTCP packet is harmless
            }
        }
    }

    private void send(DatagramChannel ch, byte[] buf, int len, SocketAddress to) {
        try {
            if (ch.send(ByteBuffer.wrap(buf, 0, len), to) > 0) {
                sent++;
            }
        } catch (IOException ignored) {
            // like loss on the wire: the caller's jitter buffer copes
        }
    }

    @Override
    public void setDirection(Direction d) {
        boolean was = sending;
        sending = d.sends();
        if (sending && !was) {
            rewriter.resync(); // resume: continue numbering where the echo stopped
        }
    }

    @Override
    public PortPair ports() {
        return ports;
    }

    @Override
    public long packetsReceived() {
        return received;
    }

    @Override
    public long packetsSent() {
        return sent;
    }

    @Override
    public void close() {
        closed = true;
        sending = false;
    }
}
