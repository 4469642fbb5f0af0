package io.dialout.gateway.call;

import java.util.Map;

/**
 * A validated {@code dial}: syntax is checked, policy (dial plan, allow-list, limits) is not yet.
 *
 * @param ringTimeoutSec  null: the configured default
 * @param maxDurationSec  null: the configured default
 */
public record DialRequest(
        String callId,
        String to,
        String fromUser,
        String fromDisplayName,
        String offer,
        Map<String, String> headers,
        Integer ringTimeoutSec,
        Integer maxDurationSec) {
    public DialRequest {
        headers = Map.copyOf(headers);
    }
}
