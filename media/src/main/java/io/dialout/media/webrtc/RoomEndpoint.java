package io.dialout.media.webrtc;

import io.dialout.media.srtp.SrtpProfile;
import io.dialout.media.srtp.SrtpSession;
import io.dialout.media.webrtc.dtls.DtlsSession;
import io.dialout.media.webrtc.dtls.DtlsSrtpKeys;
import io.dialout.media.webrtc.stun.StunMessage;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One call's WebRTC transport on the shared {@link RoomPort}: ICE-lite answers, DTLS-SRTP, and SRTP/SRTCP both ways.
 * <p>
 * Threading: {@link Handler#rtp}/{@link Handler#rtcp} run on the thread that read the port's socket (a reader thread
 * of the port, or the I/O loop that drives it) with the decrypted packet; {@link Handler#connected} and
 * {@link Handler#failed} run on a reader, loop, handshake or timer thread. Handlers must hand
 * work to the call's executor and return at once. All sends of one endpoint come from one thread.
 */
public final class RoomEndpoint implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RoomEndpoint.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ICE_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

    /**
     * What the endpoint needs from the offer/answer exchange.
     *
     * @param localUfrag                 our ICE ufrag (in our answer; demultiplexes STUN on the shared port)
     * @param localPwd                   our ICE password: keys MESSAGE-INTEGRITY of the checks we answer
     * @param remoteUfrag                the room's ufrag; checks must carry USERNAME "localUfrag:remoteUfrag"
     * @param remotePwd                  the room's password (a lite agent sends no checks; kept for completeness)
     * @param remoteFingerprintAlgorithm the hash of the room's a=fingerprint, e.g. "sha-256"
     * @param remoteFingerprint          the room's certificate fingerprint "AB:CD:..."
     * @param dtlsServer                 true when the room said a=setup:actpass or active (we answer passive)
     * @param connectTimeout             ICE nomination plus DTLS must complete within this
     * @param consentTimeout             after connection, no valid check for this long means consent is lost
     */
    public record Config(
            String localUfrag,
            String localPwd,
            String remoteUfrag,
            String remotePwd,
            String remoteFingerprintAlgorithm,
            String remoteFingerprint,
            boolean dtlsServer,
            Duration connectTimeout,
            Duration consentTimeout) {
        public Config {
            Objects.requireNonNull(localUfrag, "localUfrag");
            Objects.requireNonNull(localPwd, "localPwd");
            Objects.requireNonNull(remoteFingerprintAlgorithm, "remoteFingerprintAlgorithm");
            Objects.requireNonNull(remoteFingerprint, "remoteFingerprint");
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(consentTimeout, "consentTimeout");
            if (localUfrag.length() < 4 || localPwd.length() < 22) {
                // RFC 8839 section 5.4: ufrag at least 4 ice-chars, password at least 22.
                throw new IllegalArgumentException("ICE ufrag needs >= 4 chars and password >= 22");
            }
            if (localUfrag.indexOf(':') >= 0) {
                throw new IllegalArgumentException("ufrag must not contain ':'");
            }
        }
    }

    /** Events of the endpoint; see the class comment for threads. */
    public interface Handler {
        /** ICE nominated a pair and DTLS-SRTP completed: media can flow. Called once. */
        void connected();

        /** ICE/DTLS failed, timed out, or consent was lost. Called at most once; the owner should close. */
        void failed(String reason);

        /** A decrypted RTP packet; the buffer is reused after return. */
        void rtp(byte[] buf, int off, int len);

        /** A decrypted (compound) RTCP packet; the buffer is reused after return. */
        void rtcp(byte[] buf, int off, int len);
    }

    /** 8 random ice-chars (48 bits): RFC 8839 section 5.4 wants at least 24 bits of randomness. */
    public static String randomUfrag() {
        return randomIceChars(8);
    }

    /** 24 random ice-chars (144 bits): RFC 8839 section 5.4 wants at least 128 bits. */
    public static String randomPassword() {
        return randomIceChars(24);
    }

    private static String randomIceChars(int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = ICE_CHARS[RANDOM.nextInt(ICE_CHARS.length)];
        }
        return new String(c);
    }

    private final RoomPort port;
    private final Config config;
    private final Handler handler;
    private final IceLite ice;
    private final DtlsSession dtls;
    private final long openedNanos = System.nanoTime();

    private volatile InetSocketAddress remote; // where we send: the nominated address (or last valid before)
    private volatile DatagramChannel remoteChannel; // the reader socket that address arrives on
    private volatile boolean nominated;
    private volatile long lastConsentNanos;
    private volatile SrtpSession srtp;
    private volatile boolean connected;
    private volatile boolean closed;
    private final AtomicBoolean failedOnce = new AtomicBoolean();
    private final AtomicBoolean connectedOnce = new AtomicBoolean();

    private final AtomicLong packetsIn = new AtomicLong();
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong packetsOut = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private final AtomicLong srtpAuthFailures = new AtomicLong();
    private final AtomicLong srtpReplays = new AtomicLong();
    private final AtomicLong stunChecks = new AtomicLong();
    private final AtomicLong stunRejected = new AtomicLong();

    // Sender-thread state: a reused wrapper for the caller's buffer.
    private ByteBuffer sendWrapper;

    RoomEndpoint(RoomPort port, Config config, Handler handler) {
        this.port = port;
        this.config = config;
        this.handler = handler;
        this.ice = new IceLite(config.localUfrag(), config.localPwd(), config.remoteUfrag());
        this.dtls = port.dtlsFactory()
                .create(
                        config.dtlsServer(),
                        config.remoteFingerprintAlgorithm(),
                        config.remoteFingerprint(),
                        config.connectTimeout(),
                        this::sendDtls,
                        new DtlsEvents());
    }

    public Config config() {
        return config;
    }

    public String localUfrag() {
        return config.localUfrag();
    }

    public boolean isConnected() {
        return connected && !closed;
    }
    /** The latched remote address (the nominated pair), or null before the first valid check. */
    public InetSocketAddress remoteAddress() {
        return remote;
    }
    /** The negotiated SRTP profile, or null before DTLS completes. */
    public SrtpProfile srtpProfile() {
        SrtpSession s = srtp;
        return s == null ? null : s.profile();
    }

    public long packetsIn() {
        return packetsIn.get();
    }

    public long bytesIn() {
        return bytesIn.get();
    }

    public long packetsOut() {
        return packetsOut.get();
    }

    public long bytesOut() {
        return bytesOut.get();
    }

    public long srtpAuthFailures() {
        return srtpAuthFailures.get();
    }

    public long srtpReplays() {
        return srtpReplays.get();
    }
    /** Valid connectivity checks answered with success. */
    public long stunChecks() {
        return stunChecks.get();
    }
    /** Checks answered with an error (400/401/487). */
    public long stunRejected() {
        return stunRejected.get();
    }

    /**
     * Protects an RTP packet in place and sends it to the latched address. The buffer must have
     * {@link SrtpSession#MAX_OVERHEAD} spare bytes after {@code len}.
     *
     * @return false when not connected (the packet is dropped)
     */
    public boolean sendRtp(byte[] buf, int off, int len) {
        return send(buf, off, len, false);
    }

    /** As {@link #sendRtp} for a (compound) RTCP packet (SRTCP, RFC 3711 section 3.4). */
    public boolean sendRtcp(byte[] buf, int off, int len) {
        return send(buf, off, len, true);
    }

    private boolean send(byte[] buf, int off, int len, boolean rtcp) {
        SrtpSession s = srtp;
        InetSocketAddress to = remote;
        DatagramChannel ch = remoteChannel;
        if (!connected || closed || s == null || to == null) {
            return false;
        }
        int n = rtcp ? s.protectRtcp(buf, off, len) : s.protectRtp(buf, off, len);
        ByteBuffer bb = sendWrapper;
        if (bb == null || bb.array() != buf) {
            bb = ByteBuffer.wrap(buf);
            sendWrapper = bb;
        }
        bb.limit(off + n).position(off);
        try {
            if (ch.send(bb, to) == 0) {
                return false; // a non-blocking socket whose send buffer is full: a lost packet
            }
        } catch (IOException e) {
            return false; // UDP: a send error (e.g. ICMP-induced) is a lost packet, consent decides liveness
        }
        packetsOut.incrementAndGet();
        bytesOut.addAndGet(n);
        return true;
    }

    // ---- called by RoomPort reader threads ----

    /** A Binding request whose USERNAME starts with our ufrag. */
    void onStunRequest(StunMessage msg, InetSocketAddress from, DatagramChannel ch, RoomPort.ReaderScratch scratch) {
        if (closed) {
            return;
        }
        IceLite.Outcome outcome = ice.answer(msg, from, scratch.writer, scratch.out);
        if (outcome == IceLite.Outcome.DROPPED) {
            return;
        }
        if (outcome == IceLite.Outcome.REJECTED) {
            stunRejected.incrementAndGet();
        } else {
            // State first, then the response: once the browser sees the answer, the latch already points at it.
            latch(outcome == IceLite.Outcome.NOMINATED, from, ch);
        }
        scratch.send(ch, from);
    }

    private void latch(boolean useCandidate, InetSocketAddress from, DatagramChannel ch) {
        stunChecks.incrementAndGet();
        port.bindAddress(from, this);
        long now = System.nanoTime();
        InetSocketAddress current = remote;
        if (useCandidate) {
            // RFC 8445 section 7.3.1.5 (lite): USE-CANDIDATE selects this pair; a later nomination of another pair
            // (renomination, e.g. after a network change) moves media there.
            if (!from.equals(current)) {
                if (nominated) {
                    LOG.log(
                            Level.DEBUG,
                            () -> String.format("%s: renominated %s -> %s", config.localUfrag(), current, from));
                }
                remoteChannel = ch;
                remote = from;
            }
            lastConsentNanos = now;
            if (!nominated) {
                nominated = true;
                if (!config.dtlsServer()) {
                    dtls.start(); // we are the DTLS client: the selected pair is where the handshake goes
                }
                maybeConnected();
            }
        } else {
            if (!nominated) {
                remoteChannel = ch;
                remote = from; // until nomination, answer DTLS toward the latest valid address
            }
            if (from.equals(current)) {
                lastConsentNanos = now; // RFC 7675: consent is refreshed by checks on the selected pair
            }
        }
    }

    /** A DTLS record from an address that passed a check. */
    void onDtls(byte[] buf, int off, int len) {
        if (closed) {
            return;
        }
        if (config.dtlsServer() && !dtls.isStarted()) {
            dtls.start();
        }
        dtls.deliver(buf, off, len);
    }

    /** An SRTP or SRTCP packet from an address that passed a check. */
    void onMedia(byte[] buf, int off, int len, boolean rtcp) {
        SrtpSession s = srtp;
        if (s == null || closed) {
            return;
        }
        int n = rtcp ? s.unprotectRtcp(buf, off, len) : s.unprotectRtp(buf, off, len);
        if (n < 0) {
            if (n == SrtpSession.AUTH_FAILED) {
                srtpAuthFailures.incrementAndGet();
            } else if (n == SrtpSession.REPLAYED) {
                srtpReplays.incrementAndGet();
            }
            return;
        }
        packetsIn.incrementAndGet();
        bytesIn.addAndGet(len);
        try {
            if (rtcp) {
                handler.rtcp(buf, off, n);
            } else {
                handler.rtp(buf, off, n);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, () -> String.format("%s: media handler threw", config.localUfrag()), e);
        }
    }

    // ---- timers (RoomPort's timer thread) ----

    void tick(long nowNanos) {
        if (closed || failedOnce.get()) {
            return;
        }
        if (!connected) {
            if (nowNanos - openedNanos > config.connectTimeout().toNanos()) {
                fail("ice/dtls timeout");
            }
        } else if (nowNanos - lastConsentNanos > config.consentTimeout().toNanos()) {
            fail("ice consent lost"); // RFC 7675 section 5.1
        }
    }

    private void maybeConnected() {
        if (nominated && srtp != null && !closed && connectedOnce.compareAndSet(false, true)) {
            lastConsentNanos = System.nanoTime();
            connected = true;
            try {
                handler.connected();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, () -> String.format("%s: connected handler threw", config.localUfrag()), e);
            }
        }
    }

    private void fail(String reason) {
        if (closed || !failedOnce.compareAndSet(false, true)) {
            return;
        }
        connected = false;
        LOG.log(Level.DEBUG, () -> String.format("%s: failed: %s", config.localUfrag(), reason));
        try {
            handler.failed(reason);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, () -> String.format("%s: failed handler threw", config.localUfrag()), e);
        }
    }

    private void sendDtls(byte[] buf, int off, int len) throws IOException {
        InetSocketAddress to = remote;
        DatagramChannel ch = remoteChannel;
        if (to == null || ch == null) {
            throw new IOException("no ICE address yet");
        }
        ch.send(ByteBuffer.wrap(buf, off, len), to);
    }

    private final class DtlsEvents implements DtlsSession.Listener {
        @Override
        public void dtlsConnected(DtlsSrtpKeys keys) {
            if (closed) {
                return;
            }
            srtp = keys.session(config.dtlsServer());
            maybeConnected();
        }

        @Override
        public void dtlsFailed(String reason) {
            fail(reason);
        }
    }

    /** Releases the endpoint: unregisters it from the port's demultiplexer and ends DTLS. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        connected = false;
        port.unregister(this);
        dtls.close();
        SrtpSession s = srtp;
        if (s != null) {
            s.close();
        }
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "RoomEndpoint[" + config.localUfrag() + " -> " + remote + (connected ? ", connected" : "") + "]";
    }
}
