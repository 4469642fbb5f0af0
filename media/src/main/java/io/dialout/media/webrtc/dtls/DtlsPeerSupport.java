package io.dialout.media.webrtc.dtls;

import io.dialout.media.srtp.SrtpProfile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * What the DTLS client and server roles share: our identity, the fingerprint the peer must present, the SRTP profile
 * preference, and the exported keys.
 */
final class DtlsPeerSupport {
    /**
     * Our SRTP profile preference. AEAD_AES_128_GCM first: one AES-CTR pass plus GHASH (both hardware-accelerated in
     * the JDK) instead of AES-CTR plus a separate HMAC-SHA1, and it authenticates the header as AAD; browsers offer it.
     * AES_CM_128_HMAC_SHA1_80 stays as the profile every WebRTC endpoint must support (RFC 8827 section 6.5).
     */
    static final SrtpProfile[] PREFERENCE = {SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES_CM_128_HMAC_SHA1_80};

    final BcTlsCrypto crypto;
    final DtlsIdentity identity;
    final String remoteFingerprintAlgorithm;
    final String remoteFingerprint;
    final int handshakeTimeoutMillis;
    private final SrtpProfile[] preference;

    volatile SrtpProfile selected;
    volatile DtlsSrtpKeys keys;
    volatile String failure;

    DtlsPeerSupport(
            BcTlsCrypto crypto,
            DtlsIdentity identity,
            String remoteFingerprintAlgorithm,
            String remoteFingerprint,
            int handshakeTimeoutMillis,
            SrtpProfile[] preference) {
        this.crypto = crypto;
        this.identity = identity;
        this.remoteFingerprintAlgorithm = remoteFingerprintAlgorithm;
        this.remoteFingerprint = remoteFingerprint;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
        this.preference = preference.clone();
    }

    TlsCredentialedSigner signer(TlsContext context) throws IOException {
        TlsCertificate cert = crypto.createCertificate(identity.certificateDerShared());
        return new BcDefaultTlsCredentialedSigner(
                new TlsCryptoParameters(context),
                crypto,
                identity.privateKey(),
                new Certificate(new TlsCertificate[] {cert}),
                new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }

    /** RFC 8122 section 5 / RFC 5763 section 5: the peer's certificate must match the fingerprint from its SDP. */
    void verifyPeer(Certificate chain) throws IOException {
        if (chain == null || chain.isEmpty()) {
            failure = "dtls peer sent no certificate";
            throw new TlsFatalAlert(AlertDescription.handshake_failure);
        }
        if (remoteFingerprint == null) {
            failure = "no remote fingerprint to verify the dtls peer against";
            throw new TlsFatalAlert(AlertDescription.bad_certificate);
        }
        String actual;
        try {
            actual = DtlsIdentity.fingerprint(
                    remoteFingerprintAlgorithm, chain.getCertificateAt(0).getEncoded());
        } catch (IllegalArgumentException e) {
            failure = "unsupported fingerprint hash " + remoteFingerprintAlgorithm;
            throw new TlsFatalAlert(AlertDescription.bad_certificate);
        }
        // Constant-time compare, case-insensitive on the hex digits.
        byte[] a = actual.getBytes(StandardCharsets.US_ASCII);
        byte[] b = remoteFingerprint.trim().toUpperCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(a, b)) {
            failure = "dtls fingerprint mismatch";
            throw new TlsFatalAlert(AlertDescription.bad_certificate);
        }
    }

    /** The first of our preferences the peer offered (RFC 5764 section 4.1.1: the server picks). */
    SrtpProfile choose(int[] offered) {
        for (SrtpProfile p : preference) {
            for (int id : offered) {
                if (id == p.dtlsId()) {
                    return p;
                }
            }
        }
        return null;
    }

    int[] offeredIds() {
        int[] ids = new int[preference.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = preference[i].dtlsId();
        }
        return ids;
    }

    /** A fatal alert we raise fails the association (the first reason is kept). */
    void alertRaised(short level, short description, String message) {
        if (level == AlertLevel.fatal && failure == null) {
            failure = "dtls alert sent: " + AlertDescription.getText(description)
                    + (message == null ? "" : " (" + message + ")");
        }
    }

    /** A fatal alert, or close_notify (the room closed its peer connection), from the peer fails the association. */
    void alertReceived(short level, short description) {
        if (failure == null && (level == AlertLevel.fatal || description == AlertDescription.close_notify)) {
            failure = "dtls alert received: " + AlertDescription.getText(description);
        }
    }

    /** RFC 5764 section 4.2: export with label "EXTRACTOR-dtls_srtp", no context. */
    void exportKeys(TlsContext context) {
        SrtpProfile p = selected;
        byte[] material = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, DtlsSrtpKeys.exportLength(p));
        keys = DtlsSrtpKeys.split(p, material);
    }
}
