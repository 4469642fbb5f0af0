package io.dialout.gateway.call;

import io.dialout.media.Direction;
import io.dialout.media.sdp.Connection;
import io.dialout.media.sdp.MediaDescription;
import io.dialout.media.sdp.SdpException;
import io.dialout.media.sdp.SessionDescription;

/**
 * The far end's audio direction in its answer (the 200 OK), for a callee that answers on hold: queues, parking and
 * answer-then-connect services answer with {@code a=inactive}, {@code a=sendonly} or the RFC 2543 form
 * {@code c=0.0.0.0} (RFC 3264 section 8.4), and send nothing until they take the call off hold.
 */
final class AnswerDirection {

    private AnswerDirection() {}

    /** The first audio m-line's direction from the far end's side; c=0.0.0.0 counts as not receiving. */
    static Direction of(String sdp) {
        try {
            SessionDescription s = SessionDescription.parse(sdp);
            for (MediaDescription m : s.media()) {
                if (m.type().equals("audio") && !m.isRejected()) {
                    Direction d = s.direction(m);
                    Connection c = s.connection(m);
                    if (c != null && c.isUnspecified()) {
                        return d.sends() ? Direction.SENDONLY : Direction.INACTIVE;
                    }
                    return d;
                }
            }
        } catch (SdpException e) {
            // the media layer refuses an unusable answer itself
        }
        return Direction.SENDRECV;
    }

    /** The far end holds us: it does not want to receive (RFC 3264 section 8.4). */
    static boolean holds(Direction farEnd) {
        return !farEnd.receives();
    }
}
