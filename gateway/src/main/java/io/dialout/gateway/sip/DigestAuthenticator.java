package io.dialout.gateway.sip;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Computes Digest credentials (RFC 2617 section 3.2.2, RFC 7616 section 3.4, as used by RFC 3261 section 22.4):
 * MD5 and SHA-256, with their -sess variants, qop=auth (cnonce + nc) or no qop. Pure functions; the password never
 * leaves this class except hashed.
 */
public final class DigestAuthenticator {

    private static final SecureRandom RANDOM = new SecureRandom();

    private DigestAuthenticator() {}

    /** A fresh client nonce: 16 random bytes in hex. */
    public static String newCnonce() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /**
     * The request-digest (RFC 7616 section 3.4.1).
     *
     * @param nonceCount the nc value (1 for the first use of this nonce); ignored without qop
     */
    public static String response(
            DigestChallenge c,
            String username,
            String password,
            String method,
            String uri,
            String cnonce,
            int nonceCount) {
        String alg = c.algorithm().toUpperCase(Locale.ROOT);
        String hashName = alg.startsWith("SHA-256") ? "SHA-256" : "MD5";
        String ha1 = hash(hashName, username + ":" + c.realm() + ":" + password);
        if (alg.endsWith("-SESS")) {
            // RFC 7616 section 3.4.2: the -sess variants hash the nonces into A1
            ha1 = hash(hashName, ha1 + ":" + c.nonce() + ":" + cnonce);
        }
        // RFC 7616 section 3.4.3, qop=auth: A2 = Method ":" request-uri
        String ha2 = hash(hashName, method + ":" + uri);
        if (c.qopOptions().isEmpty()) {
            // RFC 2069 compatibility (RFC 2617 section 3.2.2.1)
            return hash(hashName, ha1 + ":" + c.nonce() + ":" + ha2);
        }
        return hash(hashName, ha1 + ":" + c.nonce() + ":" + nc(nonceCount) + ":" + cnonce + ":auth:" + ha2);
    }

    /** The value of the Authorization / Proxy-Authorization header answering {@code c}. */
    public static String authorizationValue(
            DigestChallenge c,
            String username,
            String password,
            String method,
            String uri,
            String cnonce,
            int nonceCount) {
        String response = response(c, username, password, method, uri, cnonce, nonceCount);
        StringBuilder sb = new StringBuilder("Digest ");
        sb.append("username=").append(quote(username));
        sb.append(", realm=").append(quote(c.realm()));
        sb.append(", nonce=").append(quote(c.nonce()));
        sb.append(", uri=").append(quote(uri));
        sb.append(", response=").append(quote(response));
        sb.append(", algorithm=").append(c.algorithm());
        if (!c.qopOptions().isEmpty()) {
            // RFC 7616 section 3.4: qop and nc are tokens, cnonce is quoted
            sb.append(", qop=auth, nc=")
                    .append(nc(nonceCount))
                    .append(", cnonce=")
                    .append(quote(cnonce));
        }
        if (c.opaque() != null) {
            sb.append(", opaque=").append(quote(c.opaque()));
        }
        return sb.toString();
    }

    static String nc(int nonceCount) {
        return String.format(Locale.ROOT, "%08x", nonceCount);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String hash(String algorithm, String text) {
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " missing from the JDK", e);
        }
    }
}
