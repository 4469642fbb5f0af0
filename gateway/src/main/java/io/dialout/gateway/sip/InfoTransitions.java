package io.dialout.gateway.sip;

import java.util.List;

/**
 * The INFO DTMF sender as a pure function: digits go out one INFO at a time, in order, each after the previous one's
 * final response, and only while the dialog is confirmed. {@link InfoSender} carries out the actions;
 * {@code InfoTransitionsTest} checks every combination against a table.
 */
final class InfoTransitions {

    private InfoTransitions() {}

    enum State {
        /** No INFO of ours in flight. */
        IDLE,
        /** One INFO sent, waiting for its final response. */
        SENDING
    }

    enum Event {
        /** {@code sendInfoDtmf} was called. */
        DIGIT,
        /** The INFO in flight got its final response, or timed out. */
        DONE,
        /** The INFO could not be sent. */
        NOT_SENT
    }

    enum Action {
        /** Add the digit to the queue. */
        QUEUE,
        /** Not answered (or already hung up): the digit is dropped. */
        DROP,
        /** Send the digit at the head of the queue. */
        SEND_NEXT
    }

    record Step(State next, List<Action> actions) {}

    /**
     * @param confirmed whether the dialog is up (2xx ACKed, no BYE yet)
     * @param queued    whether digits wait in the queue (before this event's own digit)
     */
    static Step on(State s, boolean confirmed, boolean queued, Event e) {
        return switch (e) {
            case DIGIT -> {
                if (!confirmed) {
                    yield new Step(s, List.of(Action.DROP));
                }
                yield s == State.IDLE
                        ? new Step(State.SENDING, List.of(Action.QUEUE, Action.SEND_NEXT))
                        : new Step(s, List.of(Action.QUEUE));
            }
            case DONE -> {
                if (s != State.SENDING) {
                    yield new Step(s, List.of());
                }
                yield confirmed && queued
                        ? new Step(State.SENDING, List.of(Action.SEND_NEXT))
                        : new Step(State.IDLE, List.of());
            }
            // the digits left wait for the next one to be queued
            case NOT_SENT -> new Step(State.IDLE, List.of());
        };
    }
}
