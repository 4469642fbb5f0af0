package io.dialout.gateway.call;

import static io.dialout.gateway.call.CallState.ANSWERED;
import static io.dialout.gateway.call.CallState.EARLY_MEDIA;
import static io.dialout.gateway.call.CallState.ENDED;
import static io.dialout.gateway.call.CallState.HELD;
import static io.dialout.gateway.call.CallState.INVITING;
import static io.dialout.gateway.call.CallState.RINGING;
import static io.dialout.gateway.call.CallState.TERMINATING;

/**
 * The call's state machine: one pure function from (state, event) to (next state, effect). Every pair is covered by
 * {@code CallTransitionsTest}. The function knows nothing about SIP or media objects; {@link Call} carries out the
 * effect.
 */
public final class CallTransitions {

    private CallTransitions() {}

    public static Transition on(CallState s, CallEvent e) {
        if (s == ENDED) {
            return Transition.stay(s, isClientRequest(e) ? Effect.REJECT : Effect.IGNORE);
        }
        if (s == TERMINATING) {
            if (e == CallEvent.TEARDOWN_DONE) {
                return Transition.to(ENDED, Effect.FINISH);
            }
            if (e == CallEvent.REMOTE_REOFFER) {
                return Transition.stay(s, Effect.REFUSE_REOFFER);
            }
            return Transition.stay(s, isClientRequest(e) ? Effect.REJECT : Effect.IGNORE);
        }
        return switch (e) {
            case ROUTED ->
                s == CallState.VALIDATING
                        ? Transition.to(CallState.ALLOCATING, Effect.ALLOCATE)
                        : Transition.stay(s, Effect.IGNORE);
            case REFUSED -> s == CallState.VALIDATING ? end() : Transition.stay(s, Effect.IGNORE);
            case DESTINATION_INVALID ->
                s == CallState.VALIDATING ? Transition.to(ENDED, Effect.DROP) : Transition.stay(s, Effect.IGNORE);
            case ALLOCATED ->
                s == CallState.ALLOCATING
                        ? Transition.to(INVITING, Effect.SEND_INVITE)
                        : Transition.stay(s, Effect.IGNORE);
            case OFFER_REJECTED ->
                s == CallState.ALLOCATING ? Transition.to(ENDED, Effect.DROP) : Transition.stay(s, Effect.IGNORE);
            case ALLOCATION_FAILED -> s == CallState.ALLOCATING ? end() : Transition.stay(s, Effect.IGNORE);

            // RFC 3261 section 21.1.1: a 100 is hop-by-hop and says nothing about the callee; "trying" was already
            // reported when the INVITE went out.
            case SIP_TRYING -> Transition.stay(s, Effect.IGNORE);
            case SIP_RINGING ->
                s == INVITING || s == EARLY_MEDIA
                        ? Transition.to(RINGING, Effect.REPORT_RINGING)
                        : Transition.stay(s, Effect.IGNORE);
            case SIP_EARLY_MEDIA ->
                switch (s) {
                    case INVITING, RINGING -> Transition.to(EARLY_MEDIA, Effect.START_EARLY_MEDIA);
                    case EARLY_MEDIA -> Transition.stay(s, Effect.UPDATE_EARLY_MEDIA);
                    default -> Transition.stay(s, Effect.IGNORE);
                };
            case SIP_ANSWERED ->
                s.beforeAnswer() ? Transition.to(ANSWERED, Effect.ANSWER) : Transition.stay(s, Effect.IGNORE);
            case SIP_FAILED, RING_TIMEOUT -> s.beforeAnswer() ? end() : Transition.stay(s, Effect.IGNORE);
            case REMOTE_BYE, MAX_DURATION -> s == ANSWERED || s == HELD ? end() : Transition.stay(s, Effect.IGNORE);
            case MEDIA_FAILURE -> s.hasMedia() ? end() : Transition.stay(s, Effect.IGNORE);
            case LOCAL_HANGUP, CONTROLLER_GONE, SHUTDOWN, INTERNAL_ERROR -> end();

            case REMOTE_REOFFER ->
                s == ANSWERED || s == HELD
                        ? Transition.stay(s, Effect.ANSWER_REOFFER)
                        : Transition.stay(s, Effect.REFUSE_REOFFER);
            case HOLD_REQUESTED ->
                s == ANSWERED ? Transition.stay(s, Effect.SEND_HOLD) : Transition.stay(s, Effect.REJECT);
            case RESUME_REQUESTED ->
                s == HELD ? Transition.stay(s, Effect.SEND_RESUME) : Transition.stay(s, Effect.REJECT);
            case HOLD_ACCEPTED ->
                s == ANSWERED ? Transition.to(HELD, Effect.REPORT_HELD) : Transition.stay(s, Effect.IGNORE);
            case RESUME_ACCEPTED ->
                s == HELD ? Transition.to(ANSWERED, Effect.REPORT_RESUMED) : Transition.stay(s, Effect.IGNORE);
            case REINVITE_REFUSED ->
                s == ANSWERED || s == HELD
                        ? Transition.stay(s, Effect.REPORT_REINVITE_REFUSED)
                        : Transition.stay(s, Effect.IGNORE);
            case REMOTE_HOLD ->
                s == ANSWERED ? Transition.to(HELD, Effect.REPORT_HELD) : Transition.stay(s, Effect.IGNORE);
            case REMOTE_RESUME ->
                s == HELD ? Transition.to(ANSWERED, Effect.REPORT_RESUMED) : Transition.stay(s, Effect.IGNORE);

            case DTMF_REQUESTED ->
                s == ANSWERED || s == HELD ? Transition.stay(s, Effect.SEND_DTMF) : Transition.stay(s, Effect.REJECT);
            case DTMF_RECEIVED ->
                s == EARLY_MEDIA || s == ANSWERED || s == HELD
                        ? Transition.stay(s, Effect.REPORT_DTMF)
                        : Transition.stay(s, Effect.IGNORE);
            case CANDIDATE ->
                s.hasMedia() ? Transition.stay(s, Effect.ADD_CANDIDATE) : Transition.stay(s, Effect.BUFFER_CANDIDATE);
            case TEARDOWN_DONE -> Transition.stay(s, Effect.IGNORE);
        };
    }

    private static Transition end() {
        return Transition.to(TERMINATING, Effect.END);
    }

    /** Requests that came from the client and deserve an answer when they cannot be honoured. */
    static boolean isClientRequest(CallEvent e) {
        return e == CallEvent.HOLD_REQUESTED || e == CallEvent.RESUME_REQUESTED || e == CallEvent.DTMF_REQUESTED;
    }
}
