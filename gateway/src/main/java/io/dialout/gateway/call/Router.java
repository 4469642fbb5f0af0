package io.dialout.gateway.call;

import io.dialout.gateway.sip.Trunk;

/** Decides where a destination goes (the dial plan behind a narrow interface; see config.DialPlanRouter). */
public interface Router {

    Routing route(String to);

    sealed interface Routing permits Routed, Refused {}

    /**
     * @param requestUri the SIP URI to put in the INVITE
     * @param trunk      how to reach it
     * @param g711Only   the trunk takes only G.711 (answer the room with PCMU/PCMA when it offers them)
     * @param srtp       offer SDES-SRTP toward SIP
     * @param video      offer video toward SIP
     */
    record Routed(String requestUri, Trunk trunk, boolean g711Only, boolean srtp, boolean video) implements Routing {}

    /**
     * No route, or a rule denies it: the call ends with cause {@code policy} and {@code reason}. With
     * {@code invalid}, the destination itself is malformed and the dial is answered with {@code error bad-request}.
     */
    record Refused(String reason, boolean invalid) implements Routing {
        public Refused(String reason) {
            this(reason, false);
        }
    }
}
