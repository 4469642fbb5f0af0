package io.dialout.gateway.sip;

import java.util.Map;
import java.util.Objects;

/**
 * What to dial.
 *
 * @param requestUri      the callee's SIP/SIPS URI (from the dial plan), e.g. {@code sip:+15551234567@trunk.example.com}
 * @param fromUser        user part of our From URI (e.g. the room name); null means "gateway"
 * @param fromDisplayName From display name, or null
 * @param xHeaders        extension headers passed through; every name must start with {@code X-} (checked here)
 * @param sdpOffer        the SDP offer (opaque to the SIP layer), sent as application/sdp
 * @param trunk           how to reach the callee
 * @param identity        From host, asserted identity, Privacy, Diversion ({@link CallerIdentity#resolve}); null: none
 */
public record InviteRequest(
        String requestUri,
        String fromUser,
        String fromDisplayName,
        Map<String, String> xHeaders,
        String sdpOffer,
        Trunk trunk,
        CallerIdentity identity) {

    /** Without caller identity headers. */
    public InviteRequest(
            String requestUri,
            String fromUser,
            String fromDisplayName,
            Map<String, String> xHeaders,
            String sdpOffer,
            Trunk trunk) {
        this(requestUri, fromUser, fromDisplayName, xHeaders, sdpOffer, trunk, null);
    }

    public InviteRequest {
        Objects.requireNonNull(requestUri, "requestUri");
        Objects.requireNonNull(sdpOffer, "sdpOffer");
        Objects.requireNonNull(trunk, "trunk");
        xHeaders = xHeaders == null ? Map.of() : Map.copyOf(xHeaders);
        for (var e : xHeaders.entrySet()) {
            if (!isExtensionHeaderName(e.getKey())) {
                throw new IllegalArgumentException("only X- headers may be passed through: " + e.getKey());
            }
            if (e.getValue().indexOf('\r') >= 0 || e.getValue().indexOf('\n') >= 0) {
                throw new IllegalArgumentException("header value must be one line: " + e.getKey());
            }
        }
    }

    /** "X-" followed by an RFC 3261 token (section 25.1), so nothing can inject another header. */
    static boolean isExtensionHeaderName(String name) {
        if (name == null || name.length() < 3 || !name.regionMatches(true, 0, "X-", 0, 2)) {
            return false;
        }
        return name.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || "-.!%*_+`'~".indexOf(c) >= 0));
    }
}
