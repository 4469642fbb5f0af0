package io.dialout.gateway.http;

import io.dialout.gateway.auth.TokenIdentity;
import io.dialout.gateway.config.AuthSettings;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * With auth on, the admin endpoints (GET/DELETE /v1/calls, GET/POST /v1/admin/drain) need a Bearer token whose
 * {@code groups} claim holds the admin role ({@code gateway.auth.admin-role}): without a valid token 401 with the
 * Bearer challenge (RFC 6750 section 3), with a valid token that lacks the role 403 ({@code insufficient_scope}).
 * The token must come in the {@code Authorization} header: a query parameter would end up in access logs. With auth
 * off the endpoints stay open, as before (expose them inside the cluster only).
 */
@Provider
@AdminOnly
public class AdminAuthFilter implements ContainerRequestFilter {

    private static final Logger LOG = Logger.getLogger(AdminAuthFilter.class);

    // looked up per request: RESTEasy Reactive creates providers at static init, before config mappings exist
    @Inject
    Instance<AuthSettings> settingsInstance;

    @Inject
    Instance<JWTParser> parserInstance;

    @Override
    public void filter(ContainerRequestContext request) {
        AuthSettings settings = settingsInstance.get();
        if (!settings.enabled()) {
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            request.abortWith(refusal(401, "Bearer realm=\"dialout\"", "a Bearer token is required"));
            return;
        }
        JsonWebToken jwt;
        try {
            jwt = parserInstance.get().parse(header.substring(7).strip());
        } catch (ParseException e) {
            LOG.debugf("admin token rejected: %s", e.getMessage());
            request.abortWith(refusal(401, "Bearer realm=\"dialout\", error=\"invalid_token\"", "invalid token"));
            return;
        }
        String tooLong =
                TokenIdentity.refuseLifetime(jwt, settings.maxTokenLifetime(), System.currentTimeMillis() / 1000);
        if (tooLong != null) {
            request.abortWith(refusal(401, "Bearer realm=\"dialout\", error=\"invalid_token\"", tooLong));
            return;
        }
        if (!jwt.getGroups().contains(settings.adminRole())) {
            request.abortWith(refusal(
                    403,
                    "Bearer realm=\"dialout\", error=\"insufficient_scope\"",
                    "the token lacks the role " + settings.adminRole()));
        }
    }

    private static Response refusal(int status, String challenge, String message) {
        return Response.status(status)
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                .type(MediaType.APPLICATION_JSON)
                .entity("{\"error\":\"" + message.replace("\"", "'") + "\"}")
                .build();
    }
}
