package io.dialout.bench.webrtc;

import io.dialout.media.webrtc.RoomEndpoint;
import io.dialout.media.webrtc.RoomPort;
import io.dialout.media.webrtc.dtls.DtlsIdentity;
import io.dialout.media.webrtc.stun.Stun;
import io.dialout.media.webrtc.stun.StunCredentials;
import io.dialout.media.webrtc.stun.StunWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How the shared room port reads: one socket and thread, or N sockets with SO_REUSEPORT and a thread each.
 * {@code endpoints} senders each pass an ICE check (so their address is latched), then two sender threads blast
 * 172-byte RTP-shaped datagrams at the port. The endpoints are not DTLS-connected, so the reader drops each datagram
 * right after the demultiplexer: this measures receive + classify + address lookup, the part the socket layout changes.
 * Prints datagrams received per second and reader CPU per datagram.
 * <pre>
 * java -cp bench/target/benchmarks.jar io.dialout.bench.webrtc.RoomPortReadLoad [readers] [endpoints] [packets]
 * </pre>
 */
public final class RoomPortReadLoad {
    public static void main(String[] args) throws Exception {
        int readers = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int endpoints = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int packets = args.length > 2 ? Integer.parseInt(args[2]) : 400_000;
        DtlsIdentity identity = DtlsIdentity.generate();
        try (RoomPort port = new RoomPort(new InetSocketAddress("127.0.0.1", 0), readers, identity)) {
            List<DatagramChannel> senders = new ArrayList<>();
            List<RoomEndpoint> eps = new ArrayList<>();
            for (int i = 0; i < endpoints; i++) {
                String ufrag = RoomEndpoint.randomUfrag();
                String pwd = RoomEndpoint.randomPassword();
                eps.add(port.open(
                        new RoomEndpoint.Config(
                                ufrag,
                                pwd,
                                "peer",
                                "peerpasswordpeerpassword",
                                "sha-256",
                                identity.fingerprintSha256(),
                                true,
                                Duration.ofMinutes(5),
                                Duration.ofMinutes(5)),
                        null));
                DatagramChannel ch = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
                check(ch, port.localAddress(), ufrag + ":peer", pwd);
                senders.add(ch);
            }
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            long[] ids = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("room-reader-" + port.port() + "-"))
                    .mapToLong(Thread::getId)
                    .toArray();
            long cpu0 = 0;
            for (long id : ids) {
                cpu0 += mx.getThreadCpuTime(id);
            }
            long rx0 = port.datagramsReceived();
            long t0 = System.nanoTime();
            Thread[] blasters = new Thread[2];
            for (int b = 0; b < blasters.length; b++) {
                int first = b;
                blasters[b] = new Thread(
                        () -> blast(senders, first, blasters.length, packets / blasters.length, port.localAddress()));
                blasters[b].start();
            }
            for (Thread t : blasters) {
                t.join();
            }
            long sentDone = System.nanoTime();
            long last = -1;
            while (port.datagramsReceived() != last) { // let the readers drain what the kernel queued
                last = port.datagramsReceived();
                Thread.sleep(50);
            }
            long cpu1 = 0;
            for (long id : ids) {
                cpu1 += mx.getThreadCpuTime(id);
            }
            long received = port.datagramsReceived() - rx0;
            double seconds = (sentDone - t0) / 1e9;
            System.out.printf(
                    "readers=%d sockets=%d endpoints=%d sent=%d received=%d (%.1f%%) %.0f datagrams/s, "
                            + "reader CPU %.2f us/datagram%n",
                    readers,
                    port.readerSockets(),
                    endpoints,
                    packets,
                    received,
                    100.0 * received / packets,
                    received / seconds,
                    (cpu1 - cpu0) / 1e3 / received);
            for (DatagramChannel ch : senders) {
                ch.close();
            }
            eps.forEach(RoomEndpoint::close);
        }
    }

    private static void blast(List<DatagramChannel> senders, int first, int stride, int count, InetSocketAddress to) {
        ByteBuffer pkt = ByteBuffer.allocateDirect(172);
        pkt.put((byte) 0x80).put((byte) 111);
        try {
            for (int i = 0; i < count; i++) {
                DatagramChannel ch = senders.get((first + i * stride) % senders.size());
                pkt.clear();
                ch.send(pkt, to);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void check(DatagramChannel ch, InetSocketAddress to, String user, String pwd) throws Exception {
        byte[] tx = new byte[12];
        ThreadLocalRandom.current().nextBytes(tx);
        byte[] out = new byte[200];
        StunWriter w = new StunWriter()
                .start(out, 0, Stun.BINDING_REQUEST, tx, 0)
                .addString(Stun.ATTR_USERNAME, user)
                .addLong(Stun.ATTR_ICE_CONTROLLING, 1)
                .addFlag(Stun.ATTR_USE_CANDIDATE)
                .addMessageIntegrity(StunCredentials.hmacSha1(pwd))
                .addFingerprint();
        ch.send(ByteBuffer.wrap(out, 0, w.length()), to);
        ByteBuffer in = ByteBuffer.allocate(512);
        ch.receive(in); // blocking: the success response
        if (in.get(0) != 0x01 || in.get(1) != 0x01) {
            throw new IllegalStateException("check failed");
        }
    }
}
