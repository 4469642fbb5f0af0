package io.dialout.media.relay;

import io.dialout.media.rtp.RtpPacket;
import java.util.List;

/**
 * A fixed chain of stages: a packet runs through them in order until one stops it. Built once when the pipeline is
 * assembled; running it allocates nothing.
 */
public final class Path {

    private final String name;
    private final Stage[] stages;

    public Path(String name, Stage... stages) {
        this.name = name;
        this.stages = stages.clone();
    }

    public void accept(RtpPacket packet, long nowNanos) {
        for (Stage s : stages) {
            if (!s.process(packet, nowNanos)) {
                return;
            }
        }
    }

    public String name() {
        return name;
    }

    public List<Stage> stages() {
        return List.of(stages);
    }

    @Override
    public String toString() {
        return name + stages();
    }
}
