package io.dialout.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.testkit.ImpairedUdpRelay.Impairment;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The relay against plain UDP sockets: what it drops, delays and reorders, per direction, reproducibly. */
class ImpairedUdpRelayTest {
    private DatagramChannel target;
    private DatagramChannel peer;

    @BeforeEach
    void sockets() throws IOException {
        target = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        peer = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        target.socket().setSoTimeout(2000);
        peer.socket().setSoTimeout(2000);
    }

    @AfterEach
    void close() throws IOException {
        target.close();
        peer.close();
    }

    @Test
    void aCleanPathForwardsBothWaysAndAnswersGoBackToThePeer() throws IOException {
        try (ImpairedUdpRelay relay = ImpairedUdpRelay.start(targetAddress(), Impairment.NONE, Impairment.NONE, 1)) {
            for (int i = 0; i < 50; i++) {
                send(peer, i, relay.address());
                Received r = receive(target);
                assertThat(r.seq).isEqualTo(i);
                assertThat(r.from).as("the target sees the relay, not the peer").isNotEqualTo(peer.getLocalAddress());
                send(target, 1000 + i, r.from);
                assertThat(receive(peer).seq).isEqualTo(1000 + i);
            }
            assertThat(relay.toTarget().dropped()).isZero();
            assertThat(relay.toTarget().forwarded()).isEqualTo(50);
            assertThat(relay.fromTarget().forwarded()).isEqualTo(50);
        }
    }

    @Test
    void lossDropsAboutTheConfiguredShareAndCountsEveryDrop() throws IOException {
        int n = 1000;
        List<Integer> first = deliveredUnderLoss(n, 7);
        try (ImpairedUdpRelay relay =
                ImpairedUdpRelay.start(targetAddress(), Impairment.loss(20), Impairment.NONE, 7)) {
            List<Integer> got = sendAndCollect(relay, n);
            assertThat(relay.toTarget().received()).isEqualTo(n);
            assertThat(relay.toTarget().dropped() + relay.toTarget().forwarded())
                    .isEqualTo(n);
            assertThat(got).hasSize((int) relay.toTarget().forwarded());
            // 20 % of 1000: the binomial's standard deviation is about 13
            assertThat(relay.toTarget().dropped()).isBetween(140L, 260L);
            assertThat(got).as("the same seed drops the same datagrams").isEqualTo(first);
        }
    }

    @Test
    void delayHoldsEveryDatagramAtLeastThatLong() throws IOException {
        try (ImpairedUdpRelay relay =
                ImpairedUdpRelay.start(targetAddress(), Impairment.NONE.withDelay(80, 20), Impairment.NONE, 3)) {
            for (int i = 0; i < 5; i++) {
                long t0 = System.nanoTime();
                send(peer, i, relay.address());
                assertThat(receive(target).seq).isEqualTo(i);
                assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(80);
            }
        }
    }

    @Test
    void reorderLetsLaterDatagramsOvertakeWithoutLosingAny() throws IOException {
        int n = 200;
        try (ImpairedUdpRelay relay =
                ImpairedUdpRelay.start(targetAddress(), Impairment.NONE.withReorder(20, 30), Impairment.NONE, 11)) {
            List<Integer> got = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                send(peer, i, relay.address());
                if (i % 10 == 9) {
                    pause(2); // a packet every ~0.2 ms, so a 30 ms hold lets several overtake
                }
            }
            while (got.size() < n) {
                got.add(receive(target).seq);
            }
            assertThat(got).containsExactlyInAnyOrderElementsOf(range(n));
            assertThat(got).isNotEqualTo(range(n));
            assertThat(relay.toTarget().reordered()).isBetween(20L, 60L);
        }
    }

    private List<Integer> deliveredUnderLoss(int n, long seed) throws IOException {
        try (DatagramChannel t = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
                ImpairedUdpRelay relay = ImpairedUdpRelay.start(
                        (InetSocketAddress) t.getLocalAddress(), Impairment.loss(20), Impairment.NONE, seed)) {
            t.socket().setSoTimeout(2000);
            DatagramChannel saved = target;
            target = t;
            try {
                return sendAndCollect(relay, n);
            } finally {
                target = saved;
            }
        }
    }

    /** Sends 0..n-1 through the relay in small batches (no socket buffer overflows) and returns what arrived. */
    private List<Integer> sendAndCollect(ImpairedUdpRelay relay, int n) throws IOException {
        List<Integer> got = new ArrayList<>();
        ImpairedUdpRelay.Counters c = relay.toTarget();
        for (int i = 0; i < n; i += 50) {
            int sent = Math.min(n, i + 50);
            for (int j = i; j < sent; j++) {
                send(peer, j, relay.address());
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (c.dropped() + c.forwarded() < sent) { // every datagram decided
                assertThat(System.nanoTime()).as("relay stalled: " + relay).isLessThan(deadline);
                Thread.onSpinWait();
            }
            while (got.size() < c.forwarded()) {
                got.add(receive(target).seq);
            }
        }
        return got;
    }

    private InetSocketAddress targetAddress() throws IOException {
        return (InetSocketAddress) target.getLocalAddress();
    }

    private static List<Integer> range(int n) {
        List<Integer> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(i);
        }
        return l;
    }

    /** Paces the sender (a fixed gap between packets is the input being built, not a wait for an event). */
    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Received(int seq, InetSocketAddress from) {}

    private static void send(DatagramChannel ch, int seq, java.net.SocketAddress to) throws IOException {
        ch.send(ByteBuffer.allocate(4).putInt(0, seq), to);
    }

    private static Received receive(DatagramChannel ch) throws IOException {
        byte[] b = new byte[64];
        java.net.DatagramPacket p = new java.net.DatagramPacket(b, b.length);
        try {
            ch.socket().receive(p);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("nothing arrived within 2 s", e);
        }
        return new Received(ByteBuffer.wrap(b).getInt(0), (InetSocketAddress) p.getSocketAddress());
    }
}
