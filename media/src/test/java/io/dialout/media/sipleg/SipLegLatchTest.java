package io.dialout.media.sipleg;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.media.rtp.RtpPacket;
import io.dialout.testkit.FreePorts;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SIP leg's latch with real datagrams on loopback: the callee, then a second source (issue 14, item 5: after 2 s
 * of silence from the callee, RTP from any other source took over the leg and received the room's audio). The leg's
 * clock is passed in, so the silence costs no waiting.
 */
class SipLegLatchTest {

    private static final long S = 1_000_000_000L;
    private static final long CALLEE_SSRC = 0x0a0b0c0dL;

    private PortPairPool pool;
    private SipLeg leg;
    private DatagramSocket callee;
    private DatagramSocket attacker;
    private final ByteBuffer rx = ByteBuffer.allocateDirect(2048);
    private final ByteBuffer tx = ByteBuffer.allocateDirect(2048);
    private final byte[] in = new byte[2048];

    @BeforeEach
    void setUp() throws Exception {
        int base = FreePorts.udpRange(4);
        pool = new PortPairPool(InetAddress.getLoopbackAddress(), base, base + 3);
        leg = new SipLeg(pool.allocate(), 2 * S);
        callee = socket();
        attacker = socket();
        leg.signal(address(callee), new InetSocketAddress(InetAddress.getLoopbackAddress(), 9)); // RTCP unused here
        leg.expectPayloadTypes(0);
    }

    @AfterEach
    void tearDown() {
        leg.close();
        callee.close();
        attacker.close();
    }

    @Test
    void anotherSourceCannotTakeTheLegAfterSilence() throws Exception {
        assertThat(deliver(callee, CALLEE_SSRC, 1, 0))
                .as("the callee's first packet latches")
                .isTrue();
        assertThat(deliver(callee, CALLEE_SSRC, 2, S / 50)).isTrue();

        // 3 s later (the callee is on mute, or its phone sends no comfort noise), someone else sends RTP
        for (int i = 0; i < 5; i++) {
            assertThat(deliver(attacker, 0x66666666L, 100 + i, 3 * S + i * S / 50))
                    .as("a packet from a second source")
                    .isFalse();
        }
        assertThat(leg.latchedRtpSource()).isEqualTo(address(callee));
        assertThat(leg.refusedPackets()).isEqualTo(5);

        // the room's audio still goes to the callee, and none to the second source
        sendFromRoom(7);
        assertThat(receive(callee).sequence()).isEqualTo(7);
        assertThat(nothingPending(attacker)).isTrue();
    }

    @Test
    void theSameStreamFromANewAddressMovesTheLatch() throws Exception {
        deliver(callee, CALLEE_SSRC, 1, 0);
        deliver(callee, CALLEE_SSRC, 2, S / 50);
        try (DatagramSocket rebound = socket()) { // the callee's NAT gave it a new port mid-stream
            assertThat(deliver(rebound, CALLEE_SSRC, 3, 2 * S / 50)).isTrue();
            assertThat(leg.latchedRtpSource()).isEqualTo(address(rebound));
            // an old sequence number, a far jump or another SSRC is no continuation
            assertThat(deliver(attacker, CALLEE_SSRC, 3, 3 * S / 50)).isFalse();
            assertThat(deliver(attacker, CALLEE_SSRC, 3 + 5000, 4 * S / 50)).isFalse();
            assertThat(deliver(attacker, CALLEE_SSRC + 1, 4, 5 * S / 50)).isFalse();
            assertThat(leg.refusedPackets()).isEqualTo(3);
            sendFromRoom(8);
            assertThat(receive(rebound).sequence()).isEqualTo(8);
        }
    }

    @Test
    void aNewSdpMovesTheLatch() throws Exception {
        deliver(callee, CALLEE_SSRC, 1, 0);
        try (DatagramSocket moved = socket()) { // a re-INVITE with a new c=/m= address
            leg.signal(address(moved), new InetSocketAddress(InetAddress.getLoopbackAddress(), 9));
            assertThat(deliver(moved, 0x12345678L, 500, 10 * S)).isTrue();
            assertThat(leg.latchedRtpSource()).isEqualTo(address(moved));
            assertThat(deliver(callee, CALLEE_SSRC, 2, 10 * S + 1))
                    .as("the old address is now a stranger")
                    .isFalse();
        }
    }

    // ---- helpers ----

    private static DatagramSocket socket() throws Exception {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        s.setSoTimeout(2000);
        return s;
    }

    private static InetSocketAddress address(DatagramSocket s) {
        return (InetSocketAddress) s.getLocalSocketAddress();
    }

    /** Sends one PCMU packet from {@code from} to the leg's RTP port, reads it there, and lets the leg decide. */
    private boolean deliver(DatagramSocket from, long ssrc, int seq, long nowNanos) throws Exception {
        byte[] p = new byte[12 + 160];
        RtpPacket.writeHeader(p, 0, false, 0, seq & 0xffff, seq * 160L, ssrc);
        from.send(new DatagramPacket(
                p,
                p.length,
                new InetSocketAddress(
                        InetAddress.getLoopbackAddress(), leg.ports().rtpPort())));
        SocketAddress src = null;
        long deadline = System.nanoTime() + 2 * S;
        while (src == null && System.nanoTime() < deadline) {
            src = leg.read(leg.ports().rtp(), rx, in);
            if (src == null) {
                Thread.onSpinWait();
            }
        }
        assertThat(src).as("the datagram reached the leg").isEqualTo(address(from));
        return leg.acceptRtp(in, leg.lastLength(), src, nowNanos) > 0;
    }

    private void sendFromRoom(int seq) {
        byte[] p = new byte[12 + 160];
        RtpPacket.writeHeader(p, 0, false, 0, seq, seq * 160L, 0x5555L);
        assertThat(leg.sendRtp(p, 0, p.length, tx)).isTrue();
    }

    private static RtpPacket receive(DatagramSocket s) throws Exception {
        byte[] buf = new byte[2048];
        DatagramPacket d = new DatagramPacket(buf, buf.length);
        s.receive(d);
        RtpPacket view = new RtpPacket();
        assertThat(view.wrap(buf, 0, d.getLength())).isTrue();
        return view;
    }

    /** After the one packet went out and reached its receiver, nothing is queued here either. */
    private static boolean nothingPending(DatagramSocket s) throws Exception {
        s.setSoTimeout(1);
        try {
            s.receive(new DatagramPacket(new byte[2048], 2048));
            return false;
        } catch (SocketTimeoutException expected) {
            return true;
        } finally {
            s.setSoTimeout(2000);
        }
    }
}
