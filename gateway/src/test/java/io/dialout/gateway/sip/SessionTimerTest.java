package io.dialout.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dialout.gateway.sip.SessionTimer.Action;
import io.dialout.gateway.sip.SessionTimer.Event;
import io.dialout.gateway.sip.SessionTimer.Negotiated;
import io.dialout.gateway.sip.SessionTimer.Role;
import io.dialout.gateway.sip.SessionTimer.State;
import io.dialout.gateway.sip.SessionTimer.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The session timer (RFC 4028) as tables: the refresher's transitions over every (state, event, negotiated role), and
 * the negotiation, timing and 422 functions.
 */
class SessionTimerTest {

    /**
     * state event(role) -> next actions. A state is a role, "+r" while our refresh is out; "*" any state; NEGOTIATED
     * takes the role it negotiated in brackets. "=" keeps the state; "-" no action. Pairs not listed: no change.
     */
    private static final String TABLE = """
            *        NEGOTIATED(NONE) -> NONE      DISARM
            *        NEGOTIATED(US)   -> US        DISARM,ARM_REFRESH,ARM_EXPIRY
            *        NEGOTIATED(THEM) -> THEM      DISARM,ARM_EXPIRY
            US       REFRESH_DUE      -> US+r      SEND_REFRESH
            US+r     REFRESH_REFUSED  -> US        ARM_REFRESH
            THEM+r   REFRESH_REFUSED  -> THEM      ARM_REFRESH
            US       REFRESH_FATAL    -> NONE      DISARM,EXPIRE
            US+r     REFRESH_FATAL    -> NONE      DISARM,EXPIRE
            THEM     REFRESH_FATAL    -> NONE      DISARM,EXPIRE
            THEM+r   REFRESH_FATAL    -> NONE      DISARM,EXPIRE
            US       EXPIRED          -> NONE      DISARM,EXPIRE
            US+r     EXPIRED          -> NONE      DISARM,EXPIRE
            THEM     EXPIRED          -> NONE      DISARM,EXPIRE
            THEM+r   EXPIRED          -> NONE      DISARM,EXPIRE
            *        ENDED            -> NONE      DISARM
            """;

    private static List<State> allStates() {
        List<State> all = new ArrayList<>();
        for (Role r : Role.values()) {
            all.add(new State(r, false));
            all.add(new State(r, true));
        }
        return all;
    }

    private static String name(State s) {
        return s.role() + (s.refreshing() ? "+r" : "");
    }

    private static State parse(String name) {
        return new State(Role.valueOf(name.replace("+r", "")), name.endsWith("+r"));
    }

    @Test
    void everyStateEventPairFollowsTheTable() {
        Map<String, String> expected = new HashMap<>();
        for (String line : TABLE.strip().split("\n")) {
            String[] parts = line.trim().split("\\s+");
            List<State> from = parts[0].equals("*") ? allStates() : List.of(parse(parts[0]));
            for (State s : from) {
                expected.put(name(s) + " " + parts[1], parts[3] + " " + parts[4]);
            }
        }
        int checked = 0;
        for (State s : allStates()) {
            for (Event e : Event.values()) {
                List<Role> roles = e == Event.NEGOTIATED ? Arrays.asList(Role.values()) : List.of(Role.NONE);
                for (Role r : roles) {
                    String key = name(s) + " " + e + (e == Event.NEGOTIATED ? "(" + r + ")" : "");
                    Step step = SessionTimer.on(s, e, new Negotiated(r == Role.NONE ? 0 : 90, r));
                    String actions = step.actions().isEmpty()
                            ? "-"
                            : String.join(
                                    ",",
                                    step.actions().stream().map(Action::name).toList());
                    String got = (step.next().equals(s) ? "=" : name(step.next())) + " " + actions;
                    String want = expected.getOrDefault(key, "= -");
                    String wantNormalized =
                            want.startsWith(name(s) + " ") ? "=" + want.substring(name(s).length()) : want;
                    assertThat(got).as(key).isEqualTo(wantNormalized);
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(6 * (Event.values().length + 2));
    }

    @Test
    void theTwoHundredNamesTheRefresher() {
        // RFC 4028 section 7.2
        assertThat(SessionTimer.fromResponseToUs("90;refresher=uac")).isEqualTo(new Negotiated(90, Role.US));
        assertThat(SessionTimer.fromResponseToUs("90; refresher=UAS")).isEqualTo(new Negotiated(90, Role.THEM));
        assertThat(SessionTimer.fromResponseToUs("1800")).isEqualTo(new Negotiated(1800, Role.US));
        assertThat(SessionTimer.fromResponseToUs(null)).isEqualTo(Negotiated.NONE);
        assertThat(SessionTimer.fromResponseToUs("soon")).isEqualTo(Negotiated.NONE);
    }

    @Test
    void theirRefreshNamesTheRefresherFromTheirSide() {
        // RFC 4028 section 9: in their request, uac is them
        Negotiated current = new Negotiated(90, Role.THEM);
        assertThat(SessionTimer.fromRequestToUs("120;refresher=uac", current))
                .isEqualTo(new Negotiated(120, Role.THEM));
        assertThat(SessionTimer.fromRequestToUs("120;refresher=uas", current)).isEqualTo(new Negotiated(120, Role.US));
        assertThat(SessionTimer.fromRequestToUs("120", current)).isEqualTo(new Negotiated(120, Role.THEM));
        assertThat(SessionTimer.fromRequestToUs(null, current)).isEqualTo(new Negotiated(90, Role.US));
        assertThat(SessionTimer.fromRequestToUs(null, Negotiated.NONE)).isEqualTo(Negotiated.NONE);
        assertThat(SessionTimer.answerValue(new Negotiated(120, Role.THEM))).isEqualTo("120;refresher=uac");
        assertThat(SessionTimer.answerValue(new Negotiated(120, Role.US))).isEqualTo("120;refresher=uas");
        assertThat(SessionTimer.refreshValue(new Negotiated(90, Role.US))).isEqualTo("90;refresher=uac");
    }

    @Test
    void refreshAtHalfExpiryBeforeTheEnd() {
        // RFC 4028 section 10: interval - min(32, interval / 3)
        assertThat(SessionTimer.refreshDelay(90)).isEqualTo(Duration.ofSeconds(45));
        assertThat(SessionTimer.refreshDelay(1801)).isEqualTo(Duration.ofMillis(900_500));
        assertThat(SessionTimer.expiryDelay(90)).isEqualTo(Duration.ofSeconds(60));
        assertThat(SessionTimer.expiryDelay(1800)).isEqualTo(Duration.ofSeconds(1768));
        assertThat(SessionTimer.expiryDelay(96)).isEqualTo(Duration.ofSeconds(64));
    }

    @Test
    void a422RaisesToItsMinSeOnlyWhenLarger() {
        assertThat(SessionTimer.retryAfter422("1900", 1800)).isEqualTo(1900);
        assertThat(SessionTimer.retryAfter422("1800", 1800)).isEqualTo(-1);
        assertThat(SessionTimer.retryAfter422(null, 1800)).isEqualTo(-1);
        assertThat(SessionTimer.retryAfter422("x", 1800)).isEqualTo(-1);
    }

    @Test
    void settingsFollowSection4() {
        assertThat(SessionTimer.Settings.DEFAULT).isEqualTo(new SessionTimer.Settings(1800, 90));
        assertThatThrownBy(() -> new SessionTimer.Settings(1800, 60)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SessionTimer.Settings(60, 90)).isInstanceOf(IllegalArgumentException.class);
    }
}
