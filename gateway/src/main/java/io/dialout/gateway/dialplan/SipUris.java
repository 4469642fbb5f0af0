package io.dialout.gateway.dialplan;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Validation of the sip:/sips: URIs a client may dial (RFC 3261 section 19.1.1, 25.1), no JAIN-SIP needed. */
final class SipUris {

    /** scheme : [user [: password] @] host [: port] [;params]; no headers ("?"): they do not belong in a Request-URI. */
    private static final Pattern URI = Pattern.compile("(?i)(sips?):(?:([A-Za-z0-9\\-_.!~*'()&=+$,;?/%]+)@)?"
            + "([A-Za-z0-9](?:[A-Za-z0-9\\-.]*[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+])"
            + "(?::([0-9]{1,5}))?"
            + "((?:;[A-Za-z0-9\\-_.!~*'()\\[\\]/:&+$%]+(?:=[A-Za-z0-9\\-_.!~*'()\\[\\]/:&+$%]+)?)*)");

    private SipUris() {}

    /** A parsed URI: user may be null; params as written (";transport=tcp;user=phone"), possibly empty. */
    record Parsed(String scheme, String user, String host, int port, String params) {
        /** The URI without parameters, for policy checks ("sip:alice@example.com"). */
        String subject() {
            return scheme + ":" + (user == null ? "" : user + "@") + host + (port > 0 ? ":" + port : "");
        }
    }

    static boolean isSipUri(String s) {
        String l = s.toLowerCase(Locale.ROOT);
        return l.startsWith("sip:") || l.startsWith("sips:");
    }

    /** The parsed URI, or null when it is not one we accept. */
    static Parsed parse(String s) {
        Matcher m = URI.matcher(s.trim());
        if (!m.matches()) {
            return null;
        }
        String user = m.group(2);
        if (user != null && user.indexOf(':') >= 0) {
            return null; // RFC 3261 section 19.1.1: a password in a URI is NOT RECOMMENDED; we refuse it
        }
        int port = m.group(4) == null ? -1 : Integer.parseInt(m.group(4));
        if (port == 0 || port > 65535) {
            return null;
        }
        return new Parsed(m.group(1).toLowerCase(Locale.ROOT), user, m.group(3), port, m.group(5));
    }
}
