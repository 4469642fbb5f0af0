package io.dialout.gateway.call;

import io.dialout.media.dtmf.DtmfSender;
import java.util.ArrayDeque;

/**
 * The digits a call has accepted from its client and not yet played out, on either path (RFC 4733 events or SIP
 * INFO), bounded by the same number as the RTP path's own queue ({@link DtmfSender#MAX_QUEUED}). Each accepted digit
 * is remembered by the time it will be over; a request that would take the backlog beyond the bound is refused whole
 * (issue 14: 100,000 {@code dtmf} messages exhausted the heap when every digit got a timer and a queue entry).
 *
 * <p>For the RTP path this is a model of the media engine's queue that never counts fewer digits than it holds: a
 * digit there lasts its duration, three end packets and the gap, and is counted here as lasting
 * {@link #RTP_EXTRA_MS} longer than its duration. Confined to the call's executor.
 */
final class DtmfBacklog {

    /** Digits accepted and not yet played out, at most. */
    static final int MAX_DIGITS = DtmfSender.MAX_QUEUED;
    /** Time an RFC 4733 digit takes beyond its duration: three end packets (RFC 4733 section 2.5.1.4) and the gap. */
    static final long RTP_EXTRA_MS = 120;

    private final ArrayDeque<Long> endsNanos = new ArrayDeque<>();

    /**
     * Accepts {@code digits} digits each lasting {@code perDigitMs}, played after those already accepted; false (and
     * nothing accepted) when the backlog would exceed {@link #MAX_DIGITS}.
     */
    boolean admit(int digits, long perDigitMs, long nowNanos) {
        expire(nowNanos);
        if (endsNanos.size() + digits > MAX_DIGITS) {
            return false;
        }
        long end = endsNanos.isEmpty() ? nowNanos : Math.max(nowNanos, endsNanos.peekLast());
        for (int i = 0; i < digits; i++) {
            end += perDigitMs * 1_000_000L;
            endsNanos.addLast(end);
        }
        return true;
    }

    /** Digits accepted and not over yet. */
    int pending(long nowNanos) {
        expire(nowNanos);
        return endsNanos.size();
    }

    void clear() {
        endsNanos.clear();
    }

    private void expire(long nowNanos) {
        while (!endsNanos.isEmpty() && endsNanos.peekFirst() - nowNanos <= 0) {
            endsNanos.pollFirst();
        }
    }
}
