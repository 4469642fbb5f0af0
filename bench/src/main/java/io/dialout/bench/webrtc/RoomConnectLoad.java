package io.dialout.bench.webrtc;

import io.dialout.media.webrtc.RoomEndpoint;
import io.dialout.media.webrtc.RoomPort;
import io.dialout.media.webrtc.dtls.DtlsFactory;
import io.dialout.media.webrtc.dtls.DtlsIdentity;
import io.dialout.media.webrtc.dtls.DtlsSession;
import io.dialout.media.webrtc.dtls.DtlsSrtpKeys;
import io.dialout.media.webrtc.stun.Stun;
import io.dialout.media.webrtc.stun.StunCredentials;
import io.dialout.media.webrtc.stun.StunWriter;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Call set-up cost on the room side: {@code calls} sequential connections, each an ICE check with USE-CANDIDATE and
 * a full DTLS 1.2 handshake (BouncyCastle client with its own ECDSA certificate against the RoomPort's server),
 * timed from the check to the endpoint's connected(). Prints p50/p90/max in milliseconds.
 * <pre>java -cp bench/target/benchmarks.jar io.dialout.bench.webrtc.RoomConnectLoad [calls]</pre>
 */
public final class RoomConnectLoad {
    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        DtlsIdentity gateway = DtlsIdentity.generate();
        DtlsIdentity room = DtlsIdentity.generate();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        DtlsFactory roomDtls = new DtlsFactory(room, pool);
        double[] millis = new double[calls];
        try (RoomPort port = new RoomPort(new InetSocketAddress("127.0.0.1", 0), 1, gateway)) {
            for (int i = 0; i < calls; i++) {
                millis[i] = connectOnce(port, gateway, room, roomDtls);
            }
        } finally {
            pool.shutdownNow();
        }
        int warm = Math.min(10, calls / 2);
        double[] sorted = Arrays.copyOfRange(millis, warm, calls);
        Arrays.sort(sorted);
        System.out.printf(
                "%d connections after %d warm-up: p50 %.1f ms, p90 %.1f ms, max %.1f ms%n",
                sorted.length,
                warm,
                sorted[sorted.length / 2],
                sorted[(int) (sorted.length * 0.9)],
                sorted[sorted.length - 1]);
    }

    @SuppressWarnings(
            "try") // the channel is closed inside its try on purpose, to end the reader thread before the join
    private static double connectOnce(RoomPort port, DtlsIdentity gateway, DtlsIdentity room, DtlsFactory roomDtls)
            throws Exception {
        String ufrag = RoomEndpoint.randomUfrag();
        String pwd = RoomEndpoint.randomPassword();
        CountDownLatch connected = new CountDownLatch(1);
        RoomEndpoint ep = port.open(
                new RoomEndpoint.Config(
                        ufrag,
                        pwd,
                        "room",
                        "roompasswordroompassword",
                        "sha-256",
                        room.fingerprintSha256(),
                        true,
                        Duration.ofSeconds(20),
                        Duration.ofSeconds(60)),
                new RoomEndpoint.Handler() {
                    @Override
                    public void connected() {
                        connected.countDown();
                    }

                    @Override
                    public void failed(String reason) {
                        System.err.println("failed: " + reason);
                    }

                    @Override
                    public void rtp(byte[] b, int o, int l) {}

                    @Override
                    public void rtcp(byte[] b, int o, int l) {}
                });
        try (DatagramChannel ch = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            CompletableFuture<DtlsSrtpKeys> keys = new CompletableFuture<>();
            DtlsSession dtls = roomDtls.create(
                    false,
                    "sha-256",
                    gateway.fingerprintSha256(),
                    Duration.ofSeconds(20),
                    (b, o, l) -> ch.send(ByteBuffer.wrap(b, o, l), port.localAddress()),
                    new DtlsSession.Listener() {
                        @Override
                        public void dtlsConnected(DtlsSrtpKeys k) {
                            keys.complete(k);
                        }

                        @Override
                        public void dtlsFailed(String r) {
                            keys.completeExceptionally(new Exception(r));
                        }
                    });
            Thread reader = new Thread(() -> {
                ByteBuffer in = ByteBuffer.allocate(2048);
                while (ch.isOpen()) {
                    in.clear();
                    try {
                        ch.receive(in);
                    } catch (Exception e) {
                        return;
                    }
                    int first = in.get(0) & 0xFF;
                    if (first >= 20 && first <= 63) {
                        dtls.deliver(in.array(), 0, in.position());
                    }
                }
            });
            reader.start();
            long t0 = System.nanoTime();
            sendCheck(ch, port.localAddress(), ufrag + ":room", pwd);
            dtls.start();
            if (!connected.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not connected");
            }
            double ms = (System.nanoTime() - t0) / 1e6;
            keys.get(20, TimeUnit.SECONDS);
            ep.close();
            dtls.close();
            ch.close(); // before the join: closing the channel is what ends the reader thread
            reader.join();
            return ms;
        }
    }

    private static void sendCheck(DatagramChannel ch, InetSocketAddress to, String user, String pwd) throws Exception {
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
    }
}
