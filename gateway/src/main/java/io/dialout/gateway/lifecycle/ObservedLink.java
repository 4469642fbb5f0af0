package io.dialout.gateway.lifecycle;

import io.dialout.gateway.call.CallSnapshot;
import io.dialout.gateway.call.ClientLink;
import io.dialout.gateway.call.DialRequest;
import io.dialout.gateway.call.StateReport;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The room's link to one call, seen by the platform too: every message goes to the room first, unchanged, and each
 * state (plus {@code dialing}, when the call is first accepted) becomes a {@link CallLifecycleEvent} for the sinks.
 * This is the narrowest place that sees the whole lifecycle: the call reports every step, exactly once and in order,
 * through its {@link ClientLink}, on its own executor.
 *
 * <p>A snapshot of the call (SIP Call-ID, times, codecs) is taken just after each step: it is queued on the call's
 * executor, so the snapshots, and the events made from them, complete in the order of the steps.
 */
public final class ObservedLink implements ClientLink {

    private static final Logger LOG = Logger.getLogger(ObservedLink.class);

    private final ClientLink room;
    private final CallEventSink sink;
    private final DialRequest dial;

    // Set once before the call starts; then only used on the call's executor.
    private CallFacts facts;
    private Supplier<CompletableFuture<CallSnapshot>> snapshots;
    private int sequence;
    private boolean dialing;
    private CallSnapshot last;

    public ObservedLink(ClientLink room, CallEventSink sink, DialRequest dial) {
        this.room = room;
        this.sink = sink;
        this.dial = dial;
    }

    /** Names the call; must be called before the call starts. */
    public void bind(String gatewayCallId, Supplier<CompletableFuture<CallSnapshot>> snapshots) {
        this.facts = CallFacts.of(gatewayCallId, dial);
        this.snapshots = snapshots;
    }

    @Override
    public void answer(String sdp) {
        room.answer(sdp);
        dialing();
    }

    @Override
    public void state(StateReport report) {
        room.state(report);
        dialing();
        emit(report.state(), report);
    }

    @Override
    public void dtmf(char digit) {
        room.dtmf(digit);
    }

    @Override
    public void transfer(io.dialout.gateway.call.TransferReport report) {
        room.transfer(report);
    }

    @Override
    public void speaker(String mid, String msid) {
        room.speaker(mid, msid);
    }

    @Override
    public void rejected(String message) {
        room.rejected(message);
    }

    @Override
    public void busy(String message) {
        room.busy(message);
    }

    @Override
    public void released() {
        room.released();
    }

    /**
     * The first answer or state means the call was accepted (a dial refused as a bad request never gets one, and is no
     * call for the platform): that is when it is reported as dialing.
     */
    private void dialing() {
        if (!dialing) {
            dialing = true;
            emit("dialing", StateReport.of("dialing"));
        }
    }

    private void emit(String kind, StateReport report) {
        if (facts == null) {
            return; // not bound: nothing to report about
        }
        int seq = ++sequence;
        Instant at = Instant.now();
        String eventId = UUID.randomUUID().toString();
        CompletableFuture<CallSnapshot> snapshot;
        try {
            snapshot = snapshots.get();
        } catch (RuntimeException e) {
            snapshot = CompletableFuture.failedFuture(e);
        }
        snapshot.whenComplete((s, failure) -> {
            if (s != null) {
                last = s;
            }
            try {
                sink.publish(new CallLifecycleEvent(kind, eventId, seq, at, facts, report, last));
            } catch (RuntimeException e) {
                LOG.warnf(e, "call %s: the %s event could not be published", facts.gatewayCallId(), kind);
            }
        });
    }
}
