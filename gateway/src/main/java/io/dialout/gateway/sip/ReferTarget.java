package io.dialout.gateway.sip;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What a Refer-To names (RFC 3515 section 2.1): the URI to send the new INVITE to, and the dialog it replaces when
 * the transfer is attended (RFC 3891 section 3: a {@code Replaces} header embedded in the URI, {@code ?Replaces=...},
 * escaped as RFC 3261 section 19.1.1 says). Other embedded headers are dropped: the transferor does not get to put
 * arbitrary headers into our INVITE.
 *
 * @param uri      the target URI without its header part (its parameters kept)
 * @param replaces the unescaped Replaces value ({@code call-id;to-tag=...;from-tag=...}), or null for a blind
 *                 transfer
 */
public record ReferTarget(String uri, String replaces) {

    /**
     * Parses the URI of a Refer-To header (without the angle brackets).
     *
     * @throws IllegalArgumentException when it is empty, has no scheme, or its Replaces is malformed
     */
    public static ReferTarget parse(String referToUri) {
        if (referToUri == null || referToUri.isBlank()) {
            throw new IllegalArgumentException("empty Refer-To");
        }
        String s = referToUri.strip();
        int colon = s.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("Refer-To has no URI scheme: " + s);
        }
        int q = s.indexOf('?');
        if (q < 0) {
            return new ReferTarget(s, null);
        }
        String uri = s.substring(0, q);
        String replaces = null;
        for (String h : s.substring(q + 1).split("&")) {
            int eq = h.indexOf('=');
            if (eq > 0 && h.substring(0, eq).strip().toLowerCase(Locale.ROOT).equals("replaces")) {
                replaces = unescape(h.substring(eq + 1));
            }
        }
        if (replaces != null && !validReplaces(replaces)) {
            throw new IllegalArgumentException("malformed Replaces in Refer-To: " + replaces);
        }
        return new ReferTarget(uri, replaces);
    }

    /** RFC 3891 section 6.1: a Call-ID with a to-tag and a from-tag; one line, nothing that could end the header. */
    static boolean validReplaces(String value) {
        if (value.isBlank() || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return false;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        return !value.startsWith(";") && lower.contains(";to-tag=") && lower.contains(";from-tag=");
    }

    /** RFC 3261 section 19.1.1: %HH escapes; a '+' is a plus, not a space, in a SIP URI. */
    private static String unescape(String escaped) {
        try {
            return URLDecoder.decode(escaped.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad escape in Refer-To: " + escaped, e);
        }
    }

    /** A Refer-To URI for an attended transfer: {@code uri?Replaces=<escaped value>} (RFC 3891 section 3). */
    public static String withReplaces(String uri, String replaces) {
        StringBuilder out = new StringBuilder(uri).append("?Replaces=");
        for (byte b : replaces.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (Character.isLetterOrDigit(c) && c < 128 || "-_.!~*'()".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
