package io.dialout.gateway.sip;

import java.util.Locale;

/**
 * DTMF carried in SIP INFO bodies. There is no RFC for these two de-facto formats: {@code application/dtmf-relay}
 * ("Signal=5\r\nDuration=160\r\n", as Cisco and most trunks use it) and {@code application/dtmf} (the digit alone).
 */
public final class DtmfInfo {

    public static final String DTMF_RELAY = "application/dtmf-relay";
    public static final String DTMF = "application/dtmf";

    private DtmfInfo() {}

    /** True for 0-9, *, #, A-D (either case). */
    public static boolean isDigit(char c) {
        return (c >= '0' && c <= '9') || c == '*' || c == '#' || "ABCDabcd".indexOf(c) >= 0;
    }

    /** The application/dtmf-relay body for one digit. */
    public static String relayBody(char digit, int durationMs) {
        if (!isDigit(digit)) {
            throw new IllegalArgumentException("not a DTMF digit: " + digit);
        }
        if (durationMs <= 0) {
            throw new IllegalArgumentException("duration " + durationMs);
        }
        return "Signal=" + Character.toUpperCase(digit) + "\r\nDuration=" + durationMs + "\r\n";
    }

    /**
     * The digit of an INFO body, or 0 when the body is not DTMF.
     *
     * @param contentType the Content-Type's type/subtype (parameters ignored)
     */
    public static char parse(String contentType, String body) {
        if (contentType == null || body == null) {
            return 0;
        }
        String type = contentType.toLowerCase(Locale.ROOT).split(";", 2)[0].trim();
        if (type.equals(DTMF)) {
            return digitOf(body.trim());
        }
        if (type.equals(DTMF_RELAY)) {
            for (String line : body.split("\r?\n")) {
                int eq = line.indexOf('=');
                if (eq > 0 && line.substring(0, eq).trim().equalsIgnoreCase("Signal")) {
                    return digitOf(line.substring(eq + 1).trim());
                }
            }
        }
        return 0;
    }

    /** A digit as text; some devices send the RFC 4733 event numbers 10-15 for *, #, A-D. */
    private static char digitOf(String s) {
        if (s.length() == 1 && isDigit(s.charAt(0))) {
            return Character.toUpperCase(s.charAt(0));
        }
        return switch (s) {
            case "10" -> '*';
            case "11" -> '#';
            case "12" -> 'A';
            case "13" -> 'B';
            case "14" -> 'C';
            case "15" -> 'D';
            default -> 0;
        };
    }
}
