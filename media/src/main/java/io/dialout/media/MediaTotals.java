package io.dialout.media;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Media counters summed over every call of an engine since it started: the live calls and every call that ended, so
 * a total never loses a call however rarely it is read. A mutable accumulator; {@link MediaEngine#totals()} hands
 * out a copy.
 */
public final class MediaTotals {

    /** The directions, as named in {@code /v1/calls} and in the metrics. */
    public static final String ROOM_TO_SIP = "roomToSip";

    public static final String SIP_TO_ROOM = "sipToRoom";

    /** Totals of one leg: what arrived from its peer, what we sent it, what it lost on the way to us. */
    public record Leg(long packetsReceived, long bytesReceived, long packetsSent, long bytesSent, long packetsLost) {
        static final Leg ZERO = new Leg(0, 0, 0, 0, 0);

        Leg plus(CallMediaStats.LegStats s) {
            return s == null
                    ? this
                    : new Leg(
                            packetsReceived + s.packetsReceived(),
                            bytesReceived + s.bytesReceived(),
                            packetsSent + s.packetsSent(),
                            bytesSent + s.bytesSent(),
                            packetsLost + s.packetsLost());
        }
    }

    /** Totals of one stage of one direction. */
    public record Stage(String direction, String stage, long in, long dropped) {}

    private Leg room = Leg.ZERO;
    private Leg sip = Leg.ZERO;
    private final Map<String, long[]> stages = new LinkedHashMap<>();

    /** Totals with an entry (at zero) for each stage named, so the set of stages is known before any call. */
    public MediaTotals(List<String> roomToSipStages, List<String> sipToRoomStages) {
        roomToSipStages.forEach(s -> stages.put(key(ROOM_TO_SIP, s), new long[2]));
        sipToRoomStages.forEach(s -> stages.put(key(SIP_TO_ROOM, s), new long[2]));
    }

    private MediaTotals(MediaTotals other) {
        room = other.room;
        sip = other.sip;
        other.stages.forEach((k, v) -> stages.put(k, v.clone()));
    }

    private static String key(String direction, String stage) {
        return direction + '\u0000' + stage;
    }

    /** Adds one call's counters. */
    public void add(CallMediaStats s) {
        room = room.plus(s.room());
        sip = sip.plus(s.sip());
        add(ROOM_TO_SIP, s.roomToSip());
        add(SIP_TO_ROOM, s.sipToRoom());
    }

    private void add(String direction, List<CallMediaStats.StageStats> list) {
        for (CallMediaStats.StageStats st : list) {
            long[] c = stages.computeIfAbsent(key(direction, st.stage()), k -> new long[2]);
            c[0] += st.in();
            c[1] += st.dropped();
        }
    }

    public MediaTotals copy() {
        return new MediaTotals(this);
    }

    public Leg room() {
        return room;
    }

    public Leg sip() {
        return sip;
    }

    /** Every stage of both directions, room to SIP first, in the order packets meet them. */
    public List<Stage> stages() {
        List<Stage> out = new ArrayList<>(stages.size());
        stages.forEach((k, v) -> {
            int sep = k.indexOf('\u0000');
            out.add(new Stage(k.substring(0, sep), k.substring(sep + 1), v[0], v[1]));
        });
        return out;
    }
}
