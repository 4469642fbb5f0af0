package io.dialout.gateway.dialplan;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Validation of the sip:/sips: URIs a client may dial (RFC 3261 section 19.1.1, 25.1), no JAIN-SIP needed. */
final class SipUris {

    /** scheme : [user [: password] @] host [: port] [;params]; no headers ("?"): they do not belong in a Request-URI. */
    private static final Pattern URI = Pattern.compile("(?i)(sips?):(?:([A-Za-z0-9\\-_.!~*'()&=+$,;?/%]+)@)?"
            + "([A-Za-z0-9](?:[A-Za-z0-9\\-.]*[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+])"
            + "(?::([0-9]{1,5}))?"
            + "((?:;[A-Za-z0-9\\-_.!~*'()\\[\\]/:&+$%]+(?:=[A-Za-z0-9\\-_.!~*'()\\[\\]/:&+$%]+)?)*)");

    /**
     * URI parameters a client may set. Others are refused: {@code maddr} (RFC 3261 section 19.1.1) and {@code ttl}
     * send the request somewhere other than the host, {@code method} has no meaning in a Request-URI, and unknown
     * ones may mean something to the next hop that we did not decide on.
     */
    private static final Set<String> PARAMETERS = Set.of("transport", "user", "lr");

    private static final Set<String> TRANSPORTS = Set.of("udp", "tcp", "tls");

    private SipUris() {}

    /** Null when every URI parameter may be dialled, else why not. */
    static String refusedParameter(String params) {
        if (params == null || params.isEmpty()) {
            return null;
        }
        for (String p : params.substring(1).split(";", -1)) {
            int eq = p.indexOf('=');
            String name = (eq < 0 ? p : p.substring(0, eq)).toLowerCase(Locale.ROOT);
            String value = eq < 0 ? null : p.substring(eq + 1).toLowerCase(Locale.ROOT);
            if (!PARAMETERS.contains(name)) {
                return "the URI parameter '" + name + "' is not allowed (only transport, user and lr)";
            }
            if (name.equals("transport") && !TRANSPORTS.contains(String.valueOf(value))) {
                return "the URI parameter transport=" + value + " is not allowed (udp, tcp or tls)";
            }
        }
        return null;
    }

    /**
     * The user part as the callee reads it, for policy decisions: percent-escapes decoded (RFC 3261 section 19.1.2,
     * repeatedly, so a doubly escaped "%252B" is judged as "+"), the user parameters of RFC 4694 and RFC 3966 (";npdi",
     * ";rn=", ";phone-context=", everything from the first ";") dropped, and when what remains is a number, the visual
     * separators too. Null for a malformed escape; "" for a URI without a user part.
     */
    static String policyUser(String user) {
        if (user == null) {
            return "";
        }
        String u = user;
        for (int i = 0; i < 4 && u.indexOf('%') >= 0; i++) {
            String decoded = unescape(u);
            if (decoded == null) {
                return null;
            }
            if (decoded.equals(u)) {
                break;
            }
            u = decoded;
        }
        int semi = u.indexOf(';');
        if (semi >= 0) {
            u = u.substring(0, semi);
        }
        String number = PhoneNumbers.stripVisualSeparators(u);
        return number.matches("\\+?[0-9]+") ? number : u;
    }

    private static String unescape(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    return null;
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A parsed URI: user may be null; params as written (";transport=tcp;user=phone"), possibly empty. */
    record Parsed(String scheme, String user, String host, int port, String params) {
        /** The URI without parameters, for policy checks ("sip:alice@example.com"). */
        String subject() {
            return scheme + ":" + (user == null ? "" : user + "@") + host + (port > 0 ? ":" + port : "");
        }
    }

    /** A SIPS URI (RFC 3261 section 19.1), or a SIP URI with {@code ;transport=tls}: reached over TLS only. */
    static boolean asksForTls(Parsed uri) {
        return uri.scheme().equalsIgnoreCase("sips")
                || (uri.params() + ";").toLowerCase(Locale.ROOT).contains(";transport=tls;");
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
