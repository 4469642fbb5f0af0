package io.dialout.gateway.sip;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One Digest challenge from a WWW-Authenticate (401) or Proxy-Authenticate (407) header (RFC 3261 section 22.3,
 * RFC 7616 section 3.3).
 *
 * @param realm     the realm
 * @param nonce     the server nonce
 * @param opaque    echoed back when present, else null
 * @param algorithm "MD5" (the default when absent), "MD5-sess", "SHA-256" or "SHA-256-sess"
 * @param qopOptions the qop values offered, empty when the server uses the RFC 2069 form
 * @param proxy     true for a Proxy-Authenticate challenge (answered with Proxy-Authorization)
 */
public record DigestChallenge(
        String realm, String nonce, String opaque, String algorithm, List<String> qopOptions, boolean proxy) {

    public DigestChallenge {
        realm = realm == null ? "" : realm;
        algorithm = algorithm == null || algorithm.isBlank() ? "MD5" : algorithm;
        qopOptions = qopOptions == null ? List.of() : List.copyOf(qopOptions);
    }

    /** Splits a qop-options value such as {@code "auth,auth-int"}. */
    public static List<String> parseQop(String qop) {
        if (qop == null || qop.isBlank()) {
            return List.of();
        }
        return Arrays.stream(qop.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(s -> s.toLowerCase(Locale.ROOT))
                .toList();
    }

    /** We only compute qop=auth (no body hashing); a challenge offering only auth-int is not answerable. */
    public boolean answerable() {
        String alg = algorithm.toUpperCase(Locale.ROOT);
        boolean knownAlgorithm =
                alg.equals("MD5") || alg.equals("MD5-SESS") || alg.equals("SHA-256") || alg.equals("SHA-256-SESS");
        return knownAlgorithm && nonce != null && (qopOptions.isEmpty() || qopOptions.contains("auth"));
    }
}
