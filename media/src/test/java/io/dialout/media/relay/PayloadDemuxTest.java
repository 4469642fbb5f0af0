package io.dialout.media.relay;

import static io.dialout.media.relay.StageFixture.rtp;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PayloadDemuxTest {

    @Test
    void splitsByTheInputLegsPayloadTypesAndDropsTheRest() {
        DirectionState state = StageFixture.passThrough(); // in: PCMU 0, events 101, video 100
        StageContractTest.Seen audio = new StageContractTest.Seen("a");
        StageContractTest.Seen event = new StageContractTest.Seen("e");
        StageContractTest.Seen video = new StageContractTest.Seen("v");
        PayloadDemux demux = new PayloadDemux(state, new Path("a", audio), new Path("e", event), new Path("v", video));
        int[] pts = {0, 101, 100, 13, 0, 96, 127};
        for (int i = 0; i < pts.length; i++) {
            StageFixture.run(demux, rtp(pts[i], false, i, 0, 1, 4), 0);
        }
        assertThat(audio.seqs).containsExactly(0, 4);
        assertThat(event.seqs).containsExactly(1);
        assertThat(video.seqs).containsExactly(2);
        assertThat(demux.packetsIn()).isEqualTo(7);
        assertThat(demux.packetsDropped())
                .as("CN 13, PT 96 and 127 are not negotiated here")
                .isEqualTo(3);
    }
}
