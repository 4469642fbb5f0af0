package io.dialout.media.relay;

import java.util.ArrayList;
import java.util.List;

/**
 * The sources of a meeting room, as the last negotiation (offer or re-offer) listed them, with the choices the
 * room-to-SIP direction makes among them: whether the audio is mixed (more than one audio source), and which video
 * source goes to SIP (the main one until something chooses another). Immutable; a re-offer installs a new one,
 * carrying over the measurements of the sources that stay. A lookup by SSRC scans a small array and allocates
 * nothing.
 */
public final class RoomSources {

    /** The classic call: one audio source, whatever its SSRC; nothing is filtered. */
    public static final RoomSources SINGLE = new RoomSources(List.of());

    private final RoomSource[] sources;
    private final int audioCount;
    private final RoomSource shownVideo;
    /** SSRCs an earlier negotiation listed and the last one no longer does: participants who left. */
    private final long[] departed;

    public RoomSources(List<RoomSource> sources) {
        this(sources, null, new long[0]);
    }

    private RoomSources(List<RoomSource> sources, RoomSource shownVideo, long[] departed) {
        this.sources = sources.toArray(new RoomSource[0]);
        this.departed = departed;
        int audio = 0;
        RoomSource firstVideo = null;
        for (RoomSource s : this.sources) {
            if (s.isAudio()) {
                audio++;
            } else if (firstVideo == null || s.main() && !firstVideo.main()) {
                firstVideo = s;
            }
        }
        this.audioCount = audio;
        this.shownVideo = shownVideo != null ? shownVideo : firstVideo;
    }

    /** The same sources with another video source sent to SIP. */
    public RoomSources showing(RoomSource video) {
        return new RoomSources(List.of(sources), video, departed);
    }

    /**
     * The sources of a new negotiation; a source that stays (same kind and SSRC) keeps its object, so its counters
     * and level go on.
     */
    public RoomSources update(List<RoomSource> next) {
        List<RoomSource> out = new ArrayList<>(next.size());
        for (RoomSource n : next) {
            RoomSource old = n.ssrc() < 0 ? null : find(n.ssrc());
            boolean same = old != null
                    && old.kind() == n.kind()
                    && old.main() == n.main()
                    && java.util.Objects.equals(old.mid(), n.mid());
            out.add(same ? old : n);
        }
        java.util.Set<Long> gone = new java.util.LinkedHashSet<>();
        for (long d : departed) {
            gone.add(d);
        }
        for (RoomSource o : sources) {
            if (o.ssrc() >= 0) {
                gone.add(o.ssrc());
            }
        }
        for (RoomSource n : out) {
            gone.remove(n.ssrc());
        }
        long[] left = gone.stream().mapToLong(Long::longValue).toArray();
        return new RoomSources(out, shownVideo != null && out.contains(shownVideo) ? shownVideo : null, left);
    }

    /** Whether {@code ssrc} was a source of an earlier negotiation that the last one removed (no allocation). */
    public boolean departed(long ssrc) {
        for (long d : departed) {
            if (d == ssrc) {
                return true;
            }
        }
        return false;
    }

    /** The SSRCs of the participants who left, see {@link #departed(long)}. */
    public long[] departedSsrcs() {
        return departed.clone();
    }

    /** More than one audio source: the room's audio is mixed toward SIP. */
    public boolean mixed() {
        return audioCount > 1;
    }

    public int audioCount() {
        return audioCount;
    }

    /** Copies each audio source's level from the mixer (no allocation: runs on every tick). */
    void publishLevels(AudioMix mix) {
        for (RoomSource s : sources) {
            if (s.isAudio()) {
                s.level(mix.level(s.ssrc()));
            }
        }
    }

    /** The source with this SSRC, or null. */
    public RoomSource find(long ssrc) {
        for (RoomSource s : sources) {
            if (s.ssrc() == ssrc) {
                return s;
            }
        }
        return null;
    }

    /** The video source whose packets go to SIP, or null. */
    public RoomSource shownVideo() {
        return shownVideo;
    }

    public List<RoomSource> all() {
        return List.of(sources);
    }

    @Override
    public String toString() {
        return List.of(sources).toString();
    }
}
