package io.dialout.media;

/**
 * The media plane of one gateway: one shared UDP port toward rooms, a pool of RTP ports toward SIP, a few I/O
 * threads. Created once at start-up from a {@link MediaConfig}; hands out one {@link CallMedia} per call.
 */
public interface MediaEngine extends AutoCloseable {

    /**
     * Creates the media of one call from the room's WebRTC offer. The room-side answer (codecs fixed here, before the
     * callee answers: see docs/design.md) and the SIP-side offer are both ready when this returns.
     *
     * @throws io.dialout.media.sdp.SdpException when the offer is not a usable WebRTC offer (the message says why)
     * @throws MediaException when resources run out (no free RTP port pair) or the engine is closed
     */
    CallMedia createCall(CallMediaRequest request, MediaListener listener) throws MediaException;

    /** Number of calls whose media is allocated now. */
    int activeCalls();

    /** The UDP port all room-side media uses (useful when the configured port is 0). */
    int roomPort();

    /**
     * How long forwarded (pass-through) packets stayed in the gateway, from socket read to socket write, counted since
     * the engine started.
     */
    default io.dialout.media.relay.RelayDelays.Snapshot relayDelays() {
        return new io.dialout.media.relay.RelayDelays.Snapshot();
    }

    /**
     * Media counters summed over every call since the engine started: the live calls and all that ended (a call's
     * final counters are added when its media is closed), per leg and per stage of each direction.
     */
    default MediaTotals totals() {
        return new MediaTotals(java.util.List.of(), java.util.List.of());
    }

    /** Releases every port and thread. Calls still open are closed. */
    @Override
    void close();
}
