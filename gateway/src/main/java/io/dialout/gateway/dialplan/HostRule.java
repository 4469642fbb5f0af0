package io.dialout.gateway.dialplan;

import io.dialout.gateway.sip.Trunk;
import java.util.Locale;
import java.util.Objects;

/**
 * Gives SIP URIs to a host a trunk (its credentials, proxy, transport).
 *
 * @param host  "trunk.example.com" (exact, case-insensitive) or "*.example.com" (any subdomain)
 * @param trunk the trunk
 */
public record HostRule(String host, Trunk trunk) {

    public HostRule {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(trunk, "trunk");
        host = host.toLowerCase(Locale.ROOT);
    }

    boolean isWildcard() {
        return host.startsWith("*.");
    }

    boolean matches(String uriHost) {
        String h = uriHost.toLowerCase(Locale.ROOT);
        if (host.startsWith("*.")) {
            return h.endsWith(host.substring(1));
        }
        return h.equals(host);
    }
}
