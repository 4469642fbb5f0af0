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
        assertThat(l.ignoredPackets()).isEqualTo(2);
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

    @Test
    void relatchesAfterSilence() {
        RemoteLatch l = new RemoteLatch(2 * S);
        l.accept(nat, true, 0);
        assertThat(l.accept(other, false, 5 * S)).isFalse(); // invalid never re-latches
        assertThat(l.accept(other, true, 5 * S)).isTrue();
        assertThat(l.destination()).isEqualTo(other);
        assertThat(l.relatches()).isEqualTo(1);
        assertThat(l.accept(nat, true, 5 * S + 1)).isFalse();
    }
}
