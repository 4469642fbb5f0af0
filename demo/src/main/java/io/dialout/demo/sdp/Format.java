package io.dialout.demo.sdp;

import java.util.Locale;

/**
 * One RTP payload format of an m-line: its payload type, the rtpmap encoding (or the static one of RFC 3551 section 6
 * when the offer has no rtpmap) and its fmtp parameters, or null.
 */
public record Format(int payloadType, String name, int clockRate, int channels, String fmtp) {

    public boolean is(String encoding) {
        return name.equalsIgnoreCase(encoding);
    }

    public boolean isTelephoneEvent() {
        return is("telephone-event");
    }

    /**
     * Formats that carry no media of their own (comfort noise, redundancy, FEC, retransmission); an answerer that
     * picks "the first codec" skips them.
     */
    public boolean isAuxiliary() {
        String n = name.toLowerCase(Locale.ROOT);
        return n.equals("telephone-event")
                || n.equals("cn")
                || n.equals("red")
                || n.equals("ulpfec")
                || n.equals("flexfec-03")
                || n.equals("rtx");
    }

    /** The rtpmap value: {@code name/clock[/channels]} (RFC 4566 section 6). */
    public String rtpmap() {
        return name + "/" + clockRate + (channels > 1 ? "/" + channels : "");
    }
}
