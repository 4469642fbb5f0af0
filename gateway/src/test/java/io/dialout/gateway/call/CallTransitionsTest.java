package io.dialout.gateway.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole state machine as a table: every (state, event) pair not listed below must leave the state unchanged and
 * do nothing ({@code IGNORE}); every listed pair must give exactly the listed next state and effect. The test walks
 * all pairs, so a change to {@link CallTransitions} that this table does not show fails here.
 */
class CallTransitionsTest {

    /** state event -> next effect. "*" as state means every state in LIVE (not TERMINATING/ENDED). */
    private static final String TABLE = """
            VALIDATING        ROUTED              -> ALLOCATING   ALLOCATE
            VALIDATING        REFUSED             -> TERMINATING  END
            VALIDATING        DESTINATION_INVALID -> ENDED        DROP
            ALLOCATING        ALLOCATED           -> INVITING     SEND_INVITE
            ALLOCATING        OFFER_REJECTED      -> ENDED        DROP
            ALLOCATING        ALLOCATION_FAILED   -> TERMINATING  END

            INVITING          SIP_RINGING         -> RINGING      REPORT_RINGING
            EARLY_MEDIA       SIP_RINGING         -> RINGING      REPORT_RINGING
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
            ANSWERED          REMOTE_BYE          -> TERMINATING  END
            HELD              REMOTE_BYE          -> TERMINATING  END
            ANSWERED          MAX_DURATION        -> TERMINATING  END
            HELD              MAX_DURATION        -> TERMINATING  END
            INVITING          MEDIA_FAILURE       -> TERMINATING  END
            RINGING           MEDIA_FAILURE       -> TERMINATING  END
            EARLY_MEDIA       MEDIA_FAILURE       -> TERMINATING  END
            ANSWERED          MEDIA_FAILURE       -> TERMINATING  END
            HELD              MEDIA_FAILURE       -> TERMINATING  END
            *                 LOCAL_HANGUP        -> TERMINATING  END
            *                 CONTROLLER_GONE     -> TERMINATING  END
            *                 SHUTDOWN            -> TERMINATING  END
            *                 INTERNAL_ERROR      -> TERMINATING  END

            ANSWERED          REMOTE_REOFFER      -> ANSWERED     ANSWER_REOFFER
            HELD              REMOTE_REOFFER      -> HELD         ANSWER_REOFFER
            VALIDATING        REMOTE_REOFFER      -> VALIDATING   REFUSE_REOFFER
            ALLOCATING        REMOTE_REOFFER      -> ALLOCATING   REFUSE_REOFFER
            INVITING          REMOTE_REOFFER      -> INVITING     REFUSE_REOFFER
            RINGING           REMOTE_REOFFER      -> RINGING      REFUSE_REOFFER
            EARLY_MEDIA       REMOTE_REOFFER      -> EARLY_MEDIA  REFUSE_REOFFER
            TERMINATING       REMOTE_REOFFER      -> TERMINATING  REFUSE_REOFFER
            ANSWERED          HOLD_REQUESTED      -> ANSWERED     SEND_HOLD
            HELD              RESUME_REQUESTED    -> HELD         SEND_RESUME
            ANSWERED          HOLD_ACCEPTED       -> HELD         REPORT_HELD
            HELD              RESUME_ACCEPTED     -> ANSWERED     REPORT_RESUMED
            ANSWERED          REINVITE_REFUSED    -> ANSWERED     REPORT_REINVITE_REFUSED
            HELD              REINVITE_REFUSED    -> HELD         REPORT_REINVITE_REFUSED
            ANSWERED          REMOTE_HOLD         -> HELD         REPORT_HELD
            HELD              REMOTE_RESUME       -> ANSWERED     REPORT_RESUMED

            ANSWERED          DTMF_REQUESTED      -> ANSWERED     SEND_DTMF
            HELD              DTMF_REQUESTED      -> HELD         SEND_DTMF
            EARLY_MEDIA       DTMF_RECEIVED       -> EARLY_MEDIA  REPORT_DTMF
            ANSWERED          DTMF_RECEIVED       -> ANSWERED     REPORT_DTMF
            HELD              DTMF_RECEIVED       -> HELD         REPORT_DTMF

            VALIDATING        CANDIDATE           -> VALIDATING   BUFFER_CANDIDATE
            ALLOCATING        CANDIDATE           -> ALLOCATING   BUFFER_CANDIDATE
            INVITING          CANDIDATE           -> INVITING     ADD_CANDIDATE
            RINGING           CANDIDATE           -> RINGING      ADD_CANDIDATE
            EARLY_MEDIA       CANDIDATE           -> EARLY_MEDIA  ADD_CANDIDATE
            ANSWERED          CANDIDATE           -> ANSWERED     ADD_CANDIDATE
            HELD              CANDIDATE           -> HELD         ADD_CANDIDATE

            TERMINATING       TEARDOWN_DONE       -> ENDED        FINISH
            """;

    /** Client requests that are refused (REJECT) wherever the table does not list them. */
    private static final EnumSet<CallEvent> CLIENT_REQUESTS =
            EnumSet.of(CallEvent.HOLD_REQUESTED, CallEvent.RESUME_REQUESTED, CallEvent.DTMF_REQUESTED);

    @Test
    void everyStateEventPairMatchesTheTable() {
        Map<String, Transition> expected = parseTable();
        List<String> mismatches = new ArrayList<>();
        int pairs = 0;
        for (CallState s : CallState.values()) {
            for (CallEvent e : CallEvent.values()) {
                pairs++;
                Transition want = expected.getOrDefault(
                        key(s, e), new Transition(s, CLIENT_REQUESTS.contains(e) ? Effect.REJECT : Effect.IGNORE));
                Transition got = CallTransitions.on(s, e);
                if (!want.equals(got)) {
                    mismatches.add(s + " " + e + ": expected " + want + " got " + got);
                }
            }
        }
        assertThat(pairs).isEqualTo(CallState.values().length * CallEvent.values().length);
        assertThat(mismatches).isEmpty();
    }

    @Test
    void endedIsAbsorbing() {
        for (CallEvent e : CallEvent.values()) {
            assertThat(CallTransitions.on(CallState.ENDED, e).next()).isEqualTo(CallState.ENDED);
        }
    }

    @Test
    void everyLiveStateCanBeHungUp() {
        for (CallState s : CallState.values()) {
            if (s.live()) {
                assertThat(CallTransitions.on(s, CallEvent.LOCAL_HANGUP).effect())
                        .isEqualTo(Effect.END);
            }
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
            CallEvent e = CallEvent.valueOf(f[1]);
            CallState next = CallState.valueOf(f[3]);
            Effect effect = Effect.valueOf(f[4]);
            if (f[0].equals("*")) {
                for (CallState s : CallState.values()) {
                    if (s.live()) {
                        put(map, key(s, e), new Transition(next, effect));
                    }
                }
            } else {
                put(map, key(CallState.valueOf(f[0]), e), new Transition(next, effect));
            }
        }
        return map;
    }

    private static void put(Map<String, Transition> map, String key, Transition t) {
        assertThat(map.put(key, t)).as("duplicate row " + key).isNull();
    }

    private static String key(CallState s, CallEvent e) {
        return s + "/" + e;
    }
}
