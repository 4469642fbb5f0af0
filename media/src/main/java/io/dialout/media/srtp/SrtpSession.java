package io.dialout.media.srtp;

import java.security.GeneralSecurityException;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.utils.logging2.Logger;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * SRTP and SRTCP for one leg (RFC 3711): protect with our keys, unprotect with the peer's. Packets are transformed in
 * place; protect needs {@link #MAX_OVERHEAD} spare bytes after the packet. Crypto contexts are made per SSRC on first
 * use (RFC 3711 section 3.2.3), so nothing is allocated per packet afterwards.
 * <p>
 * Threading: protect calls come from one sender thread; unprotect calls are serialised here because the room side
 * may read one endpoint from two reader threads while a renomination moves it to another 4-tuple.
 */
public final class SrtpSession implements AutoCloseable {
    /** Room to leave after a packet for protect: tag (16 max) plus the SRTCP index, rounded up generously. */
    public static final int MAX_OVERHEAD = 64;
    /** Unprotect results below zero. */
    public static final int AUTH_FAILED = -1;

    public static final int REPLAYED = -2;
    public static final int INVALID = -3;

    private static final Logger LOG = new LoggerImpl(SrtpSession.class.getName(), java.util.logging.Level.WARNING);
    private static final int MAX_SSRCS = 32;

    private final SrtpProfile profile;
    private final SrtpContextFactory sendFactory;
    private final SrtpContextFactory recvFactory;
    private final SsrcTable<SrtpCryptoContext> sendRtp = new SsrcTable<>(MAX_SSRCS);
    private final SsrcTable<SrtcpCryptoContext> sendRtcp = new SsrcTable<>(MAX_SSRCS);
    private final SsrcTable<SrtpCryptoContext> recvRtp = new SsrcTable<>(MAX_SSRCS);
    private final SsrcTable<SrtcpCryptoContext> recvRtcp = new SsrcTable<>(MAX_SSRCS);
    private final PacketView sendView = new PacketView();
    private final PacketView recvView = new PacketView();

    public SrtpSession(SrtpProfile profile, byte[] sendKey, byte[] sendSalt, byte[] recvKey, byte[] recvSalt) {
        this.profile = profile;
        checkLengths(profile, sendKey, sendSalt);
        checkLengths(profile, recvKey, recvSalt);
        this.sendFactory = new SrtpContextFactory(true, sendKey, sendSalt, profile.policy(), profile.policy(), LOG);
        this.recvFactory = new SrtpContextFactory(false, recvKey, recvSalt, profile.policy(), profile.policy(), LOG);
    }

    private static void checkLengths(SrtpProfile p, byte[] key, byte[] salt) {
        if (key.length != p.keyLength() || salt.length != p.saltLength()) {
            throw new IllegalArgumentException(
                    p + " needs a " + p.keyLength() + "-byte key and a " + p.saltLength() + "-byte salt");
        }
    }

    /**
     * Pays jitsi-srtp's one-time cost (it benchmarks the AES providers, OpenSSL vs JCE, for a few seconds on first use)
     * so that the first call's DTLS completion is not delayed by it. Call once at start-up, off the packet path.
     */
    public static void warmUp() {
        for (SrtpProfile p : SrtpProfile.values()) {
            byte[] key = new byte[p.keyLength()];
            byte[] salt = new byte[p.saltLength()];
            try (SrtpSession s = new SrtpSession(p, key, salt, key, salt)) {
                byte[] pkt = new byte[12 + 20 + MAX_OVERHEAD];
                pkt[0] = (byte) 0x80;
                int n = s.protectRtp(pkt, 0, 32);
                s.unprotectRtp(pkt, 0, n);
            }
        }
    }

    public SrtpProfile profile() {
        return profile;
    }

    /** Encrypts and authenticates an RTP packet in place; returns the SRTP length. */
    public int protectRtp(byte[] buf, int off, int len) {
        if (len < 12) {
            throw new IllegalArgumentException("not an RTP packet");
        }
        int ssrc = readInt(buf, off + 8);
        SrtpCryptoContext ctx = sendRtp.get(ssrc);
        try {
            if (ctx == null) {
                ctx = sendFactory.deriveContext(ssrc, 0);
                sendRtp.put(ssrc, ctx);
            }
            PacketView v = sendView.set(buf, off, len);
            SrtpErrorStatus st = ctx.transformPacket(v);
            if (st != SrtpErrorStatus.OK) {
                throw new IllegalStateException("SRTP protect failed: " + st);
            }
            return v.getLength();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SRTP protect failed", e);
        }
    }

    /** Protects a (compound) RTCP packet in place (RFC 3711 section 3.4); returns the SRTCP length. */
    public int protectRtcp(byte[] buf, int off, int len) {
        if (len < 8) {
            throw new IllegalArgumentException("not an RTCP packet");
        }
        int ssrc = readInt(buf, off + 4);
        SrtcpCryptoContext ctx = sendRtcp.get(ssrc);
        try {
            if (ctx == null) {
                ctx = sendFactory.deriveControlContext(ssrc);
                sendRtcp.put(ssrc, ctx);
            }
            PacketView v = sendView.set(buf, off, len);
            SrtpErrorStatus st = ctx.transformPacket(v);
            if (st != SrtpErrorStatus.OK) {
                throw new IllegalStateException("SRTCP protect failed: " + st);
            }
            return v.getLength();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SRTCP protect failed", e);
        }
    }

    /** Authenticates and decrypts an SRTP packet in place; returns the RTP length or a negative status. */
    public synchronized int unprotectRtp(byte[] buf, int off, int len) {
        if (len < 12 + profile.tagLength()) {
            return INVALID;
        }
        int ssrc = readInt(buf, off + 8);
        SrtpCryptoContext ctx = recvRtp.get(ssrc);
        try {
            if (ctx == null) {
                ctx = recvFactory.deriveContext(ssrc, 0);
                recvRtp.put(ssrc, ctx);
            }
            PacketView v = recvView.set(buf, off, len);
            return result(ctx.reverseTransformPacket(v, false), v);
        } catch (GeneralSecurityException | RuntimeException e) {
            return INVALID;
        }
    }

    /** Authenticates and decrypts an SRTCP packet in place; returns the RTCP length or a negative status. */
    public synchronized int unprotectRtcp(byte[] buf, int off, int len) {
        if (len < 8 + 4 + profile.tagLength()) {
            return INVALID;
        }
        int ssrc = readInt(buf, off + 4);
        SrtcpCryptoContext ctx = recvRtcp.get(ssrc);
        try {
            if (ctx == null) {
                ctx = recvFactory.deriveControlContext(ssrc);
                recvRtcp.put(ssrc, ctx);
            }
            PacketView v = recvView.set(buf, off, len);
            return result(ctx.reverseTransformPacket(v), v);
        } catch (GeneralSecurityException | RuntimeException e) {
            return INVALID;
        }
    }

    private static int result(SrtpErrorStatus st, PacketView v) {
        return switch (st) {
            case OK -> v.getLength();
            case AUTH_FAIL -> AUTH_FAILED;
            case REPLAY_FAIL, REPLAY_OLD -> REPLAYED;
            default -> INVALID;
        };
    }

    @Override
    public void close() {
        sendFactory.close();
        recvFactory.close();
    }

    private static int readInt(byte[] b, int p) {
        return ((b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
    }
}
