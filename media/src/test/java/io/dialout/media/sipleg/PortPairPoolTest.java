package io.dialout.media.sipleg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dialout.media.MediaException;
import io.dialout.testkit.FreePorts;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PortPairPoolTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** An even port starting {@code size} consecutive ports that were all free when checked. */
    private static int freeBase(int size) {
        return FreePorts.udpRange(size);
    }

    @Test
    void pairsAreEvenWithRtcpOnTheNextPortAndBound() throws Exception {
        int base = freeBase(10);
        PortPairPool pool = new PortPairPool(LOOPBACK, base + 1, base + 8); // odd start rounds up
        assertThat(pool.capacity()).isEqualTo(3);
        try (PortPair pair = pool.allocate()) {
            assertThat(pair.rtpPort() % 2).isZero();
            assertThat(pair.rtcpPort()).isEqualTo(pair.rtpPort() + 1);
            assertThat(((InetSocketAddress) pair.rtp().getLocalAddress()).getPort())
                    .isEqualTo(pair.rtpPort());
            assertThat(((InetSocketAddress) pair.rtcp().getLocalAddress()).getPort())
                    .isEqualTo(pair.rtcpPort());
            assertThat(pool.available()).isEqualTo(2);
        }
        assertThat(pool.available()).isEqualTo(3);
    }

    @Test
    void exhaustionFailsAndReleasedPairsAreReused() throws Exception {
        int base = freeBase(4);
        PortPairPool pool = new PortPairPool(LOOPBACK, base, base + 3);
        List<PortPair> pairs = new ArrayList<>();
        try {
            while (pairs.size() < pool.capacity()) {
                pairs.add(pool.allocate());
            }
            assertThatThrownBy(pool::allocate)
                    .isInstanceOf(MediaException.class)
                    .hasMessageContaining("no free");
            int port = pairs.get(0).rtpPort();
            pairs.remove(0).close();
            PortPair again = pool.allocate();
            pairs.add(again);
            assertThat(again.rtpPort()).isEqualTo(port);
        } finally {
            pairs.forEach(PortPair::close);
        }
    }

    @Test
    void aPortHeldByAnotherSocketIsSkipped() throws Exception {
        int base = freeBase(4);
        PortPairPool pool = new PortPairPool(LOOPBACK, base, base + 3);
        try (DatagramSocket squatter = new DatagramSocket(new InetSocketAddress(LOOPBACK, base + 1));
                PortPair pair = pool.allocate()) {
            assertThat(pair.rtpPort()).isEqualTo(base + 2);
            assertThat(squatter.isBound()).isTrue();
        }
    }

    @Test
    void closeTwiceReleasesOnce() throws Exception {
        int base = freeBase(6);
        PortPairPool pool = new PortPairPool(LOOPBACK, base, base + 5);
        PortPair pair = pool.allocate();
        pair.close();
        pair.close();
        assertThat(pool.available()).isEqualTo(pool.capacity());
    }

    @Test
    void concurrentAllocationsNeverShareAPort() throws Exception {
        int base = freeBase(200);
        PortPairPool pool = new PortPairPool(LOOPBACK, base, base + 199);
        ExecutorService ex = Executors.newFixedThreadPool(4);
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        List<PortPair> all = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                fs.add(ex.submit(() -> {
                    start.await();
                    for (int i = 0; i < 200; i++) { // allocate, keep some, release the rest
                        PortPair p = pool.allocate();
                        assertThat(seen.add(p.rtpPort())).isTrue();
                        if (i % 10 == 0) {
                            all.add(p);
                        } else {
                            seen.remove(p.rtpPort());
                            p.close();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : fs) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertThat(pool.available()).isEqualTo(pool.capacity() - all.size());
        } finally {
            all.forEach(PortPair::close);
            ex.shutdownNow();
        }
        assertThat(pool.available()).isEqualTo(pool.capacity());
    }
}
