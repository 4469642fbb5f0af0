package io.dialout.media.relay;

import io.dialout.media.rtp.RtpPacket;

/**
 * After a forwarded packet left: records how long it stayed in the gateway, from its arrival time (the {@code now}
 * it entered the pipeline with) to this moment. See {@link RelayDelays} for what is and is not measured.
 */
public final class DelayRecorder extends Observer {

    private RelayDelays delays;

    public DelayRecorder() {
        super("delay");
    }

    /** Where to record; null: nowhere. */
    public void recordTo(RelayDelays delays) {
        this.delays = delays;
    }

    @Override
    protected void observe(RtpPacket p, long arrivalNanos) {
        RelayDelays d = delays;
        if (d != null) {
            d.record(System.nanoTime() - arrivalNanos);
        }
    }
}
