package io.dialout.media.relay;

import io.dialout.media.rtp.RtpPacket;

/**
 * Receive statistics of the input leg, kept per source as RFC 3550 appendix A.3 counts them: every packet of a
 * source's SSRC. The audio source's packets are its audio, its RFC 4733 telephone-events and its comfort noise
 * (RFC 3389), which share one SSRC and one sequence space; counting only the audio payload type made each event or
 * CN packet look like a lost one (in {@code /v1/calls} and in the report blocks we send back). Interarrival
 * jitter (A.8) is taken from the audio payload type only: an event packet carries its event's start time, not its
 * own sampling instant (RFC 4733 section 2.3.1), so it says nothing about the network's jitter.
 */
public final class ReceiveStatistics extends Observer {

    private final DirectionState state;

    public ReceiveStatistics(DirectionState state) {
        super("receive-stats");
        this.state = state;
    }

    @Override
    protected void observe(RtpPacket p, long now) {
        DirectionConfig.LegFormats in = state.config().in();
        int pt = p.payloadType();
        long ssrc = p.ssrc();
        RoomSources sources = state.sources();
        if (sources != RoomSources.SINGLE) {
            RoomSource s = sources.find(ssrc);
            if (s != null && !s.main()) {
                return; // a further participant: the statistics (and our reports) follow the main source
            }
        }
        if (pt == in.audio().pt()) {
            state.inputAudioSsrc(ssrc);
            state.audioStats().update(ssrc, p.sequence(), p.timestamp(), now);
        } else if (pt == in.video().pt()) {
            state.inputVideoSsrc(ssrc);
            state.videoStats().update(ssrc, p.sequence(), p.timestamp(), now);
        } else if (pt == in.event().pt() || ssrc == state.audioStats().ssrc()) {
            state.audioStats().updateSequence(ssrc, p.sequence()); // same source as the audio, no jitter sample
        }
    }
}
