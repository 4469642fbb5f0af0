package io.dialout.media.negotiation.room;

import io.dialout.media.rtp.HeaderExtensions;
import io.dialout.media.sdp.MediaDescription;
import io.dialout.media.sdp.SdpException;
import io.dialout.media.sdp.SessionDescription;
import io.dialout.media.sdp.SsrcAttribute;
import java.util.ArrayList;
import java.util.List;

/**
 * The streams a room's offer announces, for choosing whose video the phone sees: each sending m-line's mid, its
 * stream id ({@code a=msid}, RFC 8830 section 2, or the {@code msid} of its {@code a=ssrc}, RFC 5576 section 4.1),
 * its kind and its primary SSRCs; and the id the room uses for the RFC 6464 audio level ({@code a=extmap}, RFC 8285
 * section 5), -1 when it offers none.
 */
public record RoomStreams(List<Stream> streams, int audioLevelId) {

    /** One stream of one participant. */
    public record Stream(String mid, String msid, String kind, long ssrc) {}

    public static RoomStreams of(SessionDescription offer) {
        List<Stream> out = new ArrayList<>();
        int levelId = -1;
        for (MediaDescription m : offer.media()) {
            if (!m.isAudio() && !m.isVideo()) {
                continue;
            }
            if (m.isAudio() && levelId < 0) {
                levelId = extmapId(m, HeaderExtensions.AUDIO_LEVEL_URI);
            }
            String msid = streamId(m.attribute("msid"));
            List<Long> ssrcs;
            List<SsrcAttribute> attrs;
            try {
                ssrcs = m.primarySsrcs();
                attrs = m.ssrcAttributes();
            } catch (SdpException e) {
                continue;
            }
            for (long ssrc : ssrcs) {
                String id = msid;
                for (SsrcAttribute a : attrs) {
                    if (a.ssrc() == ssrc && "msid".equals(a.attribute()) && id == null) {
                        id = streamId(a.value());
                    }
                }
                out.add(new Stream(m.mid(), id == null ? "" : id, m.type(), ssrc));
            }
        }
        return new RoomStreams(List.copyOf(out), levelId);
    }

    /** The video SSRC of the participant that sends {@code audioSsrc} (same stream id), or -1. */
    public long videoOf(long audioSsrc) {
        Stream a = find(audioSsrc);
        if (a == null) {
            return -1;
        }
        for (Stream s : streams) {
            if (s.kind().equals("video") && !a.msid().isEmpty() && s.msid().equals(a.msid())) {
                return s.ssrc();
            }
        }
        return -1;
    }

    public Stream find(long ssrc) {
        for (Stream s : streams) {
            if (s.ssrc() == ssrc) {
                return s;
            }
        }
        return null;
    }

    static int extmapId(MediaDescription m, String uri) {
        for (String v : m.attributeValues("extmap")) {
            String[] f = v.trim().split("\\s+");
            if (f.length >= 2 && f[1].equals(uri)) {
                String id = f[0];
                int slash = id.indexOf('/');
                try {
                    return Integer.parseInt(slash < 0 ? id : id.substring(0, slash));
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    /** The stream id of an msid value ("stream-id [track-id]"), null when absent or "-" (no stream). */
    private static String streamId(String msid) {
        if (msid == null || msid.isBlank()) {
            return null;
        }
        String id = msid.trim().split("\\s+")[0];
        return id.equals("-") ? null : id;
    }
}
