package io.dialout.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * {@code gateway.auth.*}: JWT on the WebSocket handshake. The verification key, issuer and audience are SmallRye JWT's
 * own {@code mp.jwt.verify.*} properties (see docs/configuration.md).
 */
@ConfigMapping(prefix = "gateway.auth")
public interface AuthSettings {

    /** Require a valid token to open /v1/dialout. */
    @WithDefault("false")
    boolean enabled();

    /** The claim listing the destinations the token may dial (glob patterns). */
    @WithDefault("dialout_allow")
    String allowClaim();

    /** When true, a token without the claim may dial nothing; when false, anything. */
    @WithDefault("true")
    boolean allowClaimRequired();

    /**
     * The role (an entry of the token's {@code groups} claim, MP-JWT) that the admin endpoints need when auth is on:
     * GET/DELETE /v1/calls, GET/POST /v1/admin/drain.
     */
    @WithDefault("dialout-admin")
    String adminRole();

    /**
     * Longest lifetime a token may have ({@code exp - iat}, or {@code exp} - now without {@code iat}); a token that
     * lives longer is refused like an invalid one, so a leaked token cannot stay useful for years.
     */
    @WithDefault("24h")
    Duration maxTokenLifetime();
}
