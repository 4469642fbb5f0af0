package io.dialout.media.webrtc.dtls;

import io.dialout.media.srtp.SrtpProfile;
import java.io.IOException;
import java.util.Hashtable;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;

/**
 * The DTLS 1.2 server role of DTLS-SRTP (RFC 5764): ECDHE_ECDSA suites only (our certificate is ECDSA; offering RSA
 * suites makes BouncyCastle pick one and fail with internal_error), a client certificate is required and checked
 * against the SDP fingerprint, use_srtp is negotiated and the SRTP keys are exported on completion.
 */
final class DtlsSrtpServer extends DefaultTlsServer {
    static final int[] SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
    };

    private final DtlsPeerSupport support;

    DtlsSrtpServer(DtlsPeerSupport support) {
        super(support.crypto);
        this.support = support;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(getCrypto(), SUITES);
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
        return support.signer(context);
    }

    /** RFC 5763 section 5: the server must request a certificate, whose fingerprint the SDP pins. */
    @Override
    public CertificateRequest getCertificateRequest() {
        short[] types = {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign};
        return new CertificateRequest(types, TlsUtils.getDefaultSupportedSignatureAlgorithms(context), null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        support.verifyPeer(clientCertificate);
    }

    @Override
    @SuppressWarnings("rawtypes") // BouncyCastle's TlsServer declares the raw Hashtable; an override must match it
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
        if (offered == null) {
            support.failure = "dtls peer did not offer use_srtp";
            throw new TlsFatalAlert(AlertDescription.handshake_failure);
        }
        SrtpProfile chosen = support.choose(offered.getProtectionProfiles());
        if (chosen == null) {
            support.failure = "no common SRTP protection profile";
            throw new TlsFatalAlert(AlertDescription.handshake_failure);
        }
        support.selected = chosen;
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getServerExtensions() throws IOException {
        Hashtable ext = super.getServerExtensions();
        if (ext == null) {
            ext = new Hashtable();
        }
        // RFC 5764 section 4.1.1: exactly one profile in the answer, and no MKI.
        TlsSRTPUtils.addUseSRTPExtension(
                ext, new UseSRTPData(new int[] {support.selected.dtlsId()}, TlsUtils.EMPTY_BYTES));
        return ext;
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return support.handshakeTimeoutMillis;
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        support.exportKeys(context);
    }

    @Override
    public void notifyAlertRaised(short level, short description, String message, Throwable cause) {
        support.alertRaised(level, description, message);
    }

    @Override
    public void notifyAlertReceived(short level, short description) {
        support.alertReceived(level, description);
    }
}
