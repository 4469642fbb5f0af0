package io.dialout.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.gateway.sip.ReInviteTransitions.Action;
import io.dialout.gateway.sip.ReInviteTransitions.Event;
import io.dialout.gateway.sip.ReInviteTransitions.Ours;
import io.dialout.gateway.sip.ReInviteTransitions.State;
import io.dialout.gateway.sip.ReInviteTransitions.Step;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Re-INVITEs as a table over every (our re-INVITE, the far end's, dialog up or not, event): unlisted combinations
 * must change nothing and do nothing; listed ones must give exactly the listed next state and actions.
 */
class ReInviteTransitionsTest {

    /**
     * ours theirs dialog event -> ours' theirs' actions. ours: a state, "busy" (not IDLE), "waiting" (OFFERED or
     * RETRIED: a response is due) or "*"; theirs: none, pending or "?"; dialog: up, down or "?"; "=" keeps it.
     */
    private static final String TABLE = """
            IDLE        none     up    OFFER            -> OFFERED     =        SEND_OFFER
            IDLE        pending  up    OFFER            -> =           =        REPORT_491
            busy        ?        up    OFFER            -> =           =        REPORT_491
            *           ?        down  OFFER            -> =           =        REPORT_481
            waiting     ?        ?     OFFER_NOT_SENT   -> IDLE        =        REPORT_500
            waiting     ?        ?     ACCEPTED         -> IDLE        =        SEND_ACK,REPORT_RESPONSE
            OFFERED     ?        ?     GLARE            -> GLARE_WAIT  =        SCHEDULE_RETRY
            RETRIED     ?        ?     GLARE            -> IDLE        =        REPORT_RESPONSE
            waiting     ?        ?     REFUSED          -> IDLE        =        REPORT_RESPONSE
            waiting     ?        ?     TIMEOUT          -> IDLE        =        REPORT_408
            GLARE_WAIT  none     up    RETRY_DUE        -> RETRIED     =        SEND_OFFER
            GLARE_WAIT  pending  ?     RETRY_DUE        -> IDLE        =        REPORT_491
            GLARE_WAIT  none     down  RETRY_DUE        -> IDLE        =        REPORT_491

            IDLE        none     up    REMOTE_OFFER     -> =           pending  OFFER_TO_LISTENER
            IDLE        pending  up    REMOTE_OFFER     -> =           =        RESPOND_500_RETRY_AFTER
            busy        ?        up    REMOTE_OFFER     -> =           =        RESPOND_491
            *           ?        down  REMOTE_OFFER     -> =           =        RESPOND_491
            IDLE        none     ?     REMOTE_UPDATE    -> =           pending  OFFER_TO_LISTENER
            IDLE        pending  ?     REMOTE_UPDATE    -> =           =        RESPOND_500_RETRY_AFTER
            busy        ?        ?     REMOTE_UPDATE    -> =           =        RESPOND_491
            *           pending  ?     REMOTE_ANSWERED  -> =           none     ANSWER_THEIRS
            *           pending  ?     REMOTE_CANCELLED -> =           none     RESPOND_487
            """;

    @Test
    void everyCombinationMatchesTheTable() {
        Map<String, Step> expected = parseTable();
        List<String> mismatches = new ArrayList<>();
        int pairs = 0;
        for (Ours ours : Ours.values()) {
            for (boolean theirs : new boolean[] {false, true}) {
                for (boolean up : new boolean[] {false, true}) {
                    for (Event e : Event.values()) {
                        pairs++;
                        State s = new State(ours, theirs);
                        Step want = expected.getOrDefault(key(s, up, e), new Step(s, List.of()));
                        Step got = ReInviteTransitions.on(s, up, e);
                        if (!want.equals(got)) {
                            mismatches.add(key(s, up, e) + ": expected " + want + " got " + got);
                        }
                    }
                }
            }
        }
        assertThat(pairs).isEqualTo(Ours.values().length * 4 * Event.values().length);
        assertThat(mismatches).isEmpty();
    }

    /** RFC 3261 section 14.1: one retry after a 491, and a second 491 is the result. */
    @Test
    void glareIsRetriedOnceThenReported() {
        State s = State.IDLE_STATE;
        s = ReInviteTransitions.on(s, true, Event.OFFER).next();
        s = ReInviteTransitions.on(s, true, Event.GLARE).next();
        Step retry = ReInviteTransitions.on(s, true, Event.RETRY_DUE);
        assertThat(retry.actions()).containsExactly(Action.SEND_OFFER);
        Step second = ReInviteTransitions.on(retry.next(), true, Event.GLARE);
        assertThat(second).isEqualTo(new Step(State.IDLE_STATE, List.of(Action.REPORT_RESPONSE)));
    }

    /** Every way our offer ends reports exactly one result and frees the way for the next offer. */
    @Test
    void everyOutcomeOfOurOfferReportsOnceAndReturnsToIdle() {
        for (Event outcome : List.of(Event.OFFER_NOT_SENT, Event.ACCEPTED, Event.REFUSED, Event.TIMEOUT)) {
            for (Ours waiting : List.of(Ours.OFFERED, Ours.RETRIED)) {
                Step step = ReInviteTransitions.on(new State(waiting, false), true, outcome);
                assertThat(step.next().ours()).isEqualTo(Ours.IDLE);
                assertThat(step.actions().stream().filter(a -> a.name().startsWith("REPORT_")))
                        .hasSize(1);
            }
        }
    }

    private static Map<String, Step> parseTable() {
        Map<String, Step> map = new HashMap<>();
        for (String line : TABLE.split("\n")) {
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            String[] f = l.split("\\s+");
            assertThat(f).as(l).hasSize(8);
            assertThat(f[4]).isEqualTo("->");
            Event e = Event.valueOf(f[3]);
            List<Action> actions =
                    Arrays.stream(f[7].split(",")).map(Action::valueOf).toList();
            for (Ours ours : ours(f[0])) {
                for (boolean theirs : flags(f[1], "pending")) {
                    for (boolean up : flags(f[2], "up")) {
                        State next = new State(
                                f[5].equals("=") ? ours : Ours.valueOf(f[5]),
                                f[6].equals("=") ? theirs : f[6].equals("pending"));
                        assertThat(map.put(key(new State(ours, theirs), up, e), new Step(next, actions)))
                                .as("duplicate row " + l)
                                .isNull();
                    }
                }
            }
        }
        return map;
    }

    private static List<Ours> ours(String token) {
        return switch (token) {
            case "*" -> List.of(Ours.values());
            case "busy" -> List.of(Ours.OFFERED, Ours.GLARE_WAIT, Ours.RETRIED);
            case "waiting" -> List.of(Ours.OFFERED, Ours.RETRIED);
            default -> List.of(Ours.valueOf(token));
        };
    }

    private static List<Boolean> flags(String token, String yes) {
        return token.equals("?") ? List.of(false, true) : List.of(token.equals(yes));
    }

    private static String key(State s, boolean up, Event e) {
        return s.ours() + "/" + (s.theirs() ? "pending" : "none") + "/" + (up ? "up" : "down") + "/" + e;
    }
}
