package io.dialout.media.sdp;

/** Reads {@code key=value;key=value} fmtp parameter lists (RFC 8866 section 6.15, format-specific). */
public final class FmtpParameters {
    private FmtpParameters() {}

    public static String get(String fmtp, String key) {
        if (fmtp == null) {
            return null;
        }
        for (String p : fmtp.split(";")) {
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase(key)) {
                return p.substring(eq + 1).trim();
            }
        }
        return null;
    }
}
