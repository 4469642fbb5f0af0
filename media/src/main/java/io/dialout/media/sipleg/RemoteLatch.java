package io.dialout.media.sipleg;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Symmetric RTP latching (RFC 4961; as SBCs do behind NAT), latched once. Until a packet arrives we send to the address
 * the SDP signalled; the first packet that is valid for this socket (RTP with a negotiated payload type, or valid
 * RTCP; authenticated when SRTP is on) fixes the remote address. After that, silence changes nothing: another source
 * takes the latch only on a strong signal that it is the same peer (a hijack after silence sent the room's audio to
 * whoever sent RTP first; issue 14, item 5):
 *
 * <ul>
 *   <li>a packet from the address the SDP names (the latch had learnt a NAT address, the peer now sends as it said);
 *   <li>an authenticated SRTP packet: only the holder of the callee's key can make one;
 *   <li>the latched RTP stream continuing from a new address: the same SSRC, the next sequence numbers, within
 *       {@code continuityNanos} of its last packet (a NAT rebinding mid-stream);
 *   <li>a new SDP with another address ({@link #signal}, a re-INVITE or another fork's answer): the latch is dropped and
 *       learnt again.
 * </ul>
 *
 * Every other packet from another source is refused and counted. Owned by one I/O thread; {@link #refusedPackets()}
 * may be read from any thread.
 */
public final class RemoteLatch {

    /** How far ahead of the latched stream's last sequence number a packet still continues it. */
    private static final int SEQUENCE_WINDOW = 100;

    private final long continuityNanos;
    private final AtomicLong refused = new AtomicLong();
    private InetSocketAddress signalled;
    private InetSocketAddress latched;
    private long lastNanos;
    private long ssrc = -1;
    private int lastSeq = -1;
    private int relatches;

    /** @param continuityNanos how long after its last packet the latched stream may continue from a new address */
    public RemoteLatch(long continuityNanos) {
        this.continuityNanos = continuityNanos;
    }

    /**
     * The address from the SDP (c= and m= port, or a=rtcp): where we send until something is latched. A different
     * address (a 200 OK from another fork than the 183, a re-INVITE moving the media) drops the latch, so the new
     * peer is not ignored.
     */
    public void signal(InetSocketAddress address) {
        if (signalled != null && !signalled.equals(address)) {
            latched = null;
            ssrc = -1;
            lastSeq = -1;
        }
        this.signalled = address;
    }

    /**
     * Decides on a packet that carries no stream identity we check (RTCP, or a caller that has none).
     *
     * @param valid the packet parsed as RTP with a negotiated payload type (or as RTCP on the RTCP socket), and
     *              authenticated when SRTP is on
     */
    public boolean accept(SocketAddress source, boolean valid, long nowNanos) {
        return accept(source, valid, false, -1, -1, nowNanos);
    }

    /**
     * Decides whether a received packet is from our peer.
     *
     * @param source        the packet's source address
     * @param valid         see {@link #accept(SocketAddress, boolean, long)}
     * @param authenticated the packet passed SRTP/SRTCP authentication (false for plain RTP)
     * @param ssrc          the RTP SSRC (unsigned), or -1
     * @param seq           the RTP sequence number, or -1
     * @return true when the packet should be processed
     */
    public boolean accept(
            SocketAddress source, boolean valid, boolean authenticated, long ssrc, int seq, long nowNanos) {
        if (latched != null && latched.equals(source)) {
            track(ssrc, seq, nowNanos);
            return true;
        }
        if (!valid || !(source instanceof InetSocketAddress from)) {
            refused.lazySet(refused.get() + 1);
            return false;
        }
        if (latched == null || authenticated || from.equals(signalled) || continues(ssrc, seq, nowNanos)) {
            if (latched != null) {
                relatches++;
            }
            latched = from;
            track(ssrc, seq, nowNanos);
            return true;
        }
        refused.lazySet(refused.get() + 1);
        return false;
    }

    private void track(long ssrc, int seq, long nowNanos) {
        lastNanos = nowNanos;
        if (ssrc >= 0 && seq >= 0) {
            this.ssrc = ssrc;
            this.lastSeq = seq;
        }
    }

    /** RFC 3550 section 8.2: an SSRC is the stream's identity; the next sequence numbers show it continuing. */
    private boolean continues(long ssrc, int seq, long nowNanos) {
        if (ssrc < 0 || seq < 0 || this.ssrc != ssrc || lastSeq < 0 || nowNanos - lastNanos > continuityNanos) {
            return false;
        }
        int ahead = (seq - lastSeq) & 0xffff;
        return ahead >= 1 && ahead <= SEQUENCE_WINDOW;
    }

    /** Where to send: the latched source, else the signalled address, else null. */
    public InetSocketAddress destination() {
        return latched != null ? latched : signalled;
    }

    public InetSocketAddress latched() {
        return latched;
    }

    /** Packets from other sources that were not let in (also: invalid packets from them). */
    public long refusedPackets() {
        return refused.get();
    }

    public int relatches() {
        return relatches;
    }
}
