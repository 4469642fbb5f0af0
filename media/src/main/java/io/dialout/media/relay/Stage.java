package io.dialout.media.relay;

/**
 * A node of a direction's pipeline with its own counters (jitsi-media-transform style). Counters are written by the
 * owning I/O thread only and read for diagnostics; plain fields, no synchronisation on the packet path.
 */
public abstract class Stage {
    private final String name;
    protected long packetsIn;
    protected long packetsDropped;

    protected Stage(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public long packetsIn() {
        return packetsIn;
    }

    public long packetsDropped() {
        return packetsDropped;
    }

    @Override
    public String toString() {
        return name + "[in=" + packetsIn + " dropped=" + packetsDropped + "]";
    }
}
