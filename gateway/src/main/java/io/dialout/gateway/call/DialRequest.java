package io.dialout.gateway.call;

import io.dialout.gateway.sip.CallerIdentity;
import java.util.Map;

/**
 * A validated {@code dial}: syntax is checked, policy (dial plan, allow-list, limits) is not yet.
 *
 * @param ringTimeoutSec  null: the configured default
 * @param maxDurationSec  null: the configured default
 * @param identity        From host, asserted identity, Privacy and Diversion the dial asked for (additions to the
 *                        contract); {@link CallerIdentity.Requested#NONE} when none
 */
public record DialRequest(
        String callId,
        String to,
        String fromUser,
        String fromDisplayName,
        String offer,
        Map<String, String> headers,
        Integer ringTimeoutSec,
        Integer maxDurationSec,
        CallerIdentity.Requested identity) {
    public DialRequest {
        headers = Map.copyOf(headers);
        identity = identity == null ? CallerIdentity.Requested.NONE : identity;
    }

    /** A dial without caller identity fields. */
    public DialRequest(
            String callId,
            String to,
            String fromUser,
            String fromDisplayName,
            String offer,
            Map<String, String> headers,
            Integer ringTimeoutSec,
            Integer maxDurationSec) {
        this(callId, to, fromUser, fromDisplayName, offer, headers, ringTimeoutSec, maxDurationSec, null);
    }
}
