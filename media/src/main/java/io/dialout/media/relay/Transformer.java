package io.dialout.media.relay;

import io.dialout.media.rtp.RtpPacket;

/**
 * A stage that may change the packet in place (rewrite its header, re-point the view) and then passes it on or
 * drops it. Counting is done here: every packet counts in, every {@code false} counts as dropped.
 */
public abstract non-sealed class Transformer extends Stage {

    protected Transformer(String name) {
        super(name);
    }

    /**
     * @return true to pass the (possibly rewritten) packet to the next stage, false to drop it
     */
    protected abstract boolean transform(RtpPacket packet, long nowNanos);

    @Override
    final boolean process(RtpPacket packet, long nowNanos) {
        countIn();
        if (transform(packet, nowNanos)) {
            return true;
        }
        countDropped();
        return false;
    }
}
