package io.dialout.media.sdp;

/** Small helpers shared by the SDP classes. */
final class Sdp {
    static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile(" +");

    private Sdp() {}

    /** Text from the input quoted in an error message: cut short and without control characters. */
    static String clip(String s) {
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
}
