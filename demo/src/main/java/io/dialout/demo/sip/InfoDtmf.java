package io.dialout.demo.sip;

import java.util.Locale;

/**
 * DTMF in SIP INFO bodies: {@code application/dtmf-relay} ({@code Signal=5} and {@code Duration=160} lines, the
 * de-facto format of Cisco and most PBXs) and {@code application/dtmf} (the digit alone).
 */
public final class InfoDtmf {
    public static final String RELAY_TYPE = "application";
    public static final String RELAY_SUBTYPE = "dtmf-relay";
    private static final String DIGITS = "0123456789*#ABCD";

    private InfoDtmf() {}

    /** The digit in an INFO body of that content type, or 0 when there is none. */
    public static char parse(String contentType, String contentSubtype, String body) {
        if (body == null || contentType == null || !contentType.equalsIgnoreCase("application")) {
            return 0;
        }
        String sub = contentSubtype == null ? "" : contentSubtype.toLowerCase(Locale.ROOT);
        if (sub.equals("dtmf-relay")) {
            for (String line : body.split("\r?\n")) {
                int eq = line.indexOf('=');
                if (eq > 0 && line.substring(0, eq).trim().equalsIgnoreCase("Signal")) {
                    return digit(line.substring(eq + 1).trim());
                }
            }
            return 0;
        }
        if (sub.equals("dtmf")) {
            return digit(body.trim());
        }
        return 0;
    }

    /** The application/dtmf-relay body for a digit. */
    public static String relayBody(char digit, int durationMs) {
        return "Signal=" + digit + "\r\nDuration=" + durationMs + "\r\n";
    }

    private static char digit(String s) {
        if (s.length() != 1) {
            // application/dtmf may carry the event code (10 = *, 11 = #)
            try {
                int code = Integer.parseInt(s);
                return code >= 10 && code < DIGITS.length() ? DIGITS.charAt(code) : 0;
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        char c = Character.toUpperCase(s.charAt(0));
        return DIGITS.indexOf(c) >= 0 ? c : 0;
    }
}
