package io.dialout.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

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
}
