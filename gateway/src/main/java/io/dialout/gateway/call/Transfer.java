package io.dialout.gateway.call;

import io.dialout.gateway.dialplan.Route;
import io.dialout.gateway.sip.OutboundCall;
import io.dialout.gateway.sip.TransferRequest;
import java.util.concurrent.ScheduledFuture;

/**
 * The far end's transfer under way (RFC 3515): its REFER, the target's route, and the new leg once its INVITE is out.
 * Owned by the call's executor.
 */
final class Transfer {

    final TransferRequest request;
    final Route route;
    /** The number of the new leg: its listener's events are the call's once it answers. */
    final int leg;

    OutboundCall newLeg;
    ScheduledFuture<?> ringTimer;

    Transfer(TransferRequest request, Route route, int leg) {
        this.request = request;
        this.route = route;
        this.leg = leg;
    }

    /** The target as the REFER named it (what the room is told). */
    String target() {
        return request.target();
    }

    /** Ends what is left of the attempt: its ring timer, and its INVITE (CANCEL; nothing once it failed). */
    void abandon() {
        if (ringTimer != null) {
            ringTimer.cancel(false);
        }
        if (newLeg != null) {
            newLeg.hangup();
        }
    }
}
