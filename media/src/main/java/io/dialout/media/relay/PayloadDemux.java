package io.dialout.media.relay;

import java.util.Arrays;

/**
 * Splits a leg's RTP by payload type into audio, telephone-event and video (the PTs that leg negotiated); anything
 * else (CN, RED, RTX, FEC the other leg does not take) is dropped and counted.
 */
public final class PayloadDemux extends Stage {
    public static final int DROP = 0;
    public static final int AUDIO = 1;
    public static final int EVENT = 2;
    public static final int VIDEO = 3;

    private final byte[] kinds = new byte[128];
    private long audio;
    private long events;
    private long video;

    public PayloadDemux(String name) {
        super(name);
    }

    public void configure(int audioPt, int eventPt, int videoPt) {
        Arrays.fill(kinds, (byte) DROP);
        set(videoPt, VIDEO);
        set(eventPt, EVENT);
        set(audioPt, AUDIO);
    }

    private void set(int pt, int kind) {
        if (pt >= 0 && pt < 128) {
            kinds[pt] = (byte) kind;
        }
    }

    public int classify(int pt) {
        packetsIn++;
        int k = kinds[pt & 0x7f];
        switch (k) {
            case AUDIO -> audio++;
            case EVENT -> events++;
            case VIDEO -> video++;
            default -> packetsDropped++;
        }
        return k;
    }

    public long audioPackets() {
        return audio;
    }

    public long eventPackets() {
        return events;
    }

    public long videoPackets() {
        return video;
    }
}
