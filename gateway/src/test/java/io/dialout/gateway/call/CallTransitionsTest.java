package io.dialout.gateway.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.gateway.call.CallEvent.Kind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The whole state machine as a table: every (state, event) pair not listed below must leave the state unchanged and
 * do nothing ({@code IGNORE}, or {@code REJECT} for a client request); every listed pair must give exactly the listed
 * next state and effect. The test walks all pairs, so a change to {@link CallTransitions} that this table does not
 * show fails here.
 */
class CallTransitionsTest {

    /**
     * state event -> next effect. "*" as state means every state in LIVE (not TERMINATING/ENDED); "{answered}" every
     * state of {@link #ANSWERED_STATES}; "=" as next state means the state does not change.
     */
    private static final String TABLE = """
            VALIDATING        ROUTED              -> ALLOCATING   ALLOCATE
            VALIDATING        REFUSED             -> TERMINATING  END
            VALIDATING        DESTINATION_INVALID -> ENDED        DROP
            ALLOCATING        ALLOCATED           -> INVITING     SEND_INVITE
            ALLOCATING        OFFER_REJECTED      -> ENDED        DROP
            ALLOCATING        ALLOCATION_FAILED   -> TERMINATING  END

            INVITING          SIP_RINGING         -> RINGING      REPORT_RINGING
            EARLY_MEDIA       SIP_RINGING         -> RINGING      REPORT_RINGING
            RINGING           SIP_RINGING         -> RINGING      REPORT_RINGING
            INVITING          SIP_EARLY_MEDIA     -> EARLY_MEDIA  START_EARLY_MEDIA
            RINGING           SIP_EARLY_MEDIA     -> EARLY_MEDIA  START_EARLY_MEDIA
            EARLY_MEDIA       SIP_EARLY_MEDIA     -> EARLY_MEDIA  UPDATE_EARLY_MEDIA
            INVITING          SIP_ANSWERED        -> ANSWERED     ANSWER
            RINGING           SIP_ANSWERED        -> ANSWERED     ANSWER
            EARLY_MEDIA       SIP_ANSWERED        -> ANSWERED     ANSWER
            INVITING          SIP_FAILED          -> TERMINATING  END
            RINGING           SIP_FAILED          -> TERMINATING  END
            EARLY_MEDIA       SIP_FAILED          -> TERMINATING  END
            INVITING          RING_TIMEOUT        -> TERMINATING  END
            RINGING           RING_TIMEOUT        -> TERMINATING  END
            EARLY_MEDIA       RING_TIMEOUT        -> TERMINATING  END
            {answered}        REMOTE_BYE          -> TERMINATING  END
            {answered}        MAX_DURATION        -> TERMINATING  END
            INVITING          MEDIA_FAILURE       -> TERMINATING  END
            RINGING           MEDIA_FAILURE       -> TERMINATING  END
            EARLY_MEDIA       MEDIA_FAILURE       -> TERMINATING  END
            {answered}        MEDIA_FAILURE       -> TERMINATING  END
            *                 LOCAL_HANGUP        -> TERMINATING  END
            *                 CONTROLLER_GONE     -> TERMINATING  END
            *                 SHUTDOWN            -> TERMINATING  END
            *                 INTERNAL_ERROR      -> TERMINATING  END

            {answered}        REMOTE_REOFFER      -> =            ANSWER_REOFFER
            VALIDATING        REMOTE_REOFFER      -> VALIDATING   REFUSE_REOFFER
            ALLOCATING        REMOTE_REOFFER      -> ALLOCATING   REFUSE_REOFFER
            INVITING          REMOTE_REOFFER      -> INVITING     REFUSE_REOFFER
            RINGING           REMOTE_REOFFER      -> RINGING      REFUSE_REOFFER
            EARLY_MEDIA       REMOTE_REOFFER      -> EARLY_MEDIA  ANSWER_EARLY_REOFFER
            TERMINATING       REMOTE_REOFFER      -> TERMINATING  REFUSE_REOFFER

            ANSWERED             HOLD_REQUESTED    -> HOLDING               SEND_HOLD
            HOLDING              HOLD_REQUESTED    -> HOLDING               REJECT_REINVITE_PENDING
            HELD_LOCAL           RESUME_REQUESTED  -> RESUMING              SEND_RESUME
            HELD_BOTH            RESUME_REQUESTED  -> RESUMING_HELD_REMOTE  SEND_RESUME
            RESUMING             RESUME_REQUESTED  -> RESUMING              REJECT_REINVITE_PENDING
            HOLDING_HELD_REMOTE  RESUME_REQUESTED  -> HOLDING_HELD_REMOTE   REJECT_REINVITE_PENDING
            RESUMING_HELD_REMOTE RESUME_REQUESTED  -> RESUMING_HELD_REMOTE  REJECT_REINVITE_PENDING
            HELD_REMOTE          RESUME_REQUESTED  -> HELD_REMOTE           REJECT_HELD_BY_REMOTE
            HOLDING              REINVITE_ACCEPTED -> HELD_LOCAL            CONFIRM_HOLD
            HOLDING_HELD_REMOTE  REINVITE_ACCEPTED -> HELD_BOTH             APPLY_HOLD_ANSWER
            RESUMING             REINVITE_ACCEPTED -> ANSWERED              CONFIRM_RESUME
            RESUMING_HELD_REMOTE REINVITE_ACCEPTED -> HELD_REMOTE           APPLY_RESUME_ANSWER
            HOLDING              REINVITE_REFUSED  -> ANSWERED              REPORT_HOLD_REFUSED
            HOLDING_HELD_REMOTE  REINVITE_REFUSED  -> HELD_REMOTE           REPORT_HOLD_REFUSED
            RESUMING             REINVITE_REFUSED  -> HELD_LOCAL            REPORT_RESUME_REFUSED
            RESUMING_HELD_REMOTE REINVITE_REFUSED  -> HELD_BOTH             REPORT_RESUME_REFUSED

            ANSWERED             REMOTE_HOLD       -> HELD_REMOTE           REPORT_REMOTE_HOLD
            HOLDING              REMOTE_HOLD       -> HOLDING_HELD_REMOTE   REPORT_REMOTE_HOLD
            HELD_LOCAL           REMOTE_HOLD       -> HELD_BOTH             KEEP_HOLD
            RESUMING             REMOTE_HOLD       -> RESUMING_HELD_REMOTE  KEEP_HOLD
            HELD_REMOTE          REMOTE_RESUME     -> ANSWERED              REPORT_REMOTE_RESUME
            HOLDING_HELD_REMOTE  REMOTE_RESUME     -> HOLDING               REPORT_REMOTE_RESUME
            HELD_BOTH            REMOTE_RESUME     -> HELD_LOCAL            KEEP_HOLD
            RESUMING_HELD_REMOTE REMOTE_RESUME     -> RESUMING              KEEP_HOLD

            {answered}        DTMF_REQUESTED      -> =            SEND_DTMF
            {answered}        INFO_DIGIT_DUE      -> =            SEND_INFO_DIGIT
            EARLY_MEDIA       DTMF_RECEIVED       -> EARLY_MEDIA  REPORT_DTMF
            {answered}        DTMF_RECEIVED       -> =            REPORT_DTMF

            VALIDATING        CANDIDATE           -> VALIDATING   BUFFER_CANDIDATE
            ALLOCATING        CANDIDATE           -> ALLOCATING   BUFFER_CANDIDATE
            INVITING          CANDIDATE           -> INVITING     ADD_CANDIDATE
            RINGING           CANDIDATE           -> RINGING      ADD_CANDIDATE
            EARLY_MEDIA       CANDIDATE           -> EARLY_MEDIA  ADD_CANDIDATE
            {answered}        CANDIDATE           -> =            ADD_CANDIDATE

            TERMINATING       TEARDOWN_DONE       -> ENDED        FINISH

            ANSWERED             REFER_RECEIVED    -> =                     CHECK_TRANSFER
            HELD_REMOTE          REFER_RECEIVED    -> =                     CHECK_TRANSFER
            VALIDATING           REFER_RECEIVED    -> =                     REFUSE_TRANSFER
            ALLOCATING           REFER_RECEIVED    -> =                     REFUSE_TRANSFER
            INVITING             REFER_RECEIVED    -> =                     REFUSE_TRANSFER
            RINGING              REFER_RECEIVED    -> =                     REFUSE_TRANSFER
            EARLY_MEDIA          REFER_RECEIVED    -> =                     REFUSE_TRANSFER
            HOLDING              REFER_RECEIVED    -> =                     REFUSE_TRANSFER
            HELD_LOCAL           REFER_RECEIVED    -> =                     REFUSE_TRANSFER
            RESUMING             REFER_RECEIVED    -> =                     REFUSE_TRANSFER
            HOLDING_HELD_REMOTE  REFER_RECEIVED    -> =                     REFUSE_TRANSFER
            HELD_BOTH            REFER_RECEIVED    -> =                     REFUSE_TRANSFER
            RESUMING_HELD_REMOTE REFER_RECEIVED    -> =                     REFUSE_TRANSFER
            {transferring}       REFER_RECEIVED    -> =                     REFUSE_TRANSFER
            TERMINATING          REFER_RECEIVED    -> =                     REFUSE_TRANSFER
            ENDED                REFER_RECEIVED    -> =                     REFUSE_TRANSFER
            ANSWERED             TRANSFER_ALLOWED  -> TRANSFERRING          START_TRANSFER
            HELD_REMOTE          TRANSFER_ALLOWED  -> TRANSFERRING_HELD     START_TRANSFER
            {transferring}       TRANSFER_PROGRESS -> =                     NOTIFY_TRANSFER_PROGRESS
            {transferring}       TRANSFER_ANSWERED -> ANSWERED              SWAP_LEG
            TRANSFERRING         TRANSFER_FAILED   -> ANSWERED              REPORT_TRANSFER_FAILED
            TRANSFERRING_HELD    TRANSFER_FAILED   -> HELD_REMOTE           REPORT_TRANSFER_FAILED
            TRANSFERRING_ALONE   TRANSFER_FAILED   -> TERMINATING           END
            TRANSFERRING         REMOTE_BYE        -> TRANSFERRING_ALONE    OLD_LEG_GONE
            TRANSFERRING_HELD    REMOTE_BYE        -> TRANSFERRING_ALONE    OLD_LEG_GONE
            {transferring}       MAX_DURATION      -> TERMINATING           END
            {transferring}       MEDIA_FAILURE     -> TERMINATING           END
            {transferring}       CANDIDATE         -> =                     ADD_CANDIDATE
            {transferring}       REMOTE_REOFFER    -> =                     REFUSE_REOFFER
            {answered}           TRANSFER_REQUESTED -> =                    SEND_REFER
            {answered}           REFER_PROGRESS    -> =                     REPORT_REFER_PROGRESS
            """;

    /** The states of a transfer the far end asked for (RFC 3515): the target's INVITE is out. */
    private static final Set<CallState> TRANSFERRING_STATES =
            EnumSet.of(CallState.TRANSFERRING, CallState.TRANSFERRING_HELD, CallState.TRANSFERRING_ALONE);

    /** The states of an answered call: our hold (none, holding, held, resuming) times the far end's. */
    private static final Set<CallState> ANSWERED_STATES = EnumSet.of(
            CallState.ANSWERED,
            CallState.HOLDING,
            CallState.HELD_LOCAL,
            CallState.RESUMING,
            CallState.HELD_REMOTE,
            CallState.HOLDING_HELD_REMOTE,
            CallState.HELD_BOTH,
            CallState.RESUMING_HELD_REMOTE);

    /** The answered states the client was told are held (by either side). */
    private static final Set<CallState> HELD_STATES = EnumSet.of(
            CallState.HELD_LOCAL,
            CallState.RESUMING,
            CallState.HELD_REMOTE,
            CallState.HOLDING_HELD_REMOTE,
            CallState.HELD_BOTH,
            CallState.RESUMING_HELD_REMOTE);

    /** Client requests that are refused (REJECT) wherever the table does not list them. */
    private static final EnumSet<Kind> CLIENT_REQUESTS =
            EnumSet.of(Kind.HOLD_REQUESTED, Kind.RESUME_REQUESTED, Kind.DTMF_REQUESTED, Kind.TRANSFER_REQUESTED);

    @Test
    void everyStateEventPairMatchesTheTable() {
        Map<String, Transition> expected = parseTable();
        List<String> mismatches = new ArrayList<>();
        int pairs = 0;
        for (CallState s : CallState.values()) {
            for (Kind e : Kind.values()) {
                pairs++;
                Transition want = expected.getOrDefault(
                        key(s, e), new Transition(s, CLIENT_REQUESTS.contains(e) ? Effect.REJECT : Effect.IGNORE));
                Transition got = CallTransitions.on(s, e);
                if (!want.equals(got)) {
                    mismatches.add(s + " " + e + ": expected " + want + " got " + got);
                }
            }
        }
        assertThat(pairs).isEqualTo(CallState.values().length * Kind.values().length);
        assertThat(mismatches).isEmpty();
    }

    @Test
    void endedIsAbsorbing() {
        for (Kind e : Kind.values()) {
            assertThat(CallTransitions.on(CallState.ENDED, e).next()).isEqualTo(CallState.ENDED);
        }
    }

    @Test
    void everyLiveStateCanBeHungUp() {
        for (CallState s : CallState.values()) {
            if (s.live()) {
                assertThat(CallTransitions.on(s, Kind.LOCAL_HANGUP).effect()).isEqualTo(Effect.END);
            }
        }
    }

    /** So {@link Call} never has to cast: each effect the table picks reads only what the event's record carries. */
    @Test
    void everyEffectGetsTheDataItReads() {
        List<String> wrong = new ArrayList<>();
        for (CallState s : CallState.values()) {
            for (Kind e : Kind.values()) {
                Effect effect = CallTransitions.on(s, e).effect();
                if (!effect.reads().isAssignableFrom(e.carrier())) {
                    wrong.add(s + " " + e + " -> " + effect + " reads "
                            + effect.reads().getSimpleName() + " but the event is a "
                            + e.carrier().getSimpleName());
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    /**
     * Whatever order the two sides hold and resume in, the client hears {@code held} exactly when the call becomes
     * held and {@code resumed} exactly when it stops being held, and GET /v1/calls agrees.
     */
    @Test
    void holdReportsFollowTheHeldStates() {
        assertThat(ANSWERED_STATES).allMatch(CallState::answered);
        for (CallState s : CallState.values()) {
            assertThat(s.held()).as(s.name()).isEqualTo(HELD_STATES.contains(s));
            if (s.answered()) {
                assertThat(s.reportedName()).isEqualTo(s.held() ? "held" : "answered");
            }
        }
        for (CallState s : ANSWERED_STATES) {
            for (Kind e : Kind.values()) {
                Transition t = CallTransitions.on(s, e);
                if (!t.next().answered()) {
                    continue;
                }
                boolean reports = EnumSet.of(
                                Effect.CONFIRM_HOLD,
                                Effect.REPORT_REMOTE_HOLD,
                                Effect.CONFIRM_RESUME,
                                Effect.REPORT_REMOTE_RESUME)
                        .contains(t.effect());
                boolean told = reports
                        ? t.effect() == Effect.CONFIRM_HOLD || t.effect() == Effect.REPORT_REMOTE_HOLD
                        : s.held();
                String step = s + " " + e + " -> " + t.next() + " " + t.effect();
                assertThat(told).as(step).isEqualTo(t.next().held());
                if (reports) {
                    assertThat(t.next().held())
                            .as("a report is a change: " + step)
                            .isNotEqualTo(s.held());
                }
            }
        }
    }

    @Test
    void farEndHoldsRoomResumes() {
        // The room cannot lift the far end's hold ...
        walk(
                CallState.ANSWERED,
                "REMOTE_HOLD        -> HELD_REMOTE   REPORT_REMOTE_HOLD",
                "RESUME_REQUESTED   -> HELD_REMOTE   REJECT_HELD_BY_REMOTE",
                "REMOTE_RESUME      -> ANSWERED      REPORT_REMOTE_RESUME");
        // ... but it lifts its own, and the call stays held until the far end lifts its too.
        walk(
                CallState.ANSWERED,
                "HOLD_REQUESTED     -> HOLDING              SEND_HOLD",
                "REINVITE_ACCEPTED  -> HELD_LOCAL           CONFIRM_HOLD",
                "REMOTE_HOLD        -> HELD_BOTH            KEEP_HOLD",
                "RESUME_REQUESTED   -> RESUMING_HELD_REMOTE SEND_RESUME",
                "REINVITE_ACCEPTED  -> HELD_REMOTE          APPLY_RESUME_ANSWER",
                "RESUME_REQUESTED   -> HELD_REMOTE          REJECT_HELD_BY_REMOTE",
                "REMOTE_RESUME      -> ANSWERED             REPORT_REMOTE_RESUME");
    }

    @Test
    void bothHeldIsResumedByTheLastSide() {
        walk(
                CallState.ANSWERED,
                "REMOTE_HOLD        -> HELD_REMOTE          REPORT_REMOTE_HOLD",
                "HOLD_REQUESTED     -> HELD_REMOTE          REJECT",
                "REMOTE_RESUME      -> ANSWERED             REPORT_REMOTE_RESUME",
                "HOLD_REQUESTED     -> HOLDING              SEND_HOLD",
                "REMOTE_HOLD        -> HOLDING_HELD_REMOTE  REPORT_REMOTE_HOLD",
                "REINVITE_ACCEPTED  -> HELD_BOTH            APPLY_HOLD_ANSWER",
                "REMOTE_RESUME      -> HELD_LOCAL           KEEP_HOLD",
                "RESUME_REQUESTED   -> RESUMING             SEND_RESUME",
                "REMOTE_HOLD        -> RESUMING_HELD_REMOTE KEEP_HOLD",
                "REMOTE_RESUME      -> RESUMING             KEEP_HOLD",
                "REINVITE_ACCEPTED  -> ANSWERED             CONFIRM_RESUME");
    }

    @Test
    void aRefusedReinviteLeavesTheHoldAsItWas() {
        walk(
                CallState.ANSWERED,
                "HOLD_REQUESTED     -> HOLDING              SEND_HOLD",
                "RESUME_REQUESTED   -> HOLDING              REJECT",
                "REINVITE_REFUSED   -> ANSWERED             REPORT_HOLD_REFUSED",
                "REINVITE_REFUSED   -> ANSWERED             IGNORE",
                "HOLD_REQUESTED     -> HOLDING              SEND_HOLD",
                "REINVITE_ACCEPTED  -> HELD_LOCAL           CONFIRM_HOLD",
                "REINVITE_ACCEPTED  -> HELD_LOCAL           IGNORE",
                "RESUME_REQUESTED   -> RESUMING             SEND_RESUME",
                "HOLD_REQUESTED     -> RESUMING             REJECT",
                "REINVITE_REFUSED   -> HELD_LOCAL           REPORT_RESUME_REFUSED");
    }

    @Test
    void dtmfGuardsFollowTheAnswer() {
        walk(
                CallState.RINGING,
                "DTMF_REQUESTED     -> RINGING      REJECT",
                "INFO_DIGIT_DUE     -> RINGING      IGNORE",
                "SIP_ANSWERED       -> ANSWERED     ANSWER",
                "INFO_DIGIT_DUE     -> ANSWERED     SEND_INFO_DIGIT",
                "REMOTE_HOLD        -> HELD_REMOTE  REPORT_REMOTE_HOLD",
                "DTMF_REQUESTED     -> HELD_REMOTE  SEND_DTMF",
                "INFO_DIGIT_DUE     -> HELD_REMOTE  SEND_INFO_DIGIT",
                "REMOTE_BYE         -> TERMINATING  END",
                "INFO_DIGIT_DUE     -> TERMINATING  IGNORE",
                "DTMF_REQUESTED     -> TERMINATING  REJECT");
    }

    /**
     * The far end's transfer (RFC 3515): from a held call the target's answer makes a plain answered call; a failure
     * gives the old leg back as it was; a failure after the transferor hung up ends the call.
     */
    @Test
    void aTransferKeepsTheOldLegUntilTheTargetAnswers() {
        walk(
                CallState.ANSWERED,
                "REMOTE_HOLD        -> HELD_REMOTE        REPORT_REMOTE_HOLD",
                "REFER_RECEIVED     -> HELD_REMOTE        CHECK_TRANSFER",
                "TRANSFER_ALLOWED   -> TRANSFERRING_HELD  START_TRANSFER",
                "REFER_RECEIVED     -> TRANSFERRING_HELD  REFUSE_TRANSFER",
                "HOLD_REQUESTED     -> TRANSFERRING_HELD  REJECT",
                "TRANSFER_PROGRESS  -> TRANSFERRING_HELD  NOTIFY_TRANSFER_PROGRESS",
                "TRANSFER_FAILED    -> HELD_REMOTE        REPORT_TRANSFER_FAILED",
                "REMOTE_RESUME      -> ANSWERED           REPORT_REMOTE_RESUME",
                "REFER_RECEIVED     -> ANSWERED           CHECK_TRANSFER",
                "TRANSFER_ALLOWED   -> TRANSFERRING       START_TRANSFER",
                "REMOTE_BYE         -> TRANSFERRING_ALONE OLD_LEG_GONE",
                "TRANSFER_ANSWERED  -> ANSWERED           SWAP_LEG",
                "REMOTE_BYE         -> TERMINATING        END");
        walk(
                CallState.ANSWERED,
                "REFER_RECEIVED     -> ANSWERED           CHECK_TRANSFER",
                "TRANSFER_ALLOWED   -> TRANSFERRING       START_TRANSFER",
                "REMOTE_BYE         -> TRANSFERRING_ALONE OLD_LEG_GONE",
                "REMOTE_BYE         -> TRANSFERRING_ALONE IGNORE",
                "TRANSFER_FAILED    -> TERMINATING        END");
    }

    /** Feeds events from {@code start}; each step is "EVENT -> NEXT EFFECT". */
    private static void walk(CallState start, String... steps) {
        CallState s = start;
        for (String step : steps) {
            String[] f = step.strip().split("\\s+");
            Transition t = CallTransitions.on(s, Kind.valueOf(f[0]));
            assertThat(t)
                    .as("%s in %s", f[0], s)
                    .isEqualTo(new Transition(CallState.valueOf(f[2]), Effect.valueOf(f[3])));
            s = t.next();
        }
    }

    private static Map<String, Transition> parseTable() {
        Map<String, Transition> map = new HashMap<>();
        for (String line : TABLE.split("\n")) {
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            String[] f = l.split("\\s+");
            assertThat(f).as(l).hasSize(5);
            assertThat(f[2]).isEqualTo("->");
            Kind e = Kind.valueOf(f[1]);
            Effect effect = Effect.valueOf(f[4]);
            for (CallState s : states(f[0])) {
                CallState next = f[3].equals("=") ? s : CallState.valueOf(f[3]);
                put(map, key(s, e), new Transition(next, effect));
            }
        }
        return map;
    }

    private static Set<CallState> states(String column) {
        switch (column) {
            case "*":
                EnumSet<CallState> live = EnumSet.noneOf(CallState.class);
                for (CallState s : CallState.values()) {
                    if (s.live()) {
                        live.add(s);
                    }
                }
                return live;
            case "{answered}":
                return ANSWERED_STATES;
            case "{transferring}":
                return TRANSFERRING_STATES;
            default:
                return EnumSet.of(CallState.valueOf(column));
        }
    }

    private static void put(Map<String, Transition> map, String key, Transition t) {
        assertThat(map.put(key, t)).as("duplicate row " + key).isNull();
    }

    private static String key(CallState s, Kind e) {
        return s + "/" + e;
    }
}
