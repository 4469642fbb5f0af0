package io.dialout.media.relay;

/**
 * DTMF we originate toward a leg as RFC 4733 events (the gateway's {@code dtmf} message): asked once per 20 ms tick
 * for the next packet. Implemented over the dtmf package's DtmfSender.
 */
public interface EventSource {

    /**
     * Writes the next RFC 4733 payload at {@code buf[off]}, if one is due on this tick.
     *
     * @return its length, or 0 when nothing is due now, or -1 when every digit has been sent
     */
    int next(byte[] buf, int off, long nowNanos);

    /** The packet just written starts a new event (marker bit, new event timestamp). */
    boolean startsEvent();
}
