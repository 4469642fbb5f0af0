package io.dialout.media.relay;

import io.dialout.media.rtp.RtpPacket;

/**
 * The end of a path: the packet leaves for the output leg, unless we must not send to it (hold: RFC 3264 section
 * 8.4) or it is not up yet (room not connected, SIP answer not applied), or the socket refused it. A packet sent is
 * counted on the leg and in its stream (for our sender reports, RFC 3550 section 6.4.1).
 */
public final class Send extends Transformer {

    private final DirectionState state;
    private final DirectionState.Media media;
    private final LegCounters outCounters;
    private PacketSink sink;

    public Send(DirectionState state, DirectionState.Media media, PacketSink sink, LegCounters outCounters) {
        super(media == DirectionState.Media.AUDIO ? "send-audio" : "send-video");
        this.state = state;
        this.media = media;
        this.sink = sink;
        this.outCounters = outCounters;
    }

    /** Where the packets go from now on (the SIP leg's video has its own sockets). */
    public void sink(PacketSink sink) {
        this.sink = sink;
    }

    @Override
    protected boolean transform(RtpPacket p, long now) {
        if (!state.config().sendAllowed() || !sink.ready()) {
            return false;
        }
        int len = p.length();
        if (!sink.sendRtp(p.buffer(), p.offset(), len)) {
            return false;
        }
        outCounters.sent(len);
        state.out(media).sent(len - RtpPacket.FIXED_HEADER_LENGTH);
        return true;
    }
}
