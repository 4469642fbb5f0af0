package io.dialout.media.sdp;

import java.util.List;

/** Small helpers shared by the SDP model and the two negotiations: error-message quoting and number parsing. */
public final class Sdp {
    public static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile(" +");

    private Sdp() {}

    /** Text from the input quoted in an error message: cut short and without control characters. */
    public static String clip(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 60; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return s.length() > 60 ? b + "..." : b.toString();
    }

    static int parseInt(String s, String what) throws SdpException {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new SdpException(what + " is not a number: '" + clip(s) + "'");
        }
    }

    static long parseLong(String s, String what) throws SdpException {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new SdpException(what + " is not a number: '" + clip(s) + "'");
        }
    }

    /** The encodings of an m-line as {@code name/clock, ...}, for error messages; cut short after 200 characters. */
    public static String codecNames(List<RtpMap> maps) {
        StringBuilder b = new StringBuilder();
        for (RtpMap r : maps) {
            if (b.length() > 0) {
                b.append(", ");
            }
            if (b.length() > 200) {
                return b.append("...").toString();
            }
            b.append(clip(r.encoding())).append('/').append(r.clockRate());
        }
        return b.length() == 0 ? "none" : b.toString();
    }
}
