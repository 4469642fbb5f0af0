package io.dialout.gateway.sip;

/**
 * Which provisional responses of one INVITE are news for the listener: a late 100 Trying after a 180 (UDP
 * reordering) is not, nor a retransmitted provisional (the far end answering our INVITE retransmission again).
 */
final class ProvisionalFilter {

    private int highest;
    private String lastKey;

    /** True when this provisional should be reported; remembers it. */
    boolean isNew(int status, String toTag, String sdp) {
        if (status == 100 && highest > 100) {
            return false;
        }
        highest = Math.max(highest, status);
        String key = status + "/" + toTag + "/" + (sdp == null ? 0 : sdp.hashCode());
        if (key.equals(lastKey)) {
            return false;
        }
        lastKey = key;
        return true;
    }

    /** A new INVITE (after a Digest challenge) starts afresh. */
    void reset() {
        highest = 0;
        lastKey = null;
    }
}
