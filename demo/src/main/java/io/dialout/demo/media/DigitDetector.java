package io.dialout.demo.media;

import io.dialout.media.rtp.RtpPacket;

/**
 * Reports each RFC 4733 event once. All packets of one event share its RTP timestamp (RFC 4733 section 2.5.1.1),
 * including the three retransmitted end packets (section 2.5.1.4), so a new timestamp means a new digit; the first
 * packet that arrives for it reports it, whether or not the marked start packet was lost. Selector thread only.
 */
final class DigitDetector {
    private long lastTimestamp = -1;

    /** The digit this event packet starts, or 0 when it continues an event already reported or is no digit. */
    char onEvent(RtpPacket p) {
        if (p.payloadLength() < 4) {
            return 0; // RFC 4733 section 2.3: event, E|R|volume, duration
        }
        if (p.timestamp() == lastTimestamp) {
            return 0;
        }
        lastTimestamp = p.timestamp();
        return Dtmf.digit(p.buffer()[p.payloadOffset()] & 0xff);
    }
}
