package io.dialout.media.webrtc.dtls;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The gateway's DTLS identity: an ECDSA P-256 key and a self-signed certificate made at start-up. WebRTC peers do
 * not check certificate chains; they pin the SHA-256 fingerprint carried in SDP (RFC 8122, RFC 8827 section 6.5).
 * ECDSA rather than RSA because browsers use it and because the BouncyCastle server then negotiates an ECDHE_ECDSA
 * suite (with an RSA-less identity an RSA suite would fail with internal_error).
 */
public final class DtlsIdentity {
    private final byte[] certificateDer;
    private final AsymmetricKeyParameter privateKey;
    private final String fingerprint;

    private DtlsIdentity(byte[] certificateDer, AsymmetricKeyParameter privateKey) {
        this.certificateDer = certificateDer;
        this.privateKey = privateKey;
        this.fingerprint = fingerprint("SHA-256", certificateDer);
    }

    /** A fresh P-256 key and a certificate valid from a day ago for 30 days. */
    public static DtlsIdentity generate() {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair kp = gen.generateKeyPair();
            Instant now = Instant.now();
            X500Name name = new X500Name("CN=dialout-gateway");
            BigInteger serial = new BigInteger(63, new SecureRandom()).add(BigInteger.ONE);
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    name,
                    serial,
                    Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(30))),
                    name,
                    kp.getPublic());
            X509CertificateHolder cert =
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()));
            return new DtlsIdentity(
                    cert.getEncoded(),
                    PrivateKeyFactory.createKey(kp.getPrivate().getEncoded()));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot create the DTLS identity", e);
        }
    }

    /** The SHA-256 fingerprint as SDP writes it: uppercase hex pairs joined by ':' (RFC 8122 section 5). */
    public String fingerprintSha256() {
        return fingerprint;
    }

    public byte[] certificateDer() {
        return certificateDer.clone();
    }

    AsymmetricKeyParameter privateKey() {
        return privateKey;
    }

    byte[] certificateDerShared() {
        return certificateDer;
    }

    /**
     * The fingerprint of a DER certificate with a hash named as in SDP ("sha-256") or as in Java ("SHA-256").
     *
     * @throws IllegalArgumentException for an unknown hash function
     */
    public static String fingerprint(String algorithm, byte[] der) {
        String alg = algorithm.toUpperCase(java.util.Locale.ROOT);
        try {
            byte[] digest = MessageDigest.getInstance(alg).digest(der);
            StringBuilder sb = new StringBuilder(digest.length * 3);
            for (int i = 0; i < digest.length; i++) {
                if (i > 0) {
                    sb.append(':');
                }
                sb.append(Character.toUpperCase(Character.forDigit((digest[i] >> 4) & 0xF, 16)));
                sb.append(Character.toUpperCase(Character.forDigit(digest[i] & 0xF, 16)));
            }
            return sb.toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unknown fingerprint hash: " + algorithm, e);
        }
    }
}
