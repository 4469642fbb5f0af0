package io.dialout.gateway.lifecycle;

import io.dialout.gateway.call.CallSnapshot;
import io.dialout.gateway.call.StateReport;
import java.time.Instant;

/**
 * One step of a call's life, as the platform hears of it (webhooks, the CDR). Made on the call's executor, in the
 * order the room's {@code state} messages go out; {@code sequence} counts from 1 per call.
 *
 * @param kind     dialing, trying, ringing, early-media, answered, held, resumed, transferred (reserved), ended
 * @param eventId  unique per event: receivers de-duplicate retried deliveries with it
 * @param at       when the step happened
 * @param call     what is known of the call from the dial
 * @param report   the state report the room got (for dialing: a report without SIP details)
 * @param snapshot the call just after this step (SIP Call-ID, times, codecs); null if none could be taken
 */
public record CallLifecycleEvent(
        String kind,
        String eventId,
        int sequence,
        Instant at,
        CallFacts call,
        StateReport report,
        CallSnapshot snapshot) {

    /** The kinds in the order a call goes through them; {@code transferred} is reserved for call transfer. */
    public static final java.util.List<String> KINDS = java.util.List.of(
            "dialing", "trying", "ringing", "early-media", "answered", "held", "resumed", "transferred", "ended");

    /** The webhook event type, e.g. {@code call.ringing}. */
    public String type() {
        return "call." + kind;
    }

    public boolean ended() {
        return kind.equals("ended");
    }
}
