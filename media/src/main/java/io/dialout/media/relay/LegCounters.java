package io.dialout.media.relay;

import io.dialout.media.CallMediaStats;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Packet and byte counters of one leg. Written only by the owning I/O thread (single writer, so a plain
 * read-add-lazySet, no atomic read-modify-write); read by anyone for {@link CallMediaStats}.
 */
public final class LegCounters {
    private final AtomicLong packetsIn = new AtomicLong();
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong packetsOut = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong jitterMicros = new AtomicLong();

    public void received(int bytes) {
        packetsIn.lazySet(packetsIn.get() + 1);
        bytesIn.lazySet(bytesIn.get() + bytes);
    }

    public void sent(int bytes) {
        packetsOut.lazySet(packetsOut.get() + 1);
        bytesOut.lazySet(bytesOut.get() + bytes);
    }

    /** Publishes the loss and jitter of the leg's received audio (from its {@code RtpReceiveStats}). */
    public void quality(long packetsLost, double jitterMs) {
        lost.lazySet(Math.max(0, packetsLost));
        jitterMicros.lazySet(Math.round(jitterMs * 1000));
    }

    public long packetsReceived() {
        return packetsIn.get();
    }

    public long bytesSent() {
        return bytesOut.get();
    }

    public long packetsSent() {
        return packetsOut.get();
    }

    public CallMediaStats.LegStats snapshot(String audioCodec, String videoCodec) {
        return new CallMediaStats.LegStats(
                audioCodec,
                videoCodec,
                packetsIn.get(),
                bytesIn.get(),
                packetsOut.get(),
                bytesOut.get(),
                lost.get(),
                jitterMicros.get() / 1000.0);
    }
}
