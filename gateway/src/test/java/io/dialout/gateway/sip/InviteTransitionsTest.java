package io.dialout.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.gateway.sip.InviteTransitions.Action;
import io.dialout.gateway.sip.InviteTransitions.Event;
import io.dialout.gateway.sip.InviteTransitions.Phase;
import io.dialout.gateway.sip.InviteTransitions.State;
import io.dialout.gateway.sip.InviteTransitions.Step;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The INVITE client transaction as a table: every (state, event) pair not listed must leave the state unchanged and
 * do nothing; every listed pair must give exactly the listed next state and actions, in order. The test walks all
 * pairs, so a change to {@link InviteTransitions} that this table does not show fails here.
 */
class InviteTransitionsTest {

    /**
     * state event -> next actions. A state is a phase, "/c" when a CANCEL was asked for, "/?" for both; "pre" is
     * CALLING, PROCEEDING and CANCELLING; "live" every phase but TERMINATED. "=" keeps the state; "-" no action.
     */
    private static final String TABLE = """
            CALLING/?      START                  -> =              SEND_INVITE

            CALLING        CANCEL                 -> CALLING/c      -
            PROCEEDING/?   CANCEL                 -> CANCELLING/c   SEND_CANCEL
            CALLING        HANGUP                 -> CALLING/c      -
            PROCEEDING/?   HANGUP                 -> CANCELLING/c   SEND_CANCEL
            CONFIRMED      HANGUP                 -> TERMINATING    SEND_BYE
            CONFIRMED/c    HANGUP                 -> TERMINATING/c  SEND_BYE
            CONFIRMED      BYE                    -> TERMINATING    SEND_BYE
            CONFIRMED/c    BYE                    -> TERMINATING/c  SEND_BYE

            CALLING        PROVISIONAL            -> PROCEEDING     STOP_TIMER,REPORT_PROVISIONAL
            CALLING/c      PROVISIONAL            -> CANCELLING/c   STOP_TIMER,SEND_CANCEL,REPORT_PROVISIONAL
            PROCEEDING/?   PROVISIONAL            -> =              REPORT_PROVISIONAL
            CANCELLING/?   PROVISIONAL            -> =              REPORT_PROVISIONAL

            pre            SUCCESS                -> CONFIRMED      STOP_TIMER,SEND_ACK,REPORT_ANSWERED
            pre/c          SUCCESS                -> TERMINATING/c  STOP_TIMER,SEND_ACK,SEND_BYE
            CONFIRMED/?    SUCCESS                -> =              RESEND_ACK
            TERMINATING/?  SUCCESS                -> =              RESEND_ACK
            live/?         ACK_FAILED             -> TERMINATED     FINISH
            pre            UNUSABLE_SUCCESS       -> TERMINATING    STOP_TIMER,ACK_UNUSABLE,REPORT_UNUSABLE,BYE_UNUSABLE
            pre/c          UNUSABLE_SUCCESS       -> TERMINATING/c  STOP_TIMER,ACK_UNUSABLE,BYE_UNUSABLE
            TERMINATING/?  UNUSABLE_SUCCESS       -> =              ACK_UNUSABLE
            pre/?          TARGET_REFUSED         -> TERMINATED     STOP_TIMER,DROP_INVITE,REPORT_TARGET_REFUSED,FINISH

            pre            CHALLENGED             -> =              STOP_TIMER,ANSWER_CHALLENGE
            pre/c          CHALLENGED             -> TERMINATED     STOP_TIMER,REPORT_REJECTED,FINISH
            pre            CHALLENGE_ANSWERED     -> CALLING        SEND_INVITE
            pre/c          CHALLENGE_ANSWERED     -> CALLING/c      SEND_INVITE
            pre            RETARGET               -> CALLING        STOP_TIMER,DROP_INVITE,SEND_INVITE
            pre/c          RETARGET               -> CALLING/c      STOP_TIMER,DROP_INVITE,SEND_INVITE
            pre/?          REJECTED               -> TERMINATED     STOP_TIMER,REPORT_REJECTED,FINISH
            pre/?          TIMER_B                -> TERMINATED     REPORT_TIMEOUT,FINISH
            CANCELLING/?   CANCEL_TIMEOUT         -> TERMINATED     DROP_INVITE,REPORT_TIMEOUT,FINISH
            CALLING/?      UNREACHABLE            -> TERMINATED     DROP_INVITE,REPORT_TRANSPORT,FINISH
            pre/?          ENDED_WITHOUT_RESPONSE -> TERMINATED     DROP_INVITE,REPORT_TRANSPORT,FINISH
            CALLING/?      PROBE_DUE              -> =              RUN_PROBE
            CALLING/?      PROBE_SILENT           -> =              SCHEDULE_PROBE

            TERMINATING/?  BYE_ENDED              -> TERMINATED     FINISH
            CONFIRMED/?    REMOTE_BYE             -> TERMINATED     REPORT_REMOTE_BYE,FINISH
            CONFIRMED/?    FORCE_END              -> TERMINATED     STOP_INVITE_TX,FINISH
            pre/?          FORCE_END              -> TERMINATED     DROP_INVITE,FINISH
            TERMINATING/?  FORCE_END              -> TERMINATED     DROP_INVITE,FINISH
            CONFIRMED      INTERNAL_ERROR         -> TERMINATING    SEND_BYE
            CONFIRMED/c    INTERNAL_ERROR         -> TERMINATING/c  SEND_BYE
            pre/?          INTERNAL_ERROR         -> TERMINATED     DROP_INVITE,REPORT_INTERNAL_ERROR,FINISH
            TERMINATING/?  INTERNAL_ERROR         -> TERMINATED     DROP_INVITE,REPORT_INTERNAL_ERROR,FINISH
            """;

    @Test
    void everyStateEventPairMatchesTheTable() {
        Map<String, Step> expected = parseTable();
        List<String> mismatches = new ArrayList<>();
        int pairs = 0;
        for (State s : allStates()) {
            for (Event e : Event.values()) {
                pairs++;
                Step want = expected.getOrDefault(key(s, e), new Step(s, List.of()));
                Step got = InviteTransitions.on(s, e);
                if (!want.equals(got)) {
                    mismatches.add(name(s) + " " + e + ": expected " + want + " got " + got);
                }
            }
        }
        assertThat(pairs).isEqualTo(Phase.values().length * 2 * Event.values().length);
        assertThat(mismatches).isEmpty();
    }

    @Test
    void terminatedIsAbsorbing() {
        for (Event e : Event.values()) {
            assertThat(InviteTransitions.on(new State(Phase.TERMINATED, false), e))
                    .isEqualTo(new Step(new State(Phase.TERMINATED, false), List.of()));
        }
    }

    /** {@code terminated()} is reported exactly once: FINISH comes last on every way into TERMINATED, and only then. */
    @Test
    void finishEndsEveryWayIntoTerminatedAndNoOther() {
        for (State s : allStates()) {
            for (Event e : Event.values()) {
                Step step = InviteTransitions.on(s, e);
                boolean ends = s.phase() != Phase.TERMINATED && step.next().phase() == Phase.TERMINATED;
                List<Action> actions = step.actions();
                assertThat(actions.contains(Action.FINISH))
                        .as(name(s) + " " + e)
                        .isEqualTo(ends);
                if (ends) {
                    assertThat(actions.get(actions.size() - 1)).isEqualTo(Action.FINISH);
                    assertThat(actions.stream()
                                    .filter(a -> a.name().startsWith("REPORT_") && a != Action.REPORT_REMOTE_BYE)
                                    .count())
                            .as("one failure report at most: " + name(s) + " " + e)
                            .isLessThanOrEqualTo(1);
                }
            }
        }
    }

    /** RFC 3261 section 9.1: a CANCEL asked for before any response goes out with the first provisional. */
    @Test
    void cancelWaitsForAProvisionalThenA200IsAckedAndByed() {
        State s = InviteTransitions.on(State.START, Event.CANCEL).next();
        Step ringing = InviteTransitions.on(s, Event.PROVISIONAL);
        assertThat(ringing.actions()).contains(Action.SEND_CANCEL);
        Step answered = InviteTransitions.on(ringing.next(), Event.SUCCESS);
        assertThat(answered.actions()).containsExactly(Action.STOP_TIMER, Action.SEND_ACK, Action.SEND_BYE);
        assertThat(InviteTransitions.on(answered.next(), Event.BYE_ENDED).next().phase())
                .isEqualTo(Phase.TERMINATED);
    }

    private static List<State> allStates() {
        List<State> states = new ArrayList<>();
        for (Phase p : Phase.values()) {
            states.add(new State(p, false));
            states.add(new State(p, true));
        }
        return states;
    }

    private static Map<String, Step> parseTable() {
        Map<String, Step> map = new HashMap<>();
        for (String line : TABLE.split("\n")) {
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            String[] f = l.split("\\s+");
            assertThat(f).as(l).hasSize(5);
            assertThat(f[2]).isEqualTo("->");
            Event e = Event.valueOf(f[1]);
            List<Action> actions = f[4].equals("-")
                    ? List.of()
                    : Arrays.stream(f[4].split(",")).map(Action::valueOf).toList();
            for (State s : states(f[0])) {
                State next = f[3].equals("=") ? s : states(f[3]).get(0);
                assertThat(map.put(key(s, e), new Step(next, actions)))
                        .as("duplicate row " + l)
                        .isNull();
            }
        }
        return map;
    }

    private static List<State> states(String token) {
        String[] parts = token.split("/");
        List<Phase> phases = switch (parts[0]) {
            case "pre" -> List.of(Phase.CALLING, Phase.PROCEEDING, Phase.CANCELLING);
            case "live" ->
                Arrays.stream(Phase.values()).filter(p -> p != Phase.TERMINATED).toList();
            default -> List.of(Phase.valueOf(parts[0]));
        };
        String flag = parts.length > 1 ? parts[1] : "";
        List<State> out = new ArrayList<>();
        for (Phase p : phases) {
            if (!flag.equals("c")) {
                out.add(new State(p, false));
            }
            if (!flag.isEmpty()) {
                out.add(new State(p, true));
            }
        }
        return out;
    }

    private static String key(State s, Event e) {
        return name(s) + "/" + e;
    }

    private static String name(State s) {
        return s.phase() + (s.cancelRequested() ? "/c" : "");
    }
}
