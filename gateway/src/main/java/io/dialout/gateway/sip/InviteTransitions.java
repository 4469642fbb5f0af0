package io.dialout.gateway.sip;

import static io.dialout.gateway.sip.InviteTransitions.Action.ACK_UNUSABLE;
import static io.dialout.gateway.sip.InviteTransitions.Action.ANSWER_CHALLENGE;
import static io.dialout.gateway.sip.InviteTransitions.Action.BYE_UNUSABLE;
import static io.dialout.gateway.sip.InviteTransitions.Action.DROP_INVITE;
import static io.dialout.gateway.sip.InviteTransitions.Action.FINISH;
import static io.dialout.gateway.sip.InviteTransitions.Action.REPORT_ANSWERED;
import static io.dialout.gateway.sip.InviteTransitions.Action.REPORT_INTERNAL_ERROR;
import static io.dialout.gateway.sip.InviteTransitions.Action.REPORT_PROVISIONAL;
import static io.dialout.gateway.sip.InviteTransitions.Action.REPORT_REJECTED;
import static io.dialout.gateway.sip.InviteTransitions.Action.REPORT_REMOTE_BYE;
import static io.dialout.gateway.sip.InviteTransitions.Action.REPORT_TARGET_REFUSED;
import static io.dialout.gateway.sip.InviteTransitions.Action.REPORT_TIMEOUT;
import static io.dialout.gateway.sip.InviteTransitions.Action.REPORT_TRANSPORT;
import static io.dialout.gateway.sip.InviteTransitions.Action.REPORT_UNUSABLE;
import static io.dialout.gateway.sip.InviteTransitions.Action.RESEND_ACK;
import static io.dialout.gateway.sip.InviteTransitions.Action.RUN_PROBE;
import static io.dialout.gateway.sip.InviteTransitions.Action.SCHEDULE_PROBE;
import static io.dialout.gateway.sip.InviteTransitions.Action.SEND_ACK;
import static io.dialout.gateway.sip.InviteTransitions.Action.SEND_BYE;
import static io.dialout.gateway.sip.InviteTransitions.Action.SEND_CANCEL;
import static io.dialout.gateway.sip.InviteTransitions.Action.SEND_INVITE;
import static io.dialout.gateway.sip.InviteTransitions.Action.STOP_INVITE_TX;
import static io.dialout.gateway.sip.InviteTransitions.Action.STOP_TIMER;
import static io.dialout.gateway.sip.InviteTransitions.Phase.CALLING;
import static io.dialout.gateway.sip.InviteTransitions.Phase.CANCELLING;
import static io.dialout.gateway.sip.InviteTransitions.Phase.CONFIRMED;
import static io.dialout.gateway.sip.InviteTransitions.Phase.PROCEEDING;
import static io.dialout.gateway.sip.InviteTransitions.Phase.TERMINATED;
import static io.dialout.gateway.sip.InviteTransitions.Phase.TERMINATING;

import java.util.List;

/**
 * The INVITE client transaction and the life of the dialog it makes, as one pure function from (state, event) to
 * (next state, actions). {@link InviteClient} feeds it the stack's events and carries out the actions in order;
 * {@code InviteTransitionsTest} checks every (state, event) pair against a table.
 */
final class InviteTransitions {

    private InviteTransitions() {}

    enum Phase {
        /** INVITE sent, no response yet (RFC 3261 section 17.1.1.2 "Calling"). */
        CALLING,
        /** A provisional response came back ("Proceeding"). */
        PROCEEDING,
        /** CANCEL sent, waiting for the INVITE's final response. */
        CANCELLING,
        /** 2xx received and ACKed: the dialog is up. */
        CONFIRMED,
        /** Our BYE is out. */
        TERMINATING,
        /** Over; {@code terminated()} was reported. */
        TERMINATED;

        boolean beforeAnswer() {
            return this == CALLING || this == PROCEEDING || this == CANCELLING;
        }
    }

    /** The phase, and whether the caller asked to cancel (kept until a provisional response allows it). */
    record State(Phase phase, boolean cancelRequested) {
        static final State START = new State(CALLING, false);
    }

    enum Event {
        /** The call was created: send the INVITE. */
        START,
        /** {@code cancel()}. */
        CANCEL,
        /** {@code bye()}. */
        BYE,
        /** {@code hangup()}: CANCEL before the answer, BYE after. */
        HANGUP,
        /** A new 1xx to the INVITE. */
        PROVISIONAL,
        /** A 2xx to the INVITE (first or retransmitted). */
        SUCCESS,
        /**
         * A 2xx to the INVITE without a usable Contact (none, unparseable, or not a SIP URI): no remote target, so
         * the stack's dialog can neither ACK nor BYE it (RFC 3261 section 12.1.2).
         */
        UNUSABLE_SUCCESS,
        /** A 401/407 to the INVITE. */
        CHALLENGED,
        /** The INVITE with credentials is ready to go (the answer to {@link Action#ANSWER_CHALLENGE}). */
        CHALLENGE_ANSWERED,
        /**
         * This attempt failed (3xx; 503, 408 or timer B; a transport failure) and {@link Retargeting} has the next
         * one ready: another server of the domain (RFC 3263 section 4.3) or a redirect target (RFC 3261 section
         * 8.1.3.4).
         */
        RETARGET,
        /** Any other final response &ge; 300, or a challenge we have nothing to answer with. */
        REJECTED,
        /** The stack's timer B fired for the INVITE (RFC 3261 section 17.1.1.2). */
        TIMER_B,
        /** No final response 64*T1 after our CANCEL (RFC 3261 section 9.1). */
        CANCEL_TIMEOUT,
        /** The INVITE could not be sent, or its next hop is unreachable (ICMP, I/O error) before any response. */
        UNREACHABLE,
        /** The stack ended the INVITE transaction without a final response. */
        ENDED_WITHOUT_RESPONSE,
        /** The ICMP probe of the next hop is due. */
        PROBE_DUE,
        /** The probe heard nothing; another one may follow. */
        PROBE_SILENT,
        /** The ACK of the 2xx could not be sent. */
        ACK_FAILED,
        /** The 2xx names a target (Contact, Record-Route) the dial plan refuses: nothing is sent there. */
        TARGET_REFUSED,
        /** Our BYE's transaction is over (any final response, timeout, I/O error), or it could not be sent. */
        BYE_ENDED,
        /** The far end sent BYE. */
        REMOTE_BYE,
        /** The user agent closes and the grace period is over: end without signalling. */
        FORCE_END,
        /** A bug in one of the call's tasks. */
        INTERNAL_ERROR
    }

    enum Action {
        SEND_INVITE,
        /** Stop the probe or CANCEL timer. */
        STOP_TIMER,
        /** Send CANCEL and start its 64*T1 timer. */
        SEND_CANCEL,
        REPORT_PROVISIONAL,
        SEND_ACK,
        REPORT_ANSWERED,
        RESEND_ACK,
        /** Build the INVITE again with credentials: then {@link Event#CHALLENGE_ANSWERED}, or else REJECTED. */
        ANSWER_CHALLENGE,
        REPORT_REJECTED,
        REPORT_TIMEOUT,
        REPORT_TRANSPORT,
        REPORT_INTERNAL_ERROR,
        /** Terminate the INVITE transaction and delete its early dialog. */
        DROP_INVITE,
        /** Terminate the INVITE transaction, keeping the confirmed dialog. */
        STOP_INVITE_TX,
        RUN_PROBE,
        SCHEDULE_PROBE,
        SEND_BYE,
        /**
         * ACK a 2xx without a usable Contact without the stack's dialog: to the INVITE's Request-URI through the 2xx's
         * Record-Route (RFC 3261 sections 12.1.2, 13.2.2.4); again for each retransmission.
         */
        ACK_UNUSABLE,
        /** BYE that dialog the same way, with a Reason (RFC 3326). */
        BYE_UNUSABLE,
        /** Tell the listener the callee answered with a response that cannot be used: the call fails. */
        REPORT_UNUSABLE,
        /** Tell the listener the 2xx's in-dialog target was refused: the call fails as unreachable. */
        REPORT_TARGET_REFUSED,
        REPORT_REMOTE_BYE,
        /** Report {@code terminated()} and forget the call. */
        FINISH
    }

    record Step(State next, List<Action> actions) {
        static Step stay(State s, Action... actions) {
            return new Step(s, List.of(actions));
        }

        static Step to(Phase p, boolean cancelRequested, Action... actions) {
            return new Step(new State(p, cancelRequested), List.of(actions));
        }
    }

    static Step on(State s, Event e) {
        Phase p = s.phase();
        boolean cancel = s.cancelRequested();
        if (p == TERMINATED) {
            return Step.stay(s);
        }
        return switch (e) {
            case START -> p == CALLING ? Step.stay(s, SEND_INVITE) : Step.stay(s);
            case CANCEL -> cancel(s);
            case BYE -> p == CONFIRMED ? Step.to(TERMINATING, cancel, SEND_BYE) : Step.stay(s);
            case HANGUP -> p == CONFIRMED ? Step.to(TERMINATING, cancel, SEND_BYE) : cancel(s);
            case PROVISIONAL -> provisional(s);
            case SUCCESS -> {
                if (p.beforeAnswer()) {
                    // RFC 3261 section 9.1 / 15: the callee answered despite our CANCEL; ACK it, then BYE it
                    yield cancel
                            ? Step.to(TERMINATING, true, STOP_TIMER, SEND_ACK, SEND_BYE)
                            : Step.to(CONFIRMED, false, STOP_TIMER, SEND_ACK, REPORT_ANSWERED);
                }
                // RFC 3261 section 13.2.2.4: ACK each 2xx retransmission
                yield Step.stay(s, RESEND_ACK);
            }
            case UNUSABLE_SUCCESS -> {
                if (p.beforeAnswer()) {
                    // answered, but with nowhere to send in-dialog requests: ACK it so it stops, then BYE it
                    yield cancel
                            ? Step.to(TERMINATING, true, STOP_TIMER, ACK_UNUSABLE, BYE_UNUSABLE)
                            : Step.to(TERMINATING, false, STOP_TIMER, ACK_UNUSABLE, REPORT_UNUSABLE, BYE_UNUSABLE);
                }
                yield p == TERMINATING ? Step.stay(s, ACK_UNUSABLE) : Step.stay(s);
            }
            case CHALLENGED -> {
                if (!p.beforeAnswer()) {
                    yield Step.stay(s);
                }
                // RFC 3261 section 22.2: answer the challenge, unless the caller gave up meanwhile
                yield cancel ? end(STOP_TIMER, REPORT_REJECTED) : Step.stay(s, STOP_TIMER, ANSWER_CHALLENGE);
            }
            case CHALLENGE_ANSWERED -> p.beforeAnswer() ? Step.to(CALLING, cancel, SEND_INVITE) : Step.stay(s);
            // the failed attempt's transaction (and early dialog) is dropped; the next attempt is a new transaction
            case RETARGET ->
                p.beforeAnswer() ? Step.to(CALLING, cancel, STOP_TIMER, DROP_INVITE, SEND_INVITE) : Step.stay(s);
            case REJECTED -> p.beforeAnswer() ? end(STOP_TIMER, REPORT_REJECTED) : Step.stay(s);
            // RFC 3261 section 8.1.3.1: a timeout is reported as 408
            case TIMER_B -> p.beforeAnswer() ? end(REPORT_TIMEOUT) : Step.stay(s);
            // RFC 3261 section 9.1: without a final response 64*T1 after the CANCEL, consider the INVITE cancelled
            case CANCEL_TIMEOUT -> p == CANCELLING ? end(DROP_INVITE, REPORT_TIMEOUT) : Step.stay(s);
            // RFC 3261 section 8.1.3.1: a transport failure is treated as a 503 Service Unavailable; once the next
            // hop has answered, an I/O error or probe result about it no longer decides the INVITE
            case UNREACHABLE -> p == CALLING ? end(DROP_INVITE, REPORT_TRANSPORT) : Step.stay(s);
            case ENDED_WITHOUT_RESPONSE -> p.beforeAnswer() ? end(DROP_INVITE, REPORT_TRANSPORT) : Step.stay(s);
            case PROBE_DUE -> p == CALLING ? Step.stay(s, RUN_PROBE) : Step.stay(s);
            case PROBE_SILENT -> p == CALLING ? Step.stay(s, SCHEDULE_PROBE) : Step.stay(s);
            case ACK_FAILED -> end(FINISH);
            // neither ACK nor BYE goes to a target the dial plan refuses; the callee's 2xx retransmissions time out
            case TARGET_REFUSED ->
                p.beforeAnswer() ? end(STOP_TIMER, DROP_INVITE, REPORT_TARGET_REFUSED) : Step.stay(s);
            case BYE_ENDED -> p == TERMINATING ? end() : Step.stay(s);
            case REMOTE_BYE -> p == CONFIRMED ? end(REPORT_REMOTE_BYE) : Step.stay(s);
            case FORCE_END -> p == CONFIRMED ? end(STOP_INVITE_TX) : end(DROP_INVITE);
            // a bug must still end the call once: BYE a confirmed dialog, else give up on it
            case INTERNAL_ERROR ->
                p == CONFIRMED ? Step.to(TERMINATING, cancel, SEND_BYE) : end(DROP_INVITE, REPORT_INTERNAL_ERROR);
        };
    }

    /** RFC 3261 section 9.1: CANCEL only once a provisional response came back; before that, remember it. */
    private static Step cancel(State s) {
        return switch (s.phase()) {
            case CALLING -> Step.to(CALLING, true);
            case PROCEEDING -> Step.to(CANCELLING, true, SEND_CANCEL);
            default -> Step.stay(s); // CANCELLING already, or past the answer (BYE is the caller's job)
        };
    }

    private static Step provisional(State s) {
        return switch (s.phase()) {
            case CALLING ->
                s.cancelRequested()
                        ? Step.to(CANCELLING, true, STOP_TIMER, SEND_CANCEL, REPORT_PROVISIONAL)
                        : Step.to(PROCEEDING, false, STOP_TIMER, REPORT_PROVISIONAL);
            case PROCEEDING, CANCELLING -> Step.stay(s, REPORT_PROVISIONAL);
            default -> Step.stay(s);
        };
    }

    /** To TERMINATED: these actions, then FINISH (once). */
    private static Step end(Action... actions) {
        List<Action> list = new java.util.ArrayList<>(List.of(actions));
        if (!list.contains(FINISH)) {
            list.add(FINISH);
        }
        return new Step(new State(TERMINATED, false), List.copyOf(list));
    }
}
