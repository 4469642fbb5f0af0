package io.dialout.media.sipleg;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Symmetric RTP latching (RFC 4961 style, as SBCs do behind NAT): until a packet arrives we send to the address
 * the SDP signalled; the first packet that is valid for this socket (RTP with an expected payload type, or valid
 * RTCP) fixes the remote address; packets from other sources are ignored while the latched source keeps sending;
 * after {@code silenceNanos} without a packet from it, another valid source may take over (re-latch).
 * Owned by one I/O thread.
 */
public final class RemoteLatch {

    private final long silenceNanos;
    private InetSocketAddress signalled;
    private InetSocketAddress latched;
    private long lastNanos;
    private long ignored;
    private int relatches;

    public RemoteLatch(long silenceNanos) {
        this.silenceNanos = silenceNanos;
    }

    /**
     * The address from the SDP (c= and m= port, or a=rtcp): where we send until something is latched. A different
     * address (a 200 OK from another fork than the 183, a re-INVITE moving the media) drops the latch, so the new
     * peer is not ignored for the silence period.
     */
    public void signal(InetSocketAddress address) {
        if (signalled != null && !signalled.equals(address)) {
            latched = null;
        }
        this.signalled = address;
    }

    /**
     * Decides whether a received packet is from our peer.
     *
     * @param source the packet's source address
     * @param valid  the packet parsed as RTP with a negotiated payload type (or as RTCP on the RTCP socket)
     * @return true when the packet should be processed
     */
    public boolean accept(SocketAddress source, boolean valid, long nowNanos) {
        if (latched != null && latched.equals(source)) {
            lastNanos = nowNanos;
            return true;
        }
        if (!valid || !(source instanceof InetSocketAddress from)) {
            ignored++;
            return false;
        }
        if (latched == null || nowNanos - lastNanos >= silenceNanos) {
            if (latched != null) {
                relatches++;
            }
            latched = from;
            lastNanos = nowNanos;
            return true;
        }
        ignored++;
        return false;
    }

    /** Where to send: the latched source, else the signalled address, else null. */
    public InetSocketAddress destination() {
        return latched != null ? latched : signalled;
    }

    public InetSocketAddress latched() {
        return latched;
    }

    public long ignoredPackets() {
        return ignored;
    }

    public int relatches() {
        return relatches;
    }
}
