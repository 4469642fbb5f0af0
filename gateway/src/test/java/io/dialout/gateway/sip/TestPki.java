package io.dialout.gateway.sip;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates made at test time (BouncyCastle, ECDSA P-256): a test CA, and certificates it signs for the names a
 * test needs, written as PEM (for Kamailio) and PKCS12 (for the gateway).
 */
public final class TestPki {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** A key and its certificate, signed by {@code issuer} (null: self-signed CA). */
    public record Issued(KeyPair keys, X509Certificate certificate, Issued issuer) {
        /** The certificate (then its CA's) as PEM. */
        public Path writeCertificate(Path file) throws IOException, GeneralSecurityException {
            StringBuilder b = new StringBuilder(pem("CERTIFICATE", certificate.getEncoded()));
            if (issuer != null) {
                b.append(pem("CERTIFICATE", issuer.certificate.getEncoded()));
            }
            return Files.writeString(file, b);
        }

        public Path writeKey(Path file) throws IOException {
            return Files.writeString(file, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
        }

        /** Key and chain in a PKCS12 store. */
        public Path writePkcs12(Path file, String password) throws IOException, GeneralSecurityException {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            List<Certificate> chain = new ArrayList<>(List.of(certificate));
            if (issuer != null) {
                chain.add(issuer.certificate);
            }
            ks.setKeyEntry("key", keys.getPrivate(), password.toCharArray(), chain.toArray(Certificate[]::new));
            try (OutputStream out = Files.newOutputStream(file)) {
                ks.store(out, password.toCharArray());
            }
            return file;
        }
    }

    private TestPki() {}

    public static Issued ca(String name) throws GeneralSecurityException, OperatorCreationException, IOException {
        KeyPair keys = keys();
        X500Name subject = new X500Name("CN=" + name);
        X509v3CertificateBuilder b = builder(subject, subject, keys);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return new Issued(keys, sign(b, keys), null);
    }

    /**
     * A certificate for server and client use, signed by {@code ca}.
     *
     * @param names DNS names and IP addresses ("localhost", "127.0.0.1") for the subjectAltName
     */
    public static Issued issue(Issued ca, String commonName, String... names)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        KeyPair keys = keys();
        X509v3CertificateBuilder b = builder(
                X500Name.getInstance(ca.certificate.getSubjectX500Principal().getEncoded()),
                new X500Name("CN=" + commonName),
                keys);
        List<GeneralName> alt = new ArrayList<>();
        for (String n : names) {
            alt.add(new GeneralName(n.matches("[0-9.]+") ? GeneralName.iPAddress : GeneralName.dNSName, n));
        }
        if (!alt.isEmpty()) {
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alt.toArray(GeneralName[]::new)));
        }
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
            KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
        }));
        return new Issued(keys, sign(b, ca.keys), ca);
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(
                issuer,
                BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(2))),
                subject,
                keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair signer)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
    }

    private static KeyPair keys() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
