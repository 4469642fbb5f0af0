package io.dialout.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Which token a connection presented, for per-token limits: its {@code jti} (RFC 7519 section 4.1.7) when it has one,
 * else a digest of the token itself.
 *
 * @param id           the token's identity
 * @param expiresAtSec its {@code exp}, seconds since the epoch
 */
public record TokenIdentity(String id, long expiresAtSec) {

    public static TokenIdentity of(JsonWebToken jwt, String raw) {
        String jti = jwt.getTokenID();
        String id = jti != null && !jti.isBlank() ? "jti:" + jti : "sha256:" + sha256(raw);
        return new TokenIdentity(id, jwt.containsClaim("exp") ? jwt.getExpirationTime() : Long.MAX_VALUE);
    }

    /**
     * Null when the token's lifetime is within {@code max}, else why not. The lifetime is {@code exp - iat}; a token
     * without {@code iat} is judged on what is left of it ({@code exp} - now).
     */
    public static String refuseLifetime(JsonWebToken jwt, Duration max, long nowSec) {
        long exp = jwt.containsClaim("exp") ? jwt.getExpirationTime() : 0;
        long iat = jwt.containsClaim("iat") ? jwt.getIssuedAtTime() : 0;
        long lifetime = iat > 0 ? exp - iat : exp - nowSec;
        if (exp <= 0 || lifetime > max.toSeconds()) {
            return "token lifetime " + lifetime + " s exceeds the maximum of " + max.toSeconds() + " s";
        }
        return null;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
