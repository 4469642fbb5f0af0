package io.dialout.gateway.dialplan;

import io.dialout.gateway.sip.Trunk;
import io.dialout.media.CallMediaRequest.SipLegOptions;
import java.util.Objects;

/**
 * Where to send the INVITE, and how to offer its media.
 *
 * @param requestUri the SIP Request-URI (the user agent adds {@code ;transport=tcp} itself for TCP trunks)
 * @param trunk      the trunk: transport, outbound proxy, credentials
 * @param number     the normalised E.164 number ("+15551234567") when the destination was a number, else null
 * @param rule       the name of the rule that matched ("sip-uri" for a SIP URI without a host rule)
 * @param sipLeg     how the SIP leg is offered on this trunk: SDES-SRTP, G.711 only, video
 */
public record Route(String requestUri, Trunk trunk, String number, String rule, SipLegOptions sipLeg)
        implements Routing {
    public Route {
        Objects.requireNonNull(requestUri, "requestUri");
        Objects.requireNonNull(trunk, "trunk");
        Objects.requireNonNull(sipLeg, "sipLeg");
    }
}
