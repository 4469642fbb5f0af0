package io.dialout.media.relay;

import static io.dialout.media.relay.StageFixture.rtp;
import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.media.rtp.RtpPacket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The four kinds of stage and the path: who counts what, and where a packet stops. */
class StageContractTest {

    /** Passes packets with an even sequence number. */
    static final class EvenOnly extends Transformer {
        EvenOnly() {
            super("even");
        }

        @Override
        protected boolean transform(RtpPacket p, long now) {
            return p.sequence() % 2 == 0;
        }
    }

    /** Remembers the sequence numbers it saw. */
    static final class Seen extends Observer {
        final List<Integer> seqs = new ArrayList<>();

        Seen(String name) {
            super(name);
        }

        @Override
        protected void observe(RtpPacket p, long now) {
            seqs.add(p.sequence());
        }
    }

    @Test
    void transformerCountsInAndDroppedAndThePathStopsAtADrop() {
        EvenOnly even = new EvenOnly();
        Seen after = new Seen("after");
        Path path = new Path("p", even, after);
        for (int seq = 0; seq < 10; seq++) {
            path.accept(rtp(0, false, seq, 0, 1, 10), 0);
        }
        assertThat(even.packetsIn()).isEqualTo(10);
        assertThat(even.packetsDropped()).isEqualTo(5);
        assertThat(after.seqs).containsExactly(0, 2, 4, 6, 8);
        assertThat(after.packetsIn()).isEqualTo(5);
        assertThat(after.packetsDropped()).isZero();
    }

    @Test
    void demuxerSendsEachPacketDownOnePathOrDropsIt() {
        Seen low = new Seen("low");
        Seen high = new Seen("high");
        Demuxer byPt = new Demuxer("by-pt", new Path("low", low), new Path("high", high)) {
            @Override
            protected int select(RtpPacket p) {
                return p.payloadType() < 10 ? 0 : p.payloadType() < 100 ? 1 : -1;
            }
        };
        Seen never = new Seen("never");
        Path root = new Path("root", byPt, never);
        root.accept(rtp(0, false, 1, 0, 1, 1), 0);
        root.accept(rtp(50, false, 2, 0, 1, 1), 0);
        root.accept(rtp(120, false, 3, 0, 1, 1), 0);
        assertThat(low.seqs).containsExactly(1);
        assertThat(high.seqs).containsExactly(2);
        assertThat(never.seqs).as("a demuxer ends its path").isEmpty();
        assertThat(byPt.packetsIn()).isEqualTo(3);
        assertThat(byPt.packetsDropped()).isEqualTo(1);
    }

    @Test
    void sourceCountsWhatItOriginatesAndWhatItHeldBack() {
        Seen out = new Seen("out");
        int[] calls = {0};
        Source every3rd = new Source("src") {
            @Override
            protected boolean produce(RtpPacket p, byte[] work, long now) {
                int n = calls[0]++;
                if (n % 3 == 1) {
                    heldBack();
                    return false;
                }
                if (n % 3 == 2) {
                    return false; // nothing to send this tick
                }
                RtpPacket.writeHeader(work, 0, false, 0, n, 0, 1);
                return p.wrap(work, 0, 12);
            }
        };
        RtpPacket view = new RtpPacket();
        byte[] work = new byte[100];
        for (int i = 0; i < 9; i++) {
            every3rd.tick(view, work, 0, new Path("p", out));
        }
        assertThat(out.seqs).containsExactly(0, 3, 6);
        assertThat(every3rd.packetsIn()).isEqualTo(6);
        assertThat(every3rd.packetsDropped()).isEqualTo(3);
    }
}
