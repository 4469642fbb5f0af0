package io.dialout.gateway.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.gateway.call.CallEnd;
import io.dialout.gateway.call.CallSnapshot;
import io.dialout.gateway.call.ClientLink;
import io.dialout.gateway.call.DialRequest;
import io.dialout.gateway.call.Party;
import io.dialout.gateway.call.StateReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The room's link, observed: the room gets everything first and unchanged; the platform gets each step once. */
class ObservedLinkTest {

    private final List<String> room = new ArrayList<>();
    private final List<CallLifecycleEvent> events = new ArrayList<>();
    /** Snapshots complete when the test says so, as the call's executor would run them later. */
    private final List<CompletableFuture<CallSnapshot>> pending = new ArrayList<>();

    private final ClientLink roomLink = new ClientLink() {
        @Override
        public void answer(String sdp) {
            room.add("answer");
        }

        @Override
        public void state(StateReport report) {
            room.add("state:" + report.state());
        }

        @Override
        public void dtmf(char digit) {
            room.add("dtmf:" + digit);
        }

        @Override
        public void rejected(String message) {
            room.add("rejected");
        }

        @Override
        public void released() {
            room.add("released");
        }
    };

    private ObservedLink link(String to) {
        DialRequest dial =
                new DialRequest("c1", to, "room-42", "Sync", "v=0\r\n", Map.of("X-Token", "t0p"), null, null);
        ObservedLink link = new ObservedLink(roomLink, events::add, dial);
        link.bind("gw-1", () -> {
            CompletableFuture<CallSnapshot> f = new CompletableFuture<>();
            pending.add(f);
            return f;
        });
        return link;
    }

    private void runSnapshots() {
        for (CompletableFuture<CallSnapshot> f : pending) {
            f.complete(new CallSnapshot("gw-1", "c1", "sip:bob@example.com", "x", Instant.EPOCH, null, "sip-1", null));
        }
        pending.clear();
    }

    @Test
    void eachStepGoesToTheRoomFirstThenToThePlatformInOrderWithDialingFirst() {
        ObservedLink link = link("sip:bob@example.com");
        link.answer("v=0");
        link.state(StateReport.of("trying"));
        link.state(StateReport.sip("ringing", 180, "Ringing"));
        link.dtmf('5');
        link.state(StateReport.hold("held", Party.REMOTE));
        link.released();
        link.state(StateReport.ended(CallEnd.remoteHangup(), 12));
        assertThat(room)
                .containsExactly(
                        "answer", "state:trying", "state:ringing", "dtmf:5", "state:held", "released", "state:ended");
        assertThat(events).as("none before the snapshots are taken").isEmpty();
        runSnapshots();
        assertThat(events.stream().map(e -> e.sequence() + ":" + e.kind()).toList())
                .containsExactly("1:dialing", "2:trying", "3:ringing", "4:held", "5:ended");
        CallLifecycleEvent ended = events.get(4);
        assertThat(ended.type()).isEqualTo("call.ended");
        assertThat(ended.report().cause()).isEqualTo("remote-hangup");
        assertThat(ended.report().durationSec()).isEqualTo(12);
        assertThat(ended.snapshot().sipCallId()).isEqualTo("sip-1");
        assertThat(ended.call()).isEqualTo(new CallFacts("gw-1", "c1", "sip:bob@example.com", "room-42", "Sync"));
        assertThat(events.stream().map(CallLifecycleEvent::eventId).distinct()).hasSize(5);
    }

    @Test
    void aDialDroppedAsABadRequestIsNoCallForThePlatform() {
        ObservedLink link = link("sip:bob@example.com");
        link.released();
        link.rejected("bad offer");
        runSnapshots();
        assertThat(room).containsExactly("released", "rejected");
        assertThat(events).isEmpty();
    }

    @Test
    void aRefusedCallIsDialingThenEnded() {
        ObservedLink link = link("sip:blocked@example.com");
        link.released();
        link.state(StateReport.ended(CallEnd.policy("denied"), 0));
        runSnapshots();
        assertThat(events.stream().map(CallLifecycleEvent::kind).toList()).containsExactly("dialing", "ended");
    }

    @Test
    void aFailedSnapshotStillReportsTheStepWithWhatWasKnown() {
        ObservedLink link = link("sip:bob@example.com");
        link.answer("v=0");
        runSnapshots();
        link.state(StateReport.of("trying"));
        pending.get(0).completeExceptionally(new IllegalStateException("executor gone"));
        assertThat(events.stream().map(CallLifecycleEvent::kind).toList()).containsExactly("dialing", "trying");
        assertThat(events.get(1).snapshot().sipCallId()).isEqualTo("sip-1");
    }

    @Test
    void aSinkThatThrowsNeverReachesTheCall() {
        DialRequest dial = new DialRequest("c1", "sip:bob@example.com", null, null, "v=0\r\n", Map.of(), null, null);
        ObservedLink link = new ObservedLink(
                roomLink,
                e -> {
                    throw new IllegalStateException("sink down");
                },
                dial);
        link.bind("gw-1", () -> CompletableFuture.completedFuture(null));
        link.answer("v=0");
        link.state(StateReport.of("trying"));
        assertThat(room).containsExactly("answer", "state:trying");
    }

    @Test
    void passwordsInTheDestinationAreCutOut() {
        assertThat(Redaction.uri("sip:alice:s3cret@example.com;transport=tcp"))
                .isEqualTo("sip:alice@example.com;transport=tcp");
        assertThat(Redaction.uri("sips:alice:p%40ss@example.com")).isEqualTo("sips:alice@example.com");
        assertThat(Redaction.uri("sip:alice@example.com")).isEqualTo("sip:alice@example.com");
        assertThat(Redaction.uri("tel:+15551234567")).isEqualTo("tel:+15551234567");
        assertThat(Redaction.uri("+15551234567")).isEqualTo("+15551234567");
        assertThat(CallFacts.of("gw", new DialRequest("c", "sip:a:pw@h", null, null, "", Map.of(), null, null))
                        .to())
                .isEqualTo("sip:a@h");
    }
}
