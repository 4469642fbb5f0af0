package io.dialout.media.relay;

import io.dialout.media.rtp.RtpPacket;

/**
 * A stage that ends its path and sends each packet down one of its own paths, or drops it when none fits. The
 * paths are fixed when the pipeline is assembled; {@link #select} only picks an index.
 */
public abstract non-sealed class Demuxer extends Stage {

    private final Path[] paths;

    protected Demuxer(String name, Path... paths) {
        super(name);
        this.paths = paths.clone();
    }

    /** @return the index of the path the packet takes (in the order given to the constructor), or -1 to drop it */
    protected abstract int select(RtpPacket packet);

    @Override
    final boolean process(RtpPacket packet, long nowNanos) {
        countIn();
        int i = select(packet);
        if (i < 0) {
            countDropped();
        } else {
            paths[i].accept(packet, nowNanos);
        }
        return false; // the packet went on along the chosen path, not after this stage
    }

    Path[] paths() {
        return paths;
    }
}
