package io.dialout.media.webrtc;

import io.dialout.media.srtp.SrtpProfile;
import io.dialout.media.srtp.SrtpSession;
import io.dialout.media.webrtc.dtls.DtlsFactory;
import io.dialout.media.webrtc.dtls.DtlsIdentity;
import io.dialout.media.webrtc.dtls.DtlsSession;
import io.dialout.media.webrtc.dtls.DtlsSrtpKeys;
import io.dialout.media.webrtc.stun.Stun;
import io.dialout.media.webrtc.stun.StunCredentials;
import io.dialout.media.webrtc.stun.StunMessage;
import io.dialout.media.webrtc.stun.StunWriter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The browser's side of the room transport, for loopback tests: a full (controlling) ICE agent's connectivity checks,
 * a BouncyCastle DTLS peer with its own certificate, and SRTP, all over a real UDP socket toward a {@link RoomPort}.
 */
final class LoopbackRoomPeer implements AutoCloseable {
    final String ufrag = RoomEndpoint.randomUfrag();
    final String pwd = RoomEndpoint.randomPassword();
    final DtlsIdentity identity = DtlsIdentity.generate();
    final DatagramChannel channel;
    final InetSocketAddress target;
    final CompletableFuture<DtlsSrtpKeys> keys = new CompletableFuture<>();
    final CompletableFuture<String> dtlsFailure = new CompletableFuture<>();
    final AtomicInteger rtpReceived = new AtomicInteger();
    final AtomicInteger rtcpReceived = new AtomicInteger();
    final AtomicInteger srtpErrors = new AtomicInteger();
    volatile byte[] lastRtp;

    private final BlockingQueue<byte[]> stun = new LinkedBlockingQueue<>();
    private final java.util.List<byte[]> seen = new java.util.ArrayList<>();
    /** SRTP that arrived before we had keys (a socket that only checks, as after a move). */
    final AtomicInteger mediaWithoutKeys = new AtomicInteger();

    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final Thread reader;
    private volatile DtlsSession dtls;
    private volatile SrtpSession srtp;
    private volatile boolean dtlsServer;

    LoopbackRoomPeer(InetSocketAddress target) throws IOException {
        this.target = target;
        channel = DatagramChannel.open(
                target.getAddress() instanceof java.net.Inet6Address
                        ? java.net.StandardProtocolFamily.INET6
                        : java.net.StandardProtocolFamily.INET);
        channel.bind(new InetSocketAddress(target.getAddress(), 0));
        reader = new Thread(this::readLoop, "peer-reader");
        reader.setDaemon(true);
        reader.start();
    }

    InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    /** A parsed copy of a STUN response. */
    record Response(int type, int errorCode, InetSocketAddress mapped, boolean integrityOk, boolean fingerprintOk) {}

    /** Sends a Binding request as a controlling full agent and waits for the response with the same transaction. */
    Response check(String username, String password, boolean integrity, boolean useCandidate, boolean controlled)
            throws Exception {
        byte[] tx = send(username, password, integrity, useCandidate, controlled);
        return awaitResponse(tx, password);
    }

    /**
     * True when a check for {@code username} gets no answer: a valid probe check is sent right after it on the same
     * 4-tuple (so the same reader socket handles both, in order), and the probe's answer arrives first.
     */
    boolean unanswered(String username, String password, String probeUfrag, String probePwd) throws Exception {
        byte[] tx = send(username, password, true, false, false);
        byte[] probe = send(probeUfrag + ":" + ufrag, probePwd, true, false, false);
        if (awaitResponse(probe, probePwd) == null) {
            throw new AssertionError("the probe check got no answer");
        }
        synchronized (seen) {
            return seen.stream().noneMatch(r -> Arrays.equals(r, 8, 20, tx, 0, 12));
        }
    }

    private byte[] send(String username, String password, boolean integrity, boolean useCandidate, boolean controlled)
            throws IOException {
        byte[] tx = new byte[12];
        ThreadLocalRandom.current().nextBytes(tx);
        byte[] out = new byte[256];
        StunWriter w = new StunWriter()
                .start(out, 0, Stun.BINDING_REQUEST, tx, 0)
                .addString(Stun.ATTR_USERNAME, username)
                .addInt(Stun.ATTR_PRIORITY, 0x6e7f1eff);
        if (controlled) {
            w.addLong(Stun.ATTR_ICE_CONTROLLED, 42);
        } else {
            w.addLong(Stun.ATTR_ICE_CONTROLLING, 42);
        }
        if (useCandidate) {
            w.addFlag(Stun.ATTR_USE_CANDIDATE);
        }
        if (integrity) {
            w.addMessageIntegrity(StunCredentials.hmacSha1(password));
        }
        w.addFingerprint();
        channel.send(ByteBuffer.wrap(out, 0, w.length()), target);
        return tx;
    }

    private Response awaitResponse(byte[] tx, String password) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            byte[] r = stun.poll(100, TimeUnit.MILLISECONDS);
            if (r == null) {
                continue;
            }
            synchronized (seen) {
                seen.add(r);
            }
            if (!Arrays.equals(r, 8, 20, tx, 0, 12)) {
                continue; // an answer to another check
            }
            StunMessage m = new StunMessage();
            if (!m.wrap(r, 0, r.length)) {
                throw new AssertionError("malformed STUN response");
            }
            boolean mi = m.hasMessageIntegrity()
                    && m.verifyMessageIntegrity(StunCredentials.hmacSha1(password), new byte[20]);
            return new Response(m.type(), m.errorCode(), m.xorMappedAddress(), mi, m.verifyFingerprint());
        }
        return null;
    }

    /** The check a browser sends: USERNAME "gatewayUfrag:ourUfrag", keyed with the gateway's password. */
    Response check(String gatewayUfrag, String gatewayPwd, boolean useCandidate) throws Exception {
        return check(gatewayUfrag + ":" + ufrag, gatewayPwd, true, useCandidate, false);
    }

    /** Starts our DTLS role: server when the gateway is the client, and the reverse. */
    void startDtls(boolean asServer, String gatewayFingerprint, SrtpProfile... preference) {
        dtlsServer = asServer;
        DtlsFactory f =
                preference.length == 0 ? new DtlsFactory(identity, pool) : new DtlsFactory(identity, pool, preference);
        dtls = f.create(
                asServer,
                "sha-256",
                gatewayFingerprint,
                Duration.ofSeconds(10),
                (b, o, l) -> channel.send(ByteBuffer.wrap(b, o, l), target),
                new DtlsSession.Listener() {
                    @Override
                    public void dtlsConnected(DtlsSrtpKeys k) {
                        srtp = k.session(asServer);
                        keys.complete(k);
                    }

                    @Override
                    public void dtlsFailed(String reason) {
                        dtlsFailure.complete(reason);
                        keys.completeExceptionally(new IOException(reason));
                    }
                });
        dtls.start();
    }

    /** Ends our DTLS association with close_notify, as a browser does when its peer connection closes. */
    void closeDtls() throws IOException {
        srtpWhenReady(); // our side of the handshake must be done, or there is no association to close
        dtls.close();
    }

    /**
     * Our SRTP session, once our side of the handshake is done too: the gateway's endpoint may report connected a
     * moment before we do (as DTLS client we finish on the server's Finished), so tests that wait for the gateway
     * must not race us here.
     */
    private SrtpSession srtpWhenReady() throws IOException {
        try {
            keys.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("no SRTP keys on the peer's side: " + e, e);
        }
        return srtp;
    }

    void sendRtp(int ssrc, int seq, int pt, int payloadLen) throws IOException {
        byte[] b = new byte[12 + payloadLen + SrtpSession.MAX_OVERHEAD];
        ByteBuffer.wrap(b)
                .put((byte) 0x80)
                .put((byte) pt)
                .putShort((short) seq)
                .putInt(seq * 960)
                .putInt(ssrc);
        Arrays.fill(b, 12, 12 + payloadLen, (byte) seq);
        int n = srtpWhenReady().protectRtp(b, 0, 12 + payloadLen);
        channel.send(ByteBuffer.wrap(b, 0, n), target);
    }

    void sendRtcpReceiverReport(int ssrc) throws IOException {
        byte[] b = new byte[8 + SrtpSession.MAX_OVERHEAD];
        ByteBuffer.wrap(b).put((byte) 0x80).put((byte) 201).putShort((short) 1).putInt(ssrc);
        int n = srtpWhenReady().protectRtcp(b, 0, 8);
        channel.send(ByteBuffer.wrap(b, 0, n), target);
    }

    void sendRaw(byte[] b) throws IOException {
        channel.send(ByteBuffer.wrap(b), target);
    }

    private void readLoop() {
        byte[] buf = new byte[2048];
        ByteBuffer bb = ByteBuffer.wrap(buf);
        while (channel.isOpen()) {
            bb.clear();
            try {
                channel.receive(bb);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                continue;
            }
            int len = bb.position();
            PacketClass kind = PacketClass.of(buf, 0, len);
            switch (kind) {
                case STUN -> stun.add(Arrays.copyOf(buf, len));
                case DTLS -> {
                    DtlsSession d = dtls;
                    if (d != null) {
                        if (dtlsServer && !d.isStarted()) {
                            d.start();
                        }
                        d.deliver(buf, 0, len);
                    }
                }
                case RTP, RTCP -> {
                    SrtpSession s = srtp;
                    if (s == null) {
                        mediaWithoutKeys.incrementAndGet();
                        continue;
                    }
                    int n = kind == PacketClass.RTP ? s.unprotectRtp(buf, 0, len) : s.unprotectRtcp(buf, 0, len);
                    if (n < 0) {
                        srtpErrors.incrementAndGet();
                    } else if (kind == PacketClass.RTP) {
                        lastRtp = Arrays.copyOf(buf, n);
                        rtpReceived.incrementAndGet();
                    } else {
                        rtcpReceived.incrementAndGet();
                    }
                }
                default -> {}
            }
        }
    }

    @Override
    public void close() throws Exception {
        DtlsSession d = dtls;
        if (d != null) {
            d.close();
        }
        channel.close();
        reader.join(2000);
        pool.shutdownNow();
        pool.awaitTermination(2, TimeUnit.SECONDS);
    }
}
