package io.dialout.gateway.auth;

import io.dialout.gateway.config.LimitsSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link DialQuota} per token, shared by every connection that presents it: opening more connections does not
 * buy a token more calls or a faster dial rate. An entry lives until its token expires (so hanging up and dialling
 * again does not refill the bucket); expired entries are dropped as new tokens arrive.
 */
@ApplicationScoped
public class TokenQuotas {

    private record Entry(DialQuota quota, long expiresAtSec) {}

    private final Map<String, Entry> byToken = new ConcurrentHashMap<>();

    @Inject
    LimitsSettings limits;

    public DialQuota forToken(TokenIdentity token) {
        Entry e = byToken.get(token.id());
        if (e != null) {
            return e.quota();
        }
        purgeExpired(System.currentTimeMillis() / 1000);
        return byToken.computeIfAbsent(
                        token.id(),
                        id -> new Entry(
                                new DialQuota(
                                        limits.callsPerToken(),
                                        limits.dialRate(),
                                        limits.dialBurst(),
                                        System.nanoTime()),
                                token.expiresAtSec()))
                .quota();
    }

    private void purgeExpired(long nowSec) {
        byToken.values().removeIf(e -> e.expiresAtSec() < nowSec && e.quota().active() == 0);
    }
}
