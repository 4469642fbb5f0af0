package io.dialout.media.relay;

/**
 * Turns a leg's RFC 4733 telephone-event packets into digits, each event reported once however many updates and
 * redundant end packets it has (RFC 4733 section 2.5.2). Implemented over the dtmf package's DtmfReceiver.
 */
public interface EventDetector {

    /** @return the digit when this packet starts a new event, else 0 */
    char onPacket(long rtpTimestamp, boolean marker, byte[] payload, int off, int len);
}
