package io.dialout.gateway.sip;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * SIP over TLS toward trunks (RFC 3261 section 26.2, RFC 5630): the TLS contexts of one user agent.
 *
 * <ul>
 *   <li>TLS 1.3 and 1.2 only, forward-secret AEAD cipher suites only ({@link #cipherSuites()}).</li>
 *   <li>The server's certificate chain is checked against the JVM's trust store, or the configured one (PEM
 *       certificates or PKCS12), and its name against the host we connect to (the next hop's host name, or its IP
 *       address for a literal) in the style of HTTPS (RFC 2818 section 3.1; RFC 5922 section 7.2 asks SIP to match
 *       the domain in the subjectAltName the same way). {@link TlsNetworkLayer} sets that on every socket, since
 *       JAIN-SIP checks no name itself.</li>
 *   <li>A trunk may present a client certificate (a PKCS12 key store of its own) and trust its own CA; a dial to a
 *       {@code sips:} URI with no trunk uses the gateway's settings ({@link Config#gateway()}).</li>
 *   <li>The gateway's own key store, when set, is also the certificate of its TLS listening point (a far end that
 *       opens its own connection to send BYE) and the client certificate of trunks that have none of their own.</li>
 * </ul>
 */
public final class SipTls {

    /** TLS versions we speak: 1.0 and 1.1 are deprecated (RFC 8996). */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /** The prefix of every failure detail that comes from the TLS handshake (see {@link #describe}). */
    public static final String FAILURE_PREFIX = "TLS: ";

    /**
     * Where trust and identity come from.
     *
     * @param trustStore         CA certificates that may sign the server's certificate: a PEM file of one or more
     *                           certificates, or a PKCS12 store; null means the JVM's trust store
     * @param trustStorePassword the PKCS12 trust store's password, or null
     * @param keyStore           a PKCS12 store with our certificate and private key (a client certificate toward the
     *                           trunk), or null for none
     * @param keyStorePassword   its password (never logged)
     */
    public record Credentials(Path trustStore, String trustStorePassword, Path keyStore, String keyStorePassword) {
        public static final Credentials JVM_DEFAULTS = new Credentials(null, null, null, null);

        @Override
        public String toString() {
            return "Credentials[trustStore=" + trustStore + ", keyStore=" + keyStore + "]";
        }
    }

    /**
     * TLS settings of a user agent.
     *
     * @param port             the TLS listening point's port; 0 picks a free one (it cannot share the TCP port)
     * @param gateway          the gateway's own trust and certificate (direct {@code sips:} dials, the listening point)
     * @param trunks           per trunk name: its own trust and client certificate, overriding {@code gateway}
     * @param handshakeTimeout a handshake that takes longer is abandoned
     */
    public record Config(int port, Credentials gateway, Map<String, Credentials> trunks, Duration handshakeTimeout) {
        public Config {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("TLS port " + port);
            }
            gateway = gateway == null ? Credentials.JVM_DEFAULTS : gateway;
            trunks = trunks == null ? Map.of() : Map.copyOf(trunks);
            handshakeTimeout = handshakeTimeout == null ? Duration.ofSeconds(10) : handshakeTimeout;
        }

        /** A free port, the JVM's trust store, no certificate of our own. */
        public static Config defaults() {
            return new Config(0, null, null, null);
        }

        public Config withTrunk(String name, Credentials c) {
            Map<String, Credentials> t = new HashMap<>(trunks);
            t.put(name, c);
            return new Config(port, gateway, t, handshakeTimeout);
        }
    }

    private final Config config;
    private final SSLContext gateway;
    private final Map<String, SSLContext> trunks = new HashMap<>();
    /** The next hop's host (lower case) of each TLS trunk dialled: whose context to use when connecting there. */
    private final Map<String, SSLContext> hosts = new ConcurrentHashMap<>();

    /** @throws IllegalArgumentException naming the store that cannot be read */
    public SipTls(Config config) {
        this.config = Objects.requireNonNull(config, "config");
        this.gateway = context(config.gateway(), null, "gateway.sip.tls");
        config.trunks().forEach((name, c) -> trunks.put(name, context(c, config.gateway(), "trunk " + name)));
    }

    public Config config() {
        return config;
    }

    /** The context of the listening point. */
    SSLContext serverContext() {
        return gateway;
    }

    /**
     * Remembers that connections to {@code host} are made for {@code trunk}, so they present its certificate and
     * trust its CA. A host no TLS trunk was dialled at gets the gateway's settings.
     */
    void useTrunkFor(String host, String trunk) {
        SSLContext c = trunks.get(trunk);
        if (host != null && c != null) {
            hosts.put(host.toLowerCase(Locale.ROOT), c);
        }
    }

    /** The context for a connection to {@code host} (a name or an address literal). */
    SSLContext clientContext(String host) {
        return host == null ? gateway : hosts.getOrDefault(host.toLowerCase(Locale.ROOT), gateway);
    }

    /** Forward-secret AEAD suites of this JVM for TLS 1.3 and 1.2 (JAIN-SIP's own default list is from 2007). */
    static String[] cipherSuites() {
        return Arrays.stream(defaultContext().getDefaultSSLParameters().getCipherSuites())
                .filter(s -> s.startsWith("TLS_AES_")
                        || s.startsWith("TLS_CHACHA20_")
                        || s.startsWith("TLS_ECDHE_") && (s.contains("_GCM_") || s.contains("_CHACHA20_")))
                .toArray(String[]::new);
    }

    private static SSLContext defaultContext() {
        try {
            return SSLContext.getDefault();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this JVM", e);
        }
    }

    /**
     * What the room and the log are told about a failed handshake, or null when {@code e} is not one. The kinds are
     * told apart because each needs a different fix (the trust store, the trunk's host, the certificates).
     */
    public static String describe(Throwable e) {
        Throwable handshake = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLHandshakeException || t instanceof SSLException && handshake == null) {
                handshake = t;
            }
            if (t instanceof CertPathValidatorException || t instanceof CertPathBuilderException) {
                return FAILURE_PREFIX + "the server's certificate chain is not trusted (unknown CA, or expired)";
            }
            if (t instanceof CertificateException
                    && t.getMessage() != null
                    && t.getMessage().startsWith("No ")) {
                // the JDK's HostnameChecker: "No subject alternative DNS name matching x found" and its variants
                return FAILURE_PREFIX + "the server's certificate does not name the host we connected to";
            }
        }
        if (handshake == null) {
            return null;
        }
        return FAILURE_PREFIX + "the handshake failed (" + handshake.getMessage() + ")";
    }

    private static SSLContext context(Credentials c, Credentials fallback, String what) {
        try {
            Path keyStore = c.keyStore() != null || fallback == null ? c.keyStore() : fallback.keyStore();
            String keyPassword =
                    c.keyStore() != null || fallback == null ? c.keyStorePassword() : fallback.keyStorePassword();
            Path trustStore = c.trustStore() != null || fallback == null ? c.trustStore() : fallback.trustStore();
            String trustPassword =
                    c.trustStore() != null || fallback == null ? c.trustStorePassword() : fallback.trustStorePassword();
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keyManagers(keyStore, keyPassword), trustManagers(trustStore, trustPassword), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(what + ": cannot load the TLS stores: " + e.getMessage(), e);
        }
    }

    private static KeyManager[] keyManagers(Path store, String password) throws GeneralSecurityException, IOException {
        if (store == null) {
            return null;
        }
        char[] pw = password == null ? new char[0] : password.toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, pw);
        }
        KeyManagerFactory f = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        f.init(ks, pw);
        return f.getKeyManagers();
    }

    /** The JVM's trust managers for null, else the CAs of a PEM file or a PKCS12 store. */
    private static TrustManager[] trustManagers(Path store, String password)
            throws GeneralSecurityException, IOException {
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (store == null) {
            f.init((KeyStore) null);
            return f.getTrustManagers();
        }
        byte[] raw = Files.readAllBytes(store);
        KeyStore ks;
        if (new String(raw, 0, Math.min(raw.length, 64), StandardCharsets.US_ASCII).contains("-----BEGIN")) {
            ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new java.io.ByteArrayInputStream(raw))) {
                ks.setCertificateEntry("ca-" + i++, cert);
            }
            if (i == 0) {
                throw new CertificateException("no certificate in " + store);
            }
        } else {
            ks = KeyStore.getInstance("PKCS12");
            ks.load(new java.io.ByteArrayInputStream(raw), password == null ? null : password.toCharArray());
        }
        f.init(ks);
        return f.getTrustManagers();
    }
}
