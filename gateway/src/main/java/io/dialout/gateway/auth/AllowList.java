package io.dialout.gateway.auth;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The destinations a token allows (its {@code dialout_allow} claim): glob patterns where {@code *} matches any run of
 * characters, compared case-insensitively with the {@code to} of the dial. A number pattern such as {@code +1555*}
 * also matches the same number written as {@code tel:+1555...} or {@code sip:+1555...@host}.
 */
public final class AllowList {

    /** No restriction (auth disabled, or a token without the claim when the claim is optional). */
    public static final AllowList ANY = new AllowList(null);

    private final List<Pattern> patterns;

    private AllowList(List<Pattern> patterns) {
        this.patterns = patterns;
    }

    public static AllowList of(List<String> globs) {
        return new AllowList(globs.stream().map(AllowList::compile).toList());
    }

    public boolean permits(String to) {
        if (patterns == null) {
            return true;
        }
        String lower = to.toLowerCase(Locale.ROOT);
        String number = numberPart(lower);
        for (Pattern p : patterns) {
            if (p.matcher(lower).matches()
                    || number != null && p.matcher(number).matches()) {
                return true;
            }
        }
        return false;
    }

    /** The number of a tel: URI or of the user part of a sip: URI, without visual separators; else null. */
    static String numberPart(String to) {
        String rest;
        if (to.startsWith("tel:")) {
            rest = to.substring(4);
        } else if (to.startsWith("sip:") || to.startsWith("sips:")) {
            int at = to.indexOf('@');
            if (at < 0) {
                return null;
            }
            rest = to.substring(to.indexOf(':') + 1, at);
        } else {
            return null;
        }
        int semi = rest.indexOf(';');
        if (semi >= 0) {
            rest = rest.substring(0, semi);
        }
        // RFC 3966 section 5.1.1: visual separators carry no meaning.
        String n = rest.replaceAll("[-.()]", "");
        return n.matches("\\+?[0-9*#a-f]+") ? n : null;
    }

    private static Pattern compile(String glob) {
        String[] parts = glob.toLowerCase(Locale.ROOT).split("\\*", -1);
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                re.append(".*");
            }
            re.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(re.toString());
    }
}
