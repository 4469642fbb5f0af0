package io.dialout.bench.relay;

import io.dialout.media.engine.IoLoop;
import io.dialout.media.relay.CallRelay;
import io.dialout.media.relay.DirectionConfig;
import io.dialout.media.relay.PacketRing;
import io.dialout.media.relay.PacketSink;
import io.dialout.media.relay.RelayEvents;
import io.dialout.media.rtp.RtpPacket;
import io.dialout.media.sipleg.PortPairPool;
import io.dialout.media.sipleg.SipLeg;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CPU of one I/O thread per relayed packet with real UDP on the SIP side: N pass-through PCMU calls, room packets
 * queued at 50 packets/s per call as the room port's reader would (the room's SRTP and socket are not included),
 * sent to a UDP echo (another thread) and relayed back toward the room. Reports the I/O thread's CPU time divided by
 * the packets it relayed (both directions).
 * <pre>java -cp bench/target/benchmarks.jar io.dialout.bench.relay.RelayLoad [calls] [seconds]</pre>
 */
public final class RelayLoad {

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        InetAddress lo = InetAddress.getLoopbackAddress();
        int base = 30000 + 2 * (int) (Math.random() * 5000);
        PortPairPool pool = new PortPairPool(lo, base, base + 2 * calls + 199);
        IoLoop loop = new IoLoop("bench-io");
        loop.start();
        AtomicLong toRoom = new AtomicLong();
        DatagramSocket echo = new DatagramSocket(new InetSocketAddress(lo, 0));
        echo.setReceiveBufferSize(4 << 20);
        Thread echoThread = new Thread(
                () -> {
                    byte[] b = new byte[2048];
                    DatagramPacket p = new DatagramPacket(b, b.length);
                    while (!echo.isClosed()) {
                        try {
                            p.setData(b);
                            echo.receive(p);
                            echo.send(p);
                        } catch (java.io.IOException e) {
                            return;
                        }
                    }
                },
                "echo");
        echoThread.setDaemon(true);
        echoThread.start();
        PacketSink room = new PacketSink() {
            @Override
            public boolean ready() {
                return true;
            }

            @Override
            public boolean sendRtp(byte[] buf, int off, int len) {
                toRoom.lazySet(toRoom.get() + 1); // only the I/O thread writes
                return true;
            }

            @Override
            public boolean sendRtcp(byte[] buf, int off, int len) {
                return true;
            }
        };
        RelayEvents quiet = new RelayEvents() {
            @Override
            public void dtmfFromRoom(char digit, boolean forwarded) {}

            @Override
            public void dtmfFromSip(char digit) {}

            @Override
            public void mediaTimeout(String reason) {}
        };
        DirectionConfig pcmu = new DirectionConfig(
                new DirectionConfig.LegFormats(
                        new DirectionConfig.Payload(0, 8000),
                        new DirectionConfig.Payload(101, 8000),
                        DirectionConfig.Payload.NONE),
                new DirectionConfig.LegFormats(
                        new DirectionConfig.Payload(0, 8000),
                        new DirectionConfig.Payload(101, 8000),
                        DirectionConfig.Payload.NONE),
                true,
                null);
        List<CallRelay> relays = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            SipLeg sip = new SipLeg(pool.allocate(), 2_000_000_000L);
            InetSocketAddress to = new InetSocketAddress(lo, echo.getLocalPort());
            sip.signal(to, to);
            sip.expectPayloadTypes(0, 101);
            CallRelay r = new CallRelay(
                    "c" + i,
                    sip,
                    null,
                    room,
                    loop.buffers(),
                    quiet,
                    new CallRelay.Ssrcs(i + 1, i + 2, i + 3, i + 4),
                    "bench",
                    64);
            loop.register(r).get(5, TimeUnit.SECONDS);
            loop.execute(() -> r.configure(pcmu, pcmu));
            relays.add(r);
        }
        byte[] pkt = new byte[172];
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        long end = warmupEnd + TimeUnit.SECONDS.toNanos(seconds);
        long cpu0 = -1;
        long relayed0 = 0;
        long next = System.nanoTime();
        int seq = 0;
        while (System.nanoTime() < end) {
            if (cpu0 < 0 && System.nanoTime() >= warmupEnd) {
                cpu0 = mx.getThreadCpuTime(loop.threadId());
                relayed0 = relayed(relays, toRoom);
            }
            seq++;
            for (int i = 0; i < calls; i++) {
                RtpPacket.writeHeader(pkt, 0, false, 0, seq & 0xffff, 160L * seq, 0x10000 + i);
                relays.get(i).fromRoom().offer(PacketRing.RTP, pkt, 0, pkt.length, System.nanoTime());
                loop.signal();
            }
            next += 20_000_000L;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait); // pacing the generator at 50 packets/s per call
            }
        }
        long cpu = mx.getThreadCpuTime(loop.threadId()) - cpu0;
        long relayed = relayed(relays, toRoom) - relayed0;
        System.out.printf(
                "calls=%d seconds=%d relayed=%d packets (both directions) io-thread-cpu=%.1f ms"
                        + " -> %.2f us/packet, %.2f%% of a core per call%n",
                calls,
                seconds,
                relayed,
                cpu / 1e6,
                cpu / 1e3 / Math.max(1, relayed),
                100.0 * cpu / (seconds * 1e9) / calls);
        for (CallRelay r : relays) {
            loop.unregister(r).get(5, TimeUnit.SECONDS);
        }
        loop.close();
        echo.close();
    }

    private static long relayed(List<CallRelay> relays, AtomicLong toRoom) {
        long n = toRoom.get();
        for (CallRelay r : relays) {
            n += r.sipCounters().packetsSent();
        }
        return n;
    }
}
