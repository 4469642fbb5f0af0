package io.dialout.media.sipleg;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class RemoteLatchTest {
    private static final long S = 1_000_000_000L;
    private final InetSocketAddress sdp = new InetSocketAddress("127.0.0.1", 4000);
    private final InetSocketAddress nat = new InetSocketAddress("127.0.0.1", 4100);
    private final InetSocketAddress other = new InetSocketAddress("127.0.0.1", 4200);

    @Test
    void sendsToTheSignalledAddressUntilAValidPacketLatches() {
        RemoteLatch l = new RemoteLatch(2 * S);
        l.signal(sdp);
        assertThat(l.destination()).isEqualTo(sdp);
        assertThat(l.accept(other, false, 0)).isFalse(); // not RTP with a negotiated PT: ignored
        assertThat(l.destination()).isEqualTo(sdp);
        assertThat(l.accept(nat, true, 1)).isTrue();
        assertThat(l.destination()).isEqualTo(nat);
    }

    @Test
    void otherSourcesAreIgnoredWhileTheLatchedOneTalks() {
        RemoteLatch l = new RemoteLatch(2 * S);
        l.accept(nat, true, 0);
        assertThat(l.accept(other, true, S)).isFalse();
        assertThat(l.accept(nat, false, S)).isTrue(); // from the latched source everything goes through
        assertThat(l.accept(other, true, 2 * S)).isFalse(); // the latched source spoke at 1 s
        assertThat(l.refusedPackets()).isEqualTo(2);
        assertThat(l.destination()).isEqualTo(nat);
    }

    @Test
    void aNewSignalledAddressDropsTheLatch() {
        RemoteLatch l = new RemoteLatch(2 * S);
        l.signal(sdp);
        l.accept(nat, true, 0);
        l.signal(sdp); // the same answer again (183 then 200): the latch stays
        assertThat(l.destination()).isEqualTo(nat);
        InetSocketAddress fork = new InetSocketAddress("127.0.0.1", 4300);
        l.signal(fork);
        assertThat(l.destination()).isEqualTo(fork);
        assertThat(l.accept(other, true, S)).isTrue(); // the new peer latches at once
    }

    /**
     * Issue 14, item 5: this test used to assert that after 2 s of silence another valid source took the latch
     * ("relatchesAfterSilence"); that was the hijack. Silence now changes nothing.
     */
    @Test
    void silenceDoesNotLetAnotherSourceIn() {
        RemoteLatch l = new RemoteLatch(2 * S);
        l.accept(nat, true, 0);
        assertThat(l.accept(other, false, 5 * S)).isFalse(); // invalid never re-latches
        assertThat(l.accept(other, true, 5 * S)).isFalse();
        assertThat(l.accept(other, true, false, 0x1234, 7, 60 * S)).isFalse();
        assertThat(l.destination()).isEqualTo(nat);
        assertThat(l.relatches()).isZero();
        assertThat(l.refusedPackets()).isEqualTo(3);
        assertThat(l.accept(nat, true, 60 * S + 1)).isTrue();
    }

    @Test
    void theSignalledAddressTakesBackALatchLearntElsewhere() {
        RemoteLatch l = new RemoteLatch(2 * S);
        l.signal(sdp);
        l.accept(nat, true, 0); // learnt a NAT address first
        assertThat(l.accept(sdp, true, S)).isTrue(); // the address the answer names
        assertThat(l.destination()).isEqualTo(sdp);
        assertThat(l.relatches()).isEqualTo(1);
    }

    @Test
    void anAuthenticatedSrtpPacketMovesTheLatch() {
        RemoteLatch l = new RemoteLatch(2 * S);
        l.accept(nat, true, true, 0xabc, 1, 0);
        assertThat(l.accept(other, true, true, 0xdef, 40, 30 * S)).isTrue(); // only the key holder can make one
        assertThat(l.destination()).isEqualTo(other);
    }

    @Test
    void theSameStreamContinuingFromANewAddressMovesTheLatch() {
        RemoteLatch l = new RemoteLatch(2 * S);
        l.accept(nat, true, false, 0xabc, 65534, 0);
        assertThat(l.accept(other, true, false, 0xabc, 65535 + 100, S))
                .as("too far ahead")
                .isFalse();
        assertThat(l.accept(other, true, false, 0xabd, 65535, S))
                .as("another SSRC")
                .isFalse();
        assertThat(l.accept(other, true, false, 0xabc, 65534, S))
                .as("a replayed sequence number")
                .isFalse();
        assertThat(l.accept(other, true, false, 0xabc, 1, 3 * S))
                .as("after the continuity window")
                .isFalse();
        assertThat(l.accept(other, true, false, 0xabc, 0, S))
                .as("the next packet, across the wrap")
                .isTrue();
        assertThat(l.destination()).isEqualTo(other);
    }
}
