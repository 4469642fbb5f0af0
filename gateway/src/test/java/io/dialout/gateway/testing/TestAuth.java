package io.dialout.gateway.testing;

import io.smallrye.jwt.build.Jwt;
import java.time.Duration;
import java.util.List;

/**
 * Auth on, with the test key pair of gateway/src/test/resources/auth/: the profile that turns it on and the tokens a
 * room would present.
 */
public final class TestAuth {

    public static final String ISSUER = "https://rooms.example";

    private TestAuth() {}

    /**
     * gateway.auth.enabled with the test public key and {@link #ISSUER}; also small caps on calls in progress, 2 per
     * connection and 3 per token (CallQuotaTest), so that its tests share one application start with the other auth
     * tests, none of which has more calls than that in progress at once.
     */
    public static class On extends ConfigProfile {
        public On() {
            super(
                    "gateway.auth.enabled", "true",
                    "mp.jwt.verify.publickey.location", "auth/publicKey.pem",
                    "mp.jwt.verify.issuer", ISSUER,
                    "gateway.limits.calls-per-connection", "2",
                    "gateway.limits.calls-per-token", "3");
        }
    }

    /** A token of room-42, valid for 5 minutes, whose allow-list is {@code allow}. */
    public static String token(List<String> allow) {
        return Jwt.issuer(ISSUER)
                .subject("room-42")
                .claim("dialout_allow", allow)
                .expiresIn(Duration.ofMinutes(5))
                .sign("auth/privateKey.pem");
    }
}
