package io.dialout.media.relay;

import io.dialout.media.rtp.RtpPacket;

/**
 * Per-source demux of a meeting room's RTP by SSRC (the SSRCs of the room's a=ssrc lines, RFC 5576; BUNDLE puts
 * every m-line on one transport, RFC 8843 section 9.2): counts each source's packets and keeps the audio of further
 * participants only when it is mixed, the video only of the source shown to SIP. A participant a re-offer removed
 * is dropped (RFC 3264 section 8.4: its packets may still be in flight). Other unknown SSRCs (a source the offer did
 * not list) and the classic single-stream call pass untouched.
 */
public final class SourceSelect extends Transformer {

    private final DirectionState state;

    public SourceSelect(DirectionState state) {
        super("sources");
        this.state = state;
    }

    @Override
    protected boolean transform(RtpPacket p, long now) {
        RoomSources sources = state.sources();
        if (sources == RoomSources.SINGLE) {
            return true;
        }
        RoomSource s = sources.find(p.ssrc());
        if (s == null) {
            return !sources.departed(p.ssrc());
        }
        s.received(now);
        if (s.isAudio()) {
            return s.main() || sources.mixed();
        }
        // the video on SIP, and the one the video switch waits to switch to (it needs its keyframe)
        return s == sources.shownVideo() || s.ssrc() == state.pendingVideo();
    }
}
