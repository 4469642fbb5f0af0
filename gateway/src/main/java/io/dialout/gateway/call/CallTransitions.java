package io.dialout.gateway.call;

import static io.dialout.gateway.call.CallState.ALLOCATING;
import static io.dialout.gateway.call.CallState.ANSWERED;
import static io.dialout.gateway.call.CallState.EARLY_MEDIA;
import static io.dialout.gateway.call.CallState.ENDED;
import static io.dialout.gateway.call.CallState.INVITING;
import static io.dialout.gateway.call.CallState.RINGING;
import static io.dialout.gateway.call.CallState.TERMINATING;
import static io.dialout.gateway.call.CallState.TRANSFERRING;
import static io.dialout.gateway.call.CallState.TRANSFERRING_ALONE;
import static io.dialout.gateway.call.CallState.TRANSFERRING_HELD;
import static io.dialout.gateway.call.CallState.VALIDATING;

import io.dialout.gateway.call.CallEvent.Kind;
import io.dialout.gateway.call.CallState.LocalHold;

/**
 * The call's state machine: one pure function from (state, event kind) to (next state, effect). Every pair is covered
 * by {@code CallTransitionsTest}. The function knows nothing about SIP or media objects; {@link Call} carries out the
 * effect with the event's data.
 */
public final class CallTransitions {

    private CallTransitions() {}

    public static Transition on(CallState s, Kind e) {
        if (s == ENDED) {
            return stay(s, e == Kind.REFER_RECEIVED ? Effect.REFUSE_TRANSFER : clientOrIgnore(e));
        }
        if (s == TERMINATING) {
            if (e == Kind.TEARDOWN_DONE) {
                return Transition.to(ENDED, Effect.FINISH);
            }
            if (e == Kind.REMOTE_REOFFER) {
                return stay(s, Effect.REFUSE_REOFFER);
            }
            if (e == Kind.REFER_RECEIVED) {
                return stay(s, Effect.REFUSE_TRANSFER);
            }
            return stay(s, e.clientRequest() ? Effect.REJECT : Effect.IGNORE);
        }
        return switch (e) {
            case ROUTED -> s == VALIDATING ? Transition.to(ALLOCATING, Effect.ALLOCATE) : ignore(s);
            case REFUSED -> s == VALIDATING ? end() : ignore(s);
            case DESTINATION_INVALID -> s == VALIDATING ? Transition.to(ENDED, Effect.DROP) : ignore(s);
            case ALLOCATED -> s == ALLOCATING ? Transition.to(INVITING, Effect.SEND_INVITE) : ignore(s);
            case OFFER_REJECTED -> s == ALLOCATING ? Transition.to(ENDED, Effect.DROP) : ignore(s);
            case ALLOCATION_FAILED -> s == ALLOCATING ? end() : ignore(s);

            // RFC 3261 section 21.1.1: a 100 is hop-by-hop and says nothing about the callee; "trying" was already
            // reported when the INVITE went out.
            case SIP_TRYING -> ignore(s);
            // every 180, 181 (forwarded) and 182 (queued) is news for the room, not just the first
            case SIP_RINGING ->
                switch (s) {
                    case INVITING, EARLY_MEDIA -> Transition.to(RINGING, Effect.REPORT_RINGING);
                    case RINGING -> stay(s, Effect.REPORT_RINGING);
                    default -> ignore(s);
                };
            case SIP_EARLY_MEDIA ->
                switch (s) {
                    case INVITING, RINGING -> Transition.to(EARLY_MEDIA, Effect.START_EARLY_MEDIA);
                    case EARLY_MEDIA -> stay(s, Effect.UPDATE_EARLY_MEDIA);
                    default -> ignore(s);
                };
            case SIP_ANSWERED -> s.beforeAnswer() ? Transition.to(ANSWERED, Effect.ANSWER) : ignore(s);
            case SIP_FAILED, RING_TIMEOUT -> s.beforeAnswer() ? end() : ignore(s);
            case REMOTE_BYE ->
                switch (s) {
                    // RFC 3515 section 2.4.7: the transferor may hang up before the target answers
                    case TRANSFERRING, TRANSFERRING_HELD -> Transition.to(TRANSFERRING_ALONE, Effect.OLD_LEG_GONE);
                    default -> s.answered() ? end() : ignore(s);
                };
            case MAX_DURATION -> s.answered() || s.transferring() ? end() : ignore(s);
            case MEDIA_FAILURE -> s.hasMedia() ? end() : ignore(s);
            case LOCAL_HANGUP, CONTROLLER_GONE, SHUTDOWN, INTERNAL_ERROR -> end();

            // RFC 3261 section 14.2: before the answer there is no session to modify; 491 asks the far end to retry
            // later, which it will not need to once the call is gone or answered. RFC 3311 sections 5.1/5.2: in the
            // early dialog, an UPDATE offer is allowed once the 18x answered our INVITE's offer (EARLY_MEDIA; the SIP
            // layer answers 491 itself when that answer came unreliably); before that our offer is outstanding: 491.
            case REMOTE_REOFFER -> {
                if (s.answered()) {
                    yield stay(s, Effect.ANSWER_REOFFER);
                }
                yield stay(s, s == EARLY_MEDIA ? Effect.ANSWER_EARLY_REOFFER : Effect.REFUSE_REOFFER);
            }
            case HOLD_REQUESTED, RESUME_REQUESTED, REINVITE_ACCEPTED, REINVITE_REFUSED, REMOTE_HOLD, REMOTE_RESUME ->
                s.answered() ? hold(s, e) : stay(s, e.clientRequest() ? Effect.REJECT : Effect.IGNORE);

            case REFER_RECEIVED, TRANSFER_ALLOWED, TRANSFER_PROGRESS, TRANSFER_ANSWERED, TRANSFER_FAILED ->
                transfer(s, e);
            case TRANSFER_REQUESTED -> stay(s, s.answered() ? Effect.SEND_REFER : Effect.REJECT);
            case REFER_PROGRESS -> stay(s, s.answered() ? Effect.REPORT_REFER_PROGRESS : Effect.IGNORE);

            case DTMF_REQUESTED -> stay(s, s.answered() ? Effect.SEND_DTMF : Effect.REJECT);
            case INFO_DIGIT_DUE -> stay(s, s.answered() ? Effect.SEND_INFO_DIGIT : Effect.IGNORE);
            case DTMF_RECEIVED -> stay(s, s == EARLY_MEDIA || s.answered() ? Effect.REPORT_DTMF : Effect.IGNORE);
            case CANDIDATE -> stay(s, s.hasMedia() ? Effect.ADD_CANDIDATE : Effect.BUFFER_CANDIDATE);
            case TEARDOWN_DONE -> ignore(s);
        };
    }

    /**
     * Hold in an answered call. Our side and the far end hold independently (RFC 3264 section 8.4: each re-offers
     * with its own direction); the call is held while either does, and only the side that holds can lift its hold.
     * Our re-INVITEs go one at a time; the far end's are answered whenever they come (the SIP layer sorts out glare,
     * RFC 3261 section 14.1).
     */
    private static Transition hold(CallState s, Kind e) {
        LocalHold local = s.localHold();
        boolean remote = s.remoteHold();
        return switch (e) {
            case HOLD_REQUESTED -> {
                if (s.held()) {
                    yield stay(s, Effect.REJECT); // already on hold, by us or by the far end
                }
                yield local == LocalHold.HOLDING
                        ? stay(s, Effect.REJECT_REINVITE_PENDING)
                        : Transition.to(s.withLocalHold(LocalHold.HOLDING), Effect.SEND_HOLD);
            }
            case RESUME_REQUESTED -> {
                if (!s.held()) {
                    yield stay(s, Effect.REJECT); // not on hold
                }
                if (local.pending()) {
                    yield stay(s, Effect.REJECT_REINVITE_PENDING);
                }
                yield local == LocalHold.NONE
                        ? stay(s, Effect.REJECT_HELD_BY_REMOTE)
                        : Transition.to(s.withLocalHold(LocalHold.RESUMING), Effect.SEND_RESUME);
            }
            case REINVITE_ACCEPTED ->
                switch (local) {
                    case HOLDING ->
                        Transition.to(
                                s.withLocalHold(LocalHold.HELD),
                                remote ? Effect.APPLY_HOLD_ANSWER : Effect.CONFIRM_HOLD);
                    case RESUMING ->
                        Transition.to(
                                s.withLocalHold(LocalHold.NONE),
                                remote ? Effect.APPLY_RESUME_ANSWER : Effect.CONFIRM_RESUME);
                    default -> ignore(s); // no re-INVITE of ours is out
                };
            // RFC 3261 section 14.1: a failed re-INVITE leaves the session as it was.
            case REINVITE_REFUSED ->
                switch (local) {
                    case HOLDING -> Transition.to(s.withLocalHold(LocalHold.NONE), Effect.REPORT_HOLD_REFUSED);
                    case RESUMING -> Transition.to(s.withLocalHold(LocalHold.HELD), Effect.REPORT_RESUME_REFUSED);
                    default -> ignore(s);
                };
            case REMOTE_HOLD ->
                remote
                        ? ignore(s)
                        : Transition.to(
                                s.withRemoteHold(true), local.holds() ? Effect.KEEP_HOLD : Effect.REPORT_REMOTE_HOLD);
            case REMOTE_RESUME ->
                !remote
                        ? ignore(s)
                        : Transition.to(
                                s.withRemoteHold(false),
                                local.holds() ? Effect.KEEP_HOLD : Effect.REPORT_REMOTE_RESUME);
            default -> throw new IllegalArgumentException(e + " is not a hold event");
        };
    }

    /**
     * The far end transfers the call (RFC 3515). Only a session that our side does not hold and where no re-INVITE of
     * ours is out can be transferred (the new leg starts as a plain sendrecv session); the old leg carries the call
     * until the target answers, and takes it back if the target fails, unless the transferor hung up meanwhile.
     */
    private static Transition transfer(CallState s, Kind e) {
        boolean transferable = s == ANSWERED || s == CallState.HELD_REMOTE;
        return switch (e) {
            case REFER_RECEIVED -> stay(s, transferable ? Effect.CHECK_TRANSFER : Effect.REFUSE_TRANSFER);
            case TRANSFER_ALLOWED ->
                transferable
                        ? Transition.to(
                                s == ANSWERED ? CallState.TRANSFERRING : CallState.TRANSFERRING_HELD,
                                Effect.START_TRANSFER)
                        : ignore(s);
            case TRANSFER_PROGRESS -> s.transferring() ? stay(s, Effect.NOTIFY_TRANSFER_PROGRESS) : ignore(s);
            case TRANSFER_ANSWERED -> s.transferring() ? Transition.to(ANSWERED, Effect.SWAP_LEG) : ignore(s);
            case TRANSFER_FAILED ->
                switch (s) {
                    case TRANSFERRING -> Transition.to(ANSWERED, Effect.REPORT_TRANSFER_FAILED);
                    case TRANSFERRING_HELD -> Transition.to(CallState.HELD_REMOTE, Effect.REPORT_TRANSFER_FAILED);
                    case TRANSFERRING_ALONE -> end();
                    default -> ignore(s);
                };
            default -> throw new IllegalArgumentException(e + " is not a transfer event");
        };
    }

    private static Effect clientOrIgnore(Kind e) {
        return e.clientRequest() ? Effect.REJECT : Effect.IGNORE;
    }

    private static Transition end() {
        return Transition.to(TERMINATING, Effect.END);
    }

    private static Transition stay(CallState s, Effect effect) {
        return Transition.stay(s, effect);
    }

    private static Transition ignore(CallState s) {
        return Transition.stay(s, Effect.IGNORE);
    }
}
