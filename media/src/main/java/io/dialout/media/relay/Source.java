package io.dialout.media.relay;

import io.dialout.media.rtp.RtpPacket;

/**
 * A stage that originates packets on the 20 ms tick (a transcoded frame, an RFC 4733 event we send) and starts them
 * down its path. Each packet it originates counts in; one it had ready but had to hold back counts as dropped.
 */
public abstract non-sealed class Source extends Stage {

    protected Source(String name) {
        super(name);
    }

    /**
     * Writes the next packet into {@code work} (which has room for a full packet and the SRTP spare) and points
     * {@code packet} at it.
     *
     * @return true when a packet was written
     */
    protected abstract boolean produce(RtpPacket packet, byte[] work, long nowNanos);

    @Override
    final boolean process(RtpPacket packet, long nowNanos) {
        throw new UnsupportedOperationException(name() + " originates packets; it is not fed any");
    }

    /** One tick: the packet produced, if any, runs down {@code path}. */
    final void tick(RtpPacket packet, byte[] work, long nowNanos, Path path) {
        if (produce(packet, work, nowNanos)) {
            countIn();
            path.accept(packet, nowNanos);
        }
    }

    /** For a source that produced a packet but must not send it now. */
    protected final void heldBack() {
        countIn();
        countDropped();
    }
}
