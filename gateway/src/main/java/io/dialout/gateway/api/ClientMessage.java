package io.dialout.gateway.api;

import io.dialout.gateway.call.DialRequest;

/** A validated message from the client. Each names the call it is about. */
public sealed interface ClientMessage {

    String callId();

    record Dial(DialRequest request) implements ClientMessage {
        @Override
        public String callId() {
            return request.callId();
        }
    }

    /** {@code candidate == null} ends the trickle. */
    record Candidate(String callId, String candidate, String sdpMid) implements ClientMessage {}

    record Hangup(String callId) implements ClientMessage {}

    record Dtmf(String callId, String digits, int durationMs) implements ClientMessage {}

    record Hold(String callId) implements ClientMessage {}

    record Resume(String callId) implements ClientMessage {}

    /**
     * Transfer the callee (RFC 3515, an addition to the contract): to {@code target}, or, attended, to the far end of
     * this connection's call {@code replacesCallId} (RFC 3891); exactly one of the two is set.
     */
    record Transfer(String callId, String target, String replacesCallId) implements ClientMessage {}

    /** The room's new offer in a running call: participants joined or left (answered with {@code answer}). */
    record Offer(String callId, String sdp) implements ClientMessage {}
}
