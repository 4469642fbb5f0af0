package io.dialout.media.sdp;

/** {@code a=rtpmap:<pt> <encoding>/<clock>[/<channels>]} (RFC 8866 section 6.6). */
public record RtpMap(int payloadType, String encoding, int clockRate, int channels) {

    static RtpMap parse(String value) throws SdpException {
        int sp = value.indexOf(' ');
        if (sp < 0) {
            throw new SdpException("a=rtpmap:" + Sdp.clip(value) + ": expected '<pt> <encoding>/<clock rate>'");
        }
        int pt = Sdp.parseInt(value.substring(0, sp), "a=rtpmap payload type");
        String[] enc = value.substring(sp + 1).trim().split("/");
        if (enc.length < 2 || enc[0].isEmpty()) {
            throw new SdpException("a=rtpmap:" + Sdp.clip(value) + ": expected '<encoding>/<clock rate>'");
        }
        int clock = Sdp.parseInt(enc[1], "a=rtpmap clock rate");
        int channels = enc.length > 2 ? Sdp.parseInt(enc[2], "a=rtpmap channels") : 1;
        return new RtpMap(pt, enc[0], clock, channels);
    }

    /** Case-insensitive encoding name comparison (RFC 4855 section 3: media subtype names are case-insensitive). */
    public boolean is(String name) {
        return encoding.equalsIgnoreCase(name);
    }

    /** The attribute value, e.g. {@code 111 opus/48000/2}; channels written only when not 1. */
    public String value() {
        return payloadType + " " + encoding + "/" + clockRate + (channels != 1 ? "/" + channels : "");
    }
}
