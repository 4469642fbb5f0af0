package io.dialout.gateway.auth;

import io.dialout.gateway.config.AuthSettings;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Checks the JWT before the WebSocket upgrade (API.md: a missing or invalid token closes the handshake with 401 and no
 * upgrade). The token comes from {@code Authorization: Bearer} (RFC 6750 section 2.1) or, for browsers that cannot set
 * headers on a WebSocket, the {@code access_token} query parameter (RFC 6750 section 2.3). The token's allow-list is
 * handed to the connection through its user data.
 */
@ApplicationScoped
public class TokenUpgradeCheck implements HttpUpgradeCheck {

    public static final UserData.TypedKey<AllowList> ALLOW = new UserData.TypedKey<>("dialout.allow");
    /** The token a connection presented (absent with auth off): its per-token limits. */
    public static final UserData.TypedKey<TokenIdentity> TOKEN = new UserData.TypedKey<>("dialout.token");

    private static final Logger LOG = Logger.getLogger(TokenUpgradeCheck.class);

    @Inject
    AuthSettings settings;

    @Inject
    JWTParser parser;

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        if (!settings.enabled()) {
            context.userData().put(ALLOW, AllowList.ANY);
            return CheckResult.permitUpgrade();
        }
        String token = token(context.httpRequest());
        if (token == null) {
            // RFC 6750 section 3: a 401 carries the Bearer challenge.
            return CheckResult.rejectUpgrade(401, challenge("Bearer realm=\"dialout\""));
        }
        try {
            JsonWebToken jwt = parser.parse(token);
            String tooLong =
                    TokenIdentity.refuseLifetime(jwt, settings.maxTokenLifetime(), System.currentTimeMillis() / 1000);
            if (tooLong != null) {
                LOG.debugf("token rejected: %s", tooLong);
                return CheckResult.rejectUpgrade(401, challenge("Bearer realm=\"dialout\", error=\"invalid_token\""));
            }
            context.userData().put(ALLOW, allowList(jwt));
            context.userData().put(TOKEN, TokenIdentity.of(jwt, token));
            return CheckResult.permitUpgrade();
        } catch (ParseException e) {
            LOG.debugf("token rejected: %s", e.getMessage());
            return CheckResult.rejectUpgrade(401, challenge("Bearer realm=\"dialout\", error=\"invalid_token\""));
        }
    }

    private static Map<String, List<String>> challenge(String value) {
        return Map.of("WWW-Authenticate", List.of(value));
    }

    static String token(HttpServerRequest request) {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String t = header.substring(7).strip();
            return t.isEmpty() ? null : t;
        }
        String param = request.getParam("access_token");
        return param == null || param.isBlank() ? null : param;
    }

    private AllowList allowList(JsonWebToken jwt) {
        Object claim = jwt.getClaim(settings.allowClaim());
        if (claim == null) {
            return settings.allowClaimRequired() ? AllowList.of(List.of()) : AllowList.ANY;
        }
        List<String> globs = new ArrayList<>();
        if (claim instanceof Collection<?> c) {
            c.forEach(o -> globs.add(unquote(o.toString())));
        } else {
            globs.add(unquote(claim.toString()));
        }
        return AllowList.of(globs);
    }

    /** JSON-P values print with their quotes. */
    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
