package io.dialout.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.gateway.sip.InfoTransitions.Action;
import io.dialout.gateway.sip.InfoTransitions.Event;
import io.dialout.gateway.sip.InfoTransitions.State;
import io.dialout.gateway.sip.InfoTransitions.Step;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The INFO sender as a table over every (state, dialog up, digits queued, event). */
class InfoTransitionsTest {

    /** state dialog queue event -> next actions; "*" / "?" match all; "=" keeps the state; "-" no action. */
    private static final String TABLE = """
            IDLE     up    ?       DIGIT     -> SENDING  QUEUE,SEND_NEXT
            SENDING  up    ?       DIGIT     -> SENDING  QUEUE
            *        down  ?       DIGIT     -> =        DROP
            SENDING  up    queued  DONE      -> SENDING  SEND_NEXT
            SENDING  up    empty   DONE      -> IDLE     -
            SENDING  down  ?       DONE      -> IDLE     -
            *        ?     ?       NOT_SENT  -> IDLE     -
            """;

    @Test
    void everyCombinationMatchesTheTable() {
        Map<String, Step> expected = parseTable();
        List<String> mismatches = new ArrayList<>();
        for (State s : State.values()) {
            for (boolean up : new boolean[] {false, true}) {
                for (boolean queued : new boolean[] {false, true}) {
                    for (Event e : Event.values()) {
                        Step want = expected.getOrDefault(key(s, up, queued, e), new Step(s, List.of()));
                        Step got = InfoTransitions.on(s, up, queued, e);
                        if (!want.equals(got)) {
                            mismatches.add(key(s, up, queued, e) + ": expected " + want + " got " + got);
                        }
                    }
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    /** Digits queued while one INFO is out go one at a time, in order, each after the previous final response. */
    @Test
    void digitsGoOneAtATime() {
        Step first = InfoTransitions.on(State.IDLE, true, false, Event.DIGIT);
        assertThat(first.actions()).containsExactly(Action.QUEUE, Action.SEND_NEXT);
        Step second = InfoTransitions.on(first.next(), true, false, Event.DIGIT);
        assertThat(second.actions()).containsExactly(Action.QUEUE);
        Step done = InfoTransitions.on(second.next(), true, true, Event.DONE);
        assertThat(done).isEqualTo(new Step(State.SENDING, List.of(Action.SEND_NEXT)));
        assertThat(InfoTransitions.on(done.next(), true, false, Event.DONE).next())
                .isEqualTo(State.IDLE);
    }

    private static Map<String, Step> parseTable() {
        Map<String, Step> map = new HashMap<>();
        for (String line : TABLE.split("\n")) {
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            String[] f = l.split("\\s+");
            assertThat(f).as(l).hasSize(7);
            assertThat(f[4]).isEqualTo("->");
            Event e = Event.valueOf(f[3]);
            List<Action> actions = f[6].equals("-")
                    ? List.of()
                    : Arrays.stream(f[6].split(",")).map(Action::valueOf).toList();
            List<State> states = f[0].equals("*") ? List.of(State.values()) : List.of(State.valueOf(f[0]));
            for (State s : states) {
                for (boolean up : flags(f[1], "up")) {
                    for (boolean queued : flags(f[2], "queued")) {
                        State next = f[5].equals("=") ? s : State.valueOf(f[5]);
                        assertThat(map.put(key(s, up, queued, e), new Step(next, actions)))
                                .as("duplicate row " + l)
                                .isNull();
                    }
                }
            }
        }
        return map;
    }

    private static List<Boolean> flags(String token, String yes) {
        return token.equals("?") || token.equals("*") ? List.of(false, true) : List.of(token.equals(yes));
    }

    private static String key(State s, boolean up, boolean queued, Event e) {
        return s + "/" + (up ? "up" : "down") + "/" + (queued ? "queued" : "empty") + "/" + e;
    }
}
