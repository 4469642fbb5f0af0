package io.dialout.media.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.media.relay.CallRelay;
import io.dialout.media.relay.DirectionConfig;
import io.dialout.media.relay.DirectionConfig.LegFormats;
import io.dialout.media.relay.DirectionConfig.Payload;
import io.dialout.media.relay.PacketRing;
import io.dialout.media.relay.PacketSink;
import io.dialout.media.relay.RelayEvents;
import io.dialout.media.rtp.Bytes;
import io.dialout.media.rtp.RtpPacket;
import io.dialout.media.sipleg.PortPairPool;
import io.dialout.media.sipleg.SipLeg;
import io.dialout.testkit.FreePorts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The relay on a real I/O loop and real UDP sockets: room packets are queued as the room port would, the SIP leg
 * talks to a UDP echo peer (no SIP signalling involved here), and what comes back is captured where the room
 * endpoint would send it.
 */
class RelayLoopTest {

    private static final CallRelay.Ssrcs SSRCS = new CallRelay.Ssrcs(0x1111L, 0x2222L, 0x3333L, 0x4444L);

    private IoLoop loop;
    private PortPairPool pool;
    private UdpEchoPeer echo;
    private final List<byte[]> toRoom = new CopyOnWriteArrayList<>();
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private CallRelay relay;

    private final PacketSink roomSink = new PacketSink() {
        @Override
        public boolean ready() {
            return true;
        }

        @Override
        public boolean sendRtp(byte[] buf, int off, int len) {
            toRoom.add(java.util.Arrays.copyOfRange(buf, off, off + len));
            return true;
        }

        @Override
        public boolean sendRtcp(byte[] buf, int off, int len) {
            return true;
        }
    };

    @BeforeEach
    void setUp() throws Exception {
        int base = FreePorts.udpRange(10);
        pool = new PortPairPool(InetAddress.getLoopbackAddress(), base, base + 9);
        loop = new IoLoop("test-io");
        loop.start();
        echo = new UdpEchoPeer();
        SipLeg sip = new SipLeg(pool.allocate(), 2_000_000_000L);
        sip.signal(
                echo.address(),
                new InetSocketAddress(
                        echo.address().getAddress(), echo.address().getPort()));
        sip.expectPayloadTypes(0, 101);
        relay = new CallRelay(
                "t",
                sip,
                null,
                roomSink,
                loop.buffers(),
                new RelayEvents() {
                    @Override
                    public void dtmfFromRoom(char digit, boolean forwarded) {
                        events.add("room:" + digit + ":" + forwarded);
                    }

                    @Override
                    public void dtmfFromSip(char digit) {
                        events.add("sip:" + digit);
                    }

                    @Override
                    public void mediaTimeout(String reason) {
                        events.add("timeout:" + reason);
                    }
                },
                SSRCS,
                "test@dialout",
                64);
        onLoop(() -> {
            try {
                loop.add(relay);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @AfterEach
    void tearDown() throws Exception {
        onLoop(() -> loop.remove(relay));
        loop.close();
        echo.close();
        assertThat(pool.available()).isEqualTo(pool.capacity());
    }

    private void onLoop(Runnable r) throws Exception {
        CompletableFuture<Void> f = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                r.run();
                f.complete(null);
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        f.get(5, TimeUnit.SECONDS);
    }

    private static void await(BooleanSupplier cond, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!cond.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static DirectionConfig pcmu(boolean sendAllowed, int inTeClock, int outTeClock) {
        return new DirectionConfig(
                new LegFormats(new Payload(0, 8000), new Payload(101, inTeClock), Payload.NONE),
                new LegFormats(new Payload(0, 8000), new Payload(101, outTeClock), Payload.NONE),
                sendAllowed,
                null);
    }

    private void queueFromRoom(int pt, boolean marker, int seq, long ts, long ssrc, byte[] payload) {
        byte[] b = new byte[12 + payload.length];
        RtpPacket.writeHeader(b, 0, marker, pt, seq, ts, ssrc);
        System.arraycopy(payload, 0, b, 12, payload.length);
        assertThat(relay.fromRoom().offer(PacketRing.RTP, b, 0, b.length, System.nanoTime()))
                .isTrue();
        loop.roomPacketsQueued(relay);
    }

    @Test
    void passThroughRewritesHeadersBothWaysOverRealSockets() throws Exception {
        onLoop(() -> relay.configure(pcmu(true, 8000, 8000), pcmu(true, 8000, 8000)));
        List<byte[]> atSip = new CopyOnWriteArrayList<>();
        echo.observe(p -> atSip.add(java.util.Arrays.copyOfRange(p.getData(), p.getOffset(), p.getLength())));
        for (int i = 0; i < 50; i++) {
            queueFromRoom(0, i == 0, 65530 + i & 0xffff, 1000 + 160L * i, 0xabcdefL, new byte[160]);
            Thread.sleep(2);
        }
        await(() -> toRoom.size() == 50, "50 packets echoed back to the room");

        RtpPacket first = RtpPacket.of(atSip.get(0), 0, atSip.get(0).length);
        assertThat(first.ssrc()).isEqualTo(SSRCS.sipAudio());
        assertThat(first.marker()).isTrue();
        for (int i = 1; i < atSip.size(); i++) {
            RtpPacket p = RtpPacket.of(atSip.get(i), 0, atSip.get(i).length);
            assertThat(p.sequence()).isEqualTo((first.sequence() + i) & 0xffff);
            assertThat(p.timestamp()).isEqualTo((first.timestamp() + 160L * i) & 0xffffffffL);
        }
        RtpPacket back = RtpPacket.of(toRoom.get(49), 0, toRoom.get(49).length);
        assertThat(back.ssrc()).isEqualTo(SSRCS.roomAudio());
        assertThat(back.payloadType()).isZero();
        assertThat(back.payloadLength()).isEqualTo(160);

        var sip = relay.sipCounters();
        await(() -> relay.sipCounters().packetsReceived() == 50, "SIP counters");
        assertThat(sip.packetsSent()).isEqualTo(50);
        assertThat(relay.roomCounters().packetsReceived()).isEqualTo(50);
        assertThat(relay.roomCounters().packetsSent()).isEqualTo(50);
        assertThat(relay.sipLeg().latchedRtpSource()).isEqualTo(echo.address());
    }

    @Test
    void holdStopsSendingTowardSipButKeepsReceiving() throws Exception {
        onLoop(() -> relay.configure(pcmu(false, 8000, 8000), pcmu(true, 8000, 8000)));
        for (int i = 0; i < 10; i++) {
            queueFromRoom(0, false, i, 160L * i, 5, new byte[160]);
        }
        await(() -> relay.roomCounters().packetsReceived() == 10, "room packets processed");
        assertThat(relay.sipCounters().packetsSent()).isZero();
        assertThat(echo.echoed()).isZero();
    }

    @Test
    void telephoneEventsAreRescaledBetweenClocks() throws Exception {
        // Room sends events at 48 kHz, SIP takes them at 8 kHz; the echo returns them and they are scaled back.
        onLoop(() -> relay.configure(pcmu(true, 48000, 8000), pcmu(true, 8000, 48000)));
        List<byte[]> atSip = new CopyOnWriteArrayList<>();
        echo.observe(p -> atSip.add(java.util.Arrays.copyOfRange(p.getData(), p.getOffset(), p.getLength())));
        byte[] ev = {5, 0x0a, 0, 0};
        for (int i = 0; i < 5; i++) {
            Bytes.put16(ev, 2, 960 * (i + 1)); // 20 ms steps at 48 kHz
            queueFromRoom(101, i == 0, 100 + i, 48_000, 9, ev.clone());
        }
        await(() -> toRoom.size() == 5, "events back at the room");
        RtpPacket atSip4 = RtpPacket.of(atSip.get(4), 0, atSip.get(4).length);
        assertThat(atSip4.payloadType()).isEqualTo(101);
        assertThat(Bytes.u16(atSip4.buffer(), atSip4.payloadOffset() + 2)).isEqualTo(800); // 100 ms at 8 kHz
        RtpPacket firstAtSip = RtpPacket.of(atSip.get(0), 0, atSip.get(0).length);
        assertThat(firstAtSip.marker()).isTrue();
        assertThat(atSip4.timestamp()).isEqualTo(firstAtSip.timestamp()); // one event, one timestamp
        RtpPacket back = RtpPacket.of(toRoom.get(4), 0, toRoom.get(4).length);
        assertThat(Bytes.u16(back.buffer(), back.payloadOffset() + 2)).isEqualTo(4800);
        // One event: reported once from each side, whatever the number of packets.
        assertThat(events).containsExactlyInAnyOrder("room:5:true", "sip:5");
    }

    @Test
    void digitsSentToSipAreRfc4733EventsInPlaceOfAudio() throws Exception {
        onLoop(() -> relay.configure(pcmu(true, 8000, 8000), pcmu(true, 8000, 8000)));
        List<byte[]> atSip = new CopyOnWriteArrayList<>();
        echo.observe(p -> atSip.add(java.util.Arrays.copyOfRange(p.getData(), p.getOffset(), p.getLength())));
        onLoop(() -> assertThat(relay.sendDtmfToSip("1#", 100)).isTrue());
        BooleanSupplier allEnds = () -> atSip.stream()
                        .map(b -> RtpPacket.of(b, 0, b.length))
                        .filter(p -> p.payloadType() == 101 && (p.buffer()[p.payloadOffset() + 1] & 0x80) != 0)
                        .count()
                == 6;
        await(allEnds, "both digits sent with their end packets");
        await(() -> events.size() == 2, "both digits echoed back and reported");
        assertThat(events).containsExactly("sip:1", "sip:#");
        List<RtpPacket> te = atSip.stream()
                .map(b -> RtpPacket.of(b, 0, b.length))
                .filter(p -> p.payloadType() == 101)
                .toList();
        // Per digit: a start with the marker, updates, three end packets (RFC 4733 section 2.5.1.4).
        assertThat(te.stream().filter(RtpPacket::marker).count()).isEqualTo(2);
        assertThat(te.stream()
                        .filter(p -> (p.buffer()[p.payloadOffset() + 1] & 0x80) != 0)
                        .count())
                .isEqualTo(6);
        assertThat(te.get(0).ssrc()).isEqualTo(SSRCS.sipAudio());
        for (int i = 1; i < te.size(); i++) {
            assertThat(te.get(i).sequence()).isEqualTo((te.get(i - 1).sequence() + 1) & 0xffff);
        }
        await(() -> toRoom.size() == te.size(), "events forwarded to the room");
    }

    @Test
    void rtcpMultiplexedOnTheRtpPortIsReadAsRtcp() throws Exception {
        onLoop(() -> relay.configure(pcmu(true, 8000, 8000), pcmu(true, 8000, 8000)));
        byte[] rr = new byte[8];
        int n = io.dialout.media.rtp.RtcpWriter.receiverReport(rr, 0, 0x9999, List.of());
        try (java.net.DatagramSocket peer = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            peer.send(new java.net.DatagramPacket(
                    rr,
                    n,
                    new InetSocketAddress(
                            InetAddress.getLoopbackAddress(),
                            relay.sipLeg().ports().rtpPort())));
            await(() -> relay.sipCounters().packetsReceived() == 1, "the RR counted");
        }
        CompletableFuture<Long> reports = new CompletableFuture<>();
        loop.execute(() -> reports.complete(relay.sipRtcp().reportsReceived()));
        assertThat(reports.get(5, TimeUnit.SECONDS)).isEqualTo(1);
    }

    @Test
    void mediaTimeoutFiresOnceWhenTheSipLegIsSilent() throws Exception {
        onLoop(() -> relay.configure(pcmu(true, 8000, 8000), pcmu(true, 8000, 8000)));
        onLoop(() -> relay.armMediaTimeout(true, 300_000_000L, System.nanoTime()));
        await(() -> !events.isEmpty(), "media timeout");
        assertThat(events).containsExactly("timeout:no RTP from SIP for 0.3 s");
    }
}
