package io.dialout.media.sipleg;

import io.dialout.media.rtp.RtcpReader;
import io.dialout.media.rtp.RtpPacket;
import io.dialout.media.srtp.SrtpTransform;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * The RTP/RTCP sockets of one call toward SIP. Symmetric RTP (RFC 4961): we send from the ports we receive on, to
 * the latched source or, before anything arrived, to the address from the SDP answer. A packet is accepted from a
 * new source only when it parses as RTP with a payload type we negotiated and, for SRTP, authenticates; once latched,
 * only a strong signal moves the latch ({@link RemoteLatch}), so a stray or spoofed packet cannot steal it, not even
 * after silence. Owned by the call's I/O thread.
 */
public final class SipLeg implements AutoCloseable {

    private final PortPair ports;
    private final RemoteLatch rtpLatch;
    private final RemoteLatch rtcpLatch;
    private final RtpPacket view = new RtpPacket();
    private final RtcpReader rtcpView = new RtcpReader();
    private final boolean[] expectedPts = new boolean[128];
    private SrtpTransform srtp = SrtpTransform.PLAIN;
    private long sendErrors;

    public SipLeg(PortPair ports, long continuityNanos) {
        this.ports = ports;
        this.rtpLatch = new RemoteLatch(continuityNanos);
        this.rtcpLatch = new RemoteLatch(continuityNanos);
    }

    public PortPair ports() {
        return ports;
    }

    /** Where the SDP says to send RTP and RTCP (RTCP: a=rtcp, else RTP port + 1, RFC 3605). */
    public void signal(InetSocketAddress rtp, InetSocketAddress rtcp) {
        rtpLatch.signal(rtp);
        rtcpLatch.signal(rtcp);
    }

    /** The payload types the answer negotiated: only those may latch. */
    public void expectPayloadTypes(int... pts) {
        java.util.Arrays.fill(expectedPts, false);
        for (int pt : pts) {
            if (pt >= 0 && pt < 128) {
                expectedPts[pt] = true;
            }
        }
    }

    public void setSrtp(SrtpTransform srtp) {
        SrtpTransform next = srtp == null ? SrtpTransform.PLAIN : srtp;
        if (this.srtp != next) {
            this.srtp.close(); // a 200 after a 183 brings new contexts; the old ones hold native state
        }
        this.srtp = next;
    }

    public boolean isSrtp() {
        return srtp != SrtpTransform.PLAIN;
    }

    /**
     * Reads one datagram through the I/O thread's direct buffer into {@code into}; returns its source, or null when
     * the socket has nothing more. Its length is then {@link #lastLength()}.
     */
    public SocketAddress read(DatagramChannel ch, ByteBuffer rx, byte[] into) throws IOException {
        rx.clear();
        SocketAddress src = ch.receive(rx);
        if (src == null) {
            lastLength = 0;
            return null;
        }
        rx.flip();
        lastLength = Math.min(rx.remaining(), into.length);
        rx.get(into, 0, lastLength);
        return src;
    }

    private int lastLength;

    public int lastLength() {
        return lastLength;
    }

    /**
     * Decides on a received RTP datagram: latch check, payload type check, SRTP unprotect.
     *
     * @return the plain RTP length, or -1 to drop
     */
    public int acceptRtp(byte[] buf, int len, SocketAddress src, long nowNanos) {
        if (!view.wrap(buf, 0, len)) {
            return -1;
        }
        boolean fromPeer = src.equals(rtpLatch.latched());
        if (!fromPeer && !expectedPts[view.payloadType()]) {
            rtpLatch.accept(src, false, nowNanos); // counted as refused
            return -1;
        }
        long ssrc = view.ssrc();
        int seq = view.sequence();
        int plain = srtp.unprotectRtp(buf, 0, len);
        boolean valid = plain >= 0;
        if (!rtpLatch.accept(src, valid, valid && isSrtp(), ssrc, seq, nowNanos) || !valid) {
            return -1;
        }
        return plain;
    }

    /** Same as {@link #acceptRtp} for the RTCP socket. */
    public int acceptRtcp(byte[] buf, int len, SocketAddress src, long nowNanos) {
        if (len < 8 || !RtpPacket.looksLikeRtcp(buf, 0, len)) {
            return -1;
        }
        int plain = srtp.unprotectRtcp(buf, 0, len);
        boolean valid = false;
        if (plain > 0) {
            rtcpView.reset(buf, 0, plain);
            valid = rtcpView.next();
        }
        if (!rtcpLatch.accept(src, valid, valid && isSrtp(), -1, -1, nowNanos) || !valid) {
            return -1;
        }
        return plain;
    }

    /** Protects (SRTP) in place and sends; false when there is no destination yet or the send failed. */
    public boolean sendRtp(byte[] buf, int off, int len, ByteBuffer tx) {
        return send(ports.rtp(), rtpLatch.destination(), srtp.protectRtp(buf, off, len), buf, off, tx);
    }

    public boolean sendRtcp(byte[] buf, int off, int len, ByteBuffer tx) {
        return send(ports.rtcp(), rtcpLatch.destination(), srtp.protectRtcp(buf, off, len), buf, off, tx);
    }

    private boolean send(DatagramChannel ch, InetSocketAddress to, int len, byte[] buf, int off, ByteBuffer tx) {
        if (to == null || len <= 0) {
            return false;
        }
        tx.clear();
        tx.put(buf, off, len).flip();
        try {
            return ch.send(tx, to) > 0;
        } catch (IOException e) { // ICMP unreachable and the like: count, keep going
            sendErrors++;
            return false;
        }
    }

    public InetSocketAddress rtpDestination() {
        return rtpLatch.destination();
    }

    public InetSocketAddress latchedRtpSource() {
        return rtpLatch.latched();
    }

    /** Packets from sources other than the latched peer that were refused, RTP and RTCP (issue 14: media hijack). */
    public long refusedPackets() {
        return rtpLatch.refusedPackets() + rtcpLatch.refusedPackets();
    }

    public long sendErrors() {
        return sendErrors;
    }

    @Override
    public void close() {
        srtp.close();
        ports.close();
    }
}
