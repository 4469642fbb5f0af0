package io.dialout.media.relay;

import io.dialout.media.dtmf.DtmfReceiver;
import io.dialout.media.rtp.RtpPacket;
import java.util.function.BiConsumer;

/**
 * RFC 4733 telephone-events of the input leg: each event reported once as a digit (with whether it is forwarded),
 * and passed on only when the output leg negotiated telephone-event and no event of ours is under way there.
 */
public final class EventDigits extends Transformer {

    /** How long a digit queued behind our own DTMF lasts when we send it (its own length is not known yet). */
    static final int QUEUED_DIGIT_MS = 100;

    private final DirectionState state;
    private final BiConsumer<Character, Boolean> digits;
    private final DtmfReceiver receiver = new DtmfReceiver();
    private long queuedEventTs = -1;

    /** @param digits told of each digit, with whether it is forwarded to the output leg */
    public EventDigits(DirectionState state, BiConsumer<Character, Boolean> digits) {
        super("event-digits");
        this.state = state;
        this.digits = digits;
    }

    @Override
    protected boolean transform(RtpPacket p, long now) {
        if (p.payloadLength() < 4) { // RFC 4733 section 2.3: the event payload is 4 octets
            return false;
        }
        DirectionConfig c = state.config();
        boolean forward = c.out().event().negotiated();
        char digit = receiver.receive(p.marker(), p.timestamp(), p.buffer(), p.payloadOffset(), p.payloadLength());
        boolean ownActive = state.ownEventActive();
        if (digit != DtmfReceiver.NONE) {
            if (forward && ownActive && c.sendAllowed()) {
                // Events cannot overlap on one stream (RFC 4733 section 2.5.1.1) and ours is under way: this digit
                // follows ours through our sender instead of being lost, and the rest of its packets are dropped.
                state.sendDigits(String.valueOf(digit), QUEUED_DIGIT_MS);
                queuedEventTs = p.timestamp();
            }
            digits.accept(digit, forward && c.sendAllowed());
        }
        return forward && !ownActive && p.timestamp() != queuedEventTs; // our own event goes first
    }
}
