package io.dialout.media.relay;

import io.dialout.media.rtp.RtpPacket;

/** A stage that only looks at the packet (statistics, a trigger) and always passes it on unchanged. */
public abstract non-sealed class Observer extends Stage {

    protected Observer(String name) {
        super(name);
    }

    protected abstract void observe(RtpPacket packet, long nowNanos);

    @Override
    final boolean process(RtpPacket packet, long nowNanos) {
        countIn();
        observe(packet, nowNanos);
        return true;
    }
}
