package io.dialout.gateway.sip;

import static io.dialout.gateway.sip.ReInviteTransitions.Action.ANSWER_THEIRS;
import static io.dialout.gateway.sip.ReInviteTransitions.Action.OFFER_TO_LISTENER;
import static io.dialout.gateway.sip.ReInviteTransitions.Action.REPORT_408;
import static io.dialout.gateway.sip.ReInviteTransitions.Action.REPORT_481;
import static io.dialout.gateway.sip.ReInviteTransitions.Action.REPORT_491;
import static io.dialout.gateway.sip.ReInviteTransitions.Action.REPORT_500;
import static io.dialout.gateway.sip.ReInviteTransitions.Action.REPORT_RESPONSE;
import static io.dialout.gateway.sip.ReInviteTransitions.Action.RESPOND_487;
import static io.dialout.gateway.sip.ReInviteTransitions.Action.RESPOND_491;
import static io.dialout.gateway.sip.ReInviteTransitions.Action.RESPOND_500_RETRY_AFTER;
import static io.dialout.gateway.sip.ReInviteTransitions.Action.SCHEDULE_RETRY;
import static io.dialout.gateway.sip.ReInviteTransitions.Action.SEND_ACK;
import static io.dialout.gateway.sip.ReInviteTransitions.Action.SEND_OFFER;
import static io.dialout.gateway.sip.ReInviteTransitions.Ours.GLARE_WAIT;
import static io.dialout.gateway.sip.ReInviteTransitions.Ours.IDLE;
import static io.dialout.gateway.sip.ReInviteTransitions.Ours.OFFERED;
import static io.dialout.gateway.sip.ReInviteTransitions.Ours.RETRIED;

import java.util.List;

/**
 * Offers inside the confirmed dialog, ours and the far end's (RFC 3261 section 14), as one pure function from
 * (state, whether the dialog is confirmed, event) to (next state, actions). {@link ReInvites} carries out the
 * actions; {@code ReInviteTransitionsTest} checks every combination against a table.
 */
final class ReInviteTransitions {

    private ReInviteTransitions() {}

    /** Our re-INVITE. */
    enum Ours {
        IDLE,
        /** Sent, waiting for its final response. */
        OFFERED,
        /** The first one met a 491: waiting the random delay before the one retry (RFC 3261 section 14.1). */
        GLARE_WAIT,
        /** The retry is out; another 491 is final. */
        RETRIED;

        boolean busy() {
            return this != IDLE;
        }
    }

    /** Ours, and whether a re-INVITE of the far end waits for our answer. */
    record State(Ours ours, boolean theirs) {
        static final State IDLE_STATE = new State(IDLE, false);
    }

    enum Event {
        /** {@code reInvite(sdp)} was called. */
        OFFER,
        /** Our re-INVITE could not be sent. */
        OFFER_NOT_SENT,
        /** 2xx to our re-INVITE. */
        ACCEPTED,
        /** 491 Request Pending to our re-INVITE. */
        GLARE,
        /** Any other final response &ge; 300 to our re-INVITE (a challenge we could not answer included). */
        REFUSED,
        /** Our re-INVITE's transaction timed out. */
        TIMEOUT,
        /** The glare delay is over. */
        RETRY_DUE,
        /** The far end sent a re-INVITE. */
        REMOTE_OFFER,
        /** The listener answered the far end's re-INVITE. */
        REMOTE_ANSWERED,
        /** The far end cancelled its re-INVITE. */
        REMOTE_CANCELLED,
        /** The far end sent an UPDATE with an offer (RFC 3311), in the early or the confirmed dialog. */
        REMOTE_UPDATE
    }

    enum Action {
        SEND_OFFER,
        SEND_ACK,
        /** Report the final response's status (and SDP of a 2xx). */
        REPORT_RESPONSE,
        REPORT_408,
        REPORT_481,
        REPORT_491,
        REPORT_500,
        SCHEDULE_RETRY,
        OFFER_TO_LISTENER,
        /** Send the listener's answer (200 with SDP, or its error status). */
        ANSWER_THEIRS,
        RESPOND_487,
        RESPOND_491,
        RESPOND_500_RETRY_AFTER
    }

    record Step(State next, List<Action> actions) {}

    static Step on(State s, boolean confirmed, Event e) {
        Ours ours = s.ours();
        boolean waiting = ours == OFFERED || ours == RETRIED;
        return switch (e) {
            case OFFER -> {
                if (!confirmed) {
                    yield stay(s, REPORT_481);
                }
                yield ours.busy() || s.theirs() ? stay(s, REPORT_491) : ours(s, OFFERED, SEND_OFFER);
            }
            case OFFER_NOT_SENT -> waiting ? ours(s, IDLE, REPORT_500) : stay(s);
            case ACCEPTED -> waiting ? ours(s, IDLE, SEND_ACK, REPORT_RESPONSE) : stay(s);
            // RFC 3261 section 14.1: we own the Call-ID, so retry once after 2.1-4 s
            case GLARE ->
                switch (ours) {
                    case OFFERED -> ours(s, GLARE_WAIT, SCHEDULE_RETRY);
                    case RETRIED -> ours(s, IDLE, REPORT_RESPONSE);
                    default -> stay(s);
                };
            case REFUSED -> waiting ? ours(s, IDLE, REPORT_RESPONSE) : stay(s);
            case TIMEOUT -> waiting ? ours(s, IDLE, REPORT_408) : stay(s);
            case RETRY_DUE -> {
                if (ours != GLARE_WAIT) {
                    yield stay(s);
                }
                yield confirmed && !s.theirs() ? ours(s, RETRIED, SEND_OFFER) : ours(s, IDLE, REPORT_491);
            }
            case REMOTE_OFFER -> {
                if (!confirmed || ours.busy()) {
                    // RFC 3261 section 14.2: a re-INVITE while ours is pending gets 491
                    yield stay(s, RESPOND_491);
                }
                // RFC 3261 section 14.2: a second re-INVITE before we answered the first gets 500 + Retry-After
                yield s.theirs() ? stay(s, RESPOND_500_RETRY_AFTER) : theirs(s, true, OFFER_TO_LISTENER);
            }
            // RFC 3311 section 5.2: allowed in the early dialog too; an UPDATE while an offer of ours is out gets 491,
            // while one of theirs waits for our answer 500 with Retry-After
            case REMOTE_UPDATE -> {
                if (ours.busy()) {
                    yield stay(s, RESPOND_491);
                }
                yield s.theirs() ? stay(s, RESPOND_500_RETRY_AFTER) : theirs(s, true, OFFER_TO_LISTENER);
            }
            case REMOTE_ANSWERED -> s.theirs() ? theirs(s, false, ANSWER_THEIRS) : stay(s);
            // RFC 3261 section 9.2: the cancelled re-INVITE is answered 487
            case REMOTE_CANCELLED -> s.theirs() ? theirs(s, false, RESPOND_487) : stay(s);
        };
    }

    private static Step stay(State s, Action... actions) {
        return new Step(s, List.of(actions));
    }

    private static Step ours(State s, Ours next, Action... actions) {
        return new Step(new State(next, s.theirs()), List.of(actions));
    }

    private static Step theirs(State s, boolean next, Action... actions) {
        return new Step(new State(s.ours(), next), List.of(actions));
    }
}
