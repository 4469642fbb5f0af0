package io.dialout.gateway.lifecycle;

import io.dialout.gateway.call.DialRequest;

/**
 * What the platform is told about who called whom. The dial's {@code X-} headers are left out on purpose: rooms put
 * tokens in them, and secrets never leave the gateway in events or records.
 *
 * @param gatewayCallId the gateway's own id of the call (as in GET /v1/calls)
 * @param callId        the room's callId
 * @param to            the dialled destination, any password in it removed
 */
public record CallFacts(String gatewayCallId, String callId, String to, String fromUser, String fromDisplayName) {

    public static CallFacts of(String gatewayCallId, DialRequest dial) {
        return new CallFacts(
                gatewayCallId, dial.callId(), Redaction.uri(dial.to()), dial.fromUser(), dial.fromDisplayName());
    }
}
