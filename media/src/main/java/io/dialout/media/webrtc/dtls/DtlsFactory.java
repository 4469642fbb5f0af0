package io.dialout.media.webrtc.dtls;

import io.dialout.media.srtp.SrtpProfile;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.Executor;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/** Makes {@link DtlsSession}s that share one identity, one BouncyCastle crypto provider and one handshake pool. */
public final class DtlsFactory {
    private final DtlsIdentity identity;
    private final BcTlsCrypto crypto = new DtlsCrypto(new SecureRandom());
    private final Executor handshakePool;
    private final SrtpProfile[] preference;
    /** At most half the cores compute handshakes at once: a burst of new calls leaves the I/O loops theirs. */
    private final HandshakeCpuGate gate = HandshakeCpuGate.forThisMachine();

    public DtlsFactory(DtlsIdentity identity, Executor handshakePool) {
        this(identity, handshakePool, DtlsPeerSupport.PREFERENCE);
    }

    /** With an explicit SRTP profile preference (tests, or a deployment that wants AES_CM only). */
    public DtlsFactory(DtlsIdentity identity, Executor handshakePool, SrtpProfile... preference) {
        if (preference.length == 0) {
            throw new IllegalArgumentException("at least one SRTP profile");
        }
        this.identity = identity;
        this.handshakePool = handshakePool;
        this.preference = preference.clone();
    }

    public DtlsIdentity identity() {
        return identity;
    }

    /**
     * @param server                     true: we answer the ClientHello (the room said actpass or active)
     * @param remoteFingerprintAlgorithm e.g. "sha-256"
     * @param remoteFingerprint          "AB:CD:..." from the room's a=fingerprint
     * @param timeout                    BouncyCastle gives up the handshake after this
     */
    public DtlsSession create(
            boolean server,
            String remoteFingerprintAlgorithm,
            String remoteFingerprint,
            Duration timeout,
            DtlsSession.Sender sender,
            DtlsSession.Listener listener) {
        int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1000, timeout.toMillis()));
        DtlsPeerSupport support = new DtlsPeerSupport(
                crypto, identity, remoteFingerprintAlgorithm, remoteFingerprint, millis, preference);
        return new DtlsSession(server, support, sender, handshakePool, listener, gate);
    }
}
