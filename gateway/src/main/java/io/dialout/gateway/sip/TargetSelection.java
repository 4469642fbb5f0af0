package io.dialout.gateway.sip;

import java.time.Duration;
import java.util.Objects;

/**
 * How the user agent picks where an INVITE goes beyond the dial's own target: RFC 3263 server location, the policy
 * for redirect targets and DNS results, and the redirect limit.
 *
 * @param locator      NAPTR/SRV/A lookups
 * @param policy       the dial plan's checks for redirect targets and located servers
 * @param maxRedirects how many 3xx responses one call follows at most (a loop guard besides "no target twice")
 */
public record TargetSelection(ServerLocator locator, TargetPolicy policy, int maxRedirects) {

    public TargetSelection {
        Objects.requireNonNull(locator, "locator");
        Objects.requireNonNull(policy, "policy");
        if (maxRedirects < 0 || maxRedirects > 20) {
            throw new IllegalArgumentException("maxRedirects must be 0-20: " + maxRedirects);
        }
    }

    /** The system's DNS (2 s per query), every target allowed, 5 redirects. */
    public static TargetSelection defaults() {
        return new TargetSelection(ServerLocator.using(null, Duration.ofSeconds(2)), TargetPolicy.ANY, 5);
    }
}
