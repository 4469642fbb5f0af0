package io.dialout.gateway.api;

import java.util.regex.Pattern;

/**
 * Syntax of the {@code to} field: a SIP or SIPS URI (RFC 3261 section 19.1), a tel URI (RFC 3966) or an E.164
 * number. Only the shape is checked here; the dial plan decides whether and where it routes.
 */
final class Destination {

    static final int MAX_LENGTH = 256;

    // user@host[:port][;params][?headers] with no whitespace, quotes or angle brackets; the user part is optional.
    private static final Pattern SIP = Pattern.compile(
            "(?i)sips?:(?:[^\\s<>\"@]+@)?(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+\\])"
                    + "(?::[0-9]{1,5})?(?:;[^\\s<>\"?]*)?(?:\\?[^\\s<>\"]*)?");
    // RFC 3966 section 3: global number (+digits with visual separators) or local number with parameters.
    private static final Pattern TEL =
            Pattern.compile("(?i)tel:(?:\\+[0-9][0-9().-]*|[0-9*#A-F][0-9*#A-F().-]*)(?:;[^\\s<>\"]*)?");
    // ITU-T E.164: at most 15 digits, the country code never starts with 0.
    private static final Pattern E164 = Pattern.compile("\\+?[1-9][0-9]{1,14}");

    private Destination() {}

    /** Null when {@code to} is acceptable, else what is wrong with it. */
    static String problem(String to) {
        if (to.isEmpty()) {
            return "'to' is empty";
        }
        if (to.length() > MAX_LENGTH) {
            return "'to' is longer than " + MAX_LENGTH + " characters";
        }
        if (SIP.matcher(to).matches()
                || TEL.matcher(to).matches()
                || E164.matcher(to).matches()) {
            return null;
        }
        return "'to' must be a sip: or sips: URI, a tel: URI or an E.164 number, got '" + printable(to) + "'";
    }

    static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return cut.replaceAll("[\\p{Cntrl}]", "?");
    }
}
