package io.dialout.gateway.call;

import java.util.ArrayList;
import java.util.List;

/** An in-memory {@link ClientLink}: what the room's WebSocket would receive, in order. */
final class FakeClientLink implements ClientLink {

    private final Journal journal;
    final List<StateReport> states = new ArrayList<>();

    FakeClientLink(Journal journal) {
        this.journal = journal;
    }

    @Override
    public void answer(String sdp) {
        journal.add("client answer " + sdp);
    }

    @Override
    public void state(StateReport r) {
        states.add(r);
        StringBuilder line = new StringBuilder("client state ").append(r.state());
        if (r.cause() != null) {
            line.append(' ').append(r.cause());
        }
        if (r.by() != null) {
            line.append(' ').append(r.by());
        }
        journal.add(line.toString());
    }

    @Override
    public void dtmf(char digit) {
        journal.add("client dtmf " + digit);
    }

    @Override
    public void rejected(String message) {
        journal.add("client error " + message);
    }

    @Override
    public void released() {
        journal.add("client released");
    }

    /** The {@code ended} reports sent. */
    List<StateReport> ended() {
        return states.stream().filter(s -> s.state().equals("ended")).toList();
    }
}
