package io.dialout.gateway.call;

/** The outcome of one event in one state: where the call goes and what it does. */
public record Transition(CallState next, Effect effect) {

    static Transition stay(CallState state, Effect effect) {
        return new Transition(state, effect);
    }

    static Transition to(CallState next, Effect effect) {
        return new Transition(next, effect);
    }
}
