package io.dialout.gateway.dialplan;

import io.dialout.gateway.sip.Trunk;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Routes E.164 numbers to a trunk: {@code sip:<prepend><digits after strip>@<host>}.
 *
 * @param name    a label (logs, metrics, the {@link Route#rule()})
 * @param match   matched against the whole E.164 number with its "+" ({@code \+1[2-9].*}); see {@link #prefix}
 * @param strip   how many leading digits (after the "+") to drop, e.g. 1 to drop the country code "1"
 * @param prepend what to put before the remaining digits: "+" keeps E.164 (the default), "" sends bare digits,
 *                "011" an international dialling prefix...
 * @param host    the trunk's host[:port] for the Request-URI
 * @param trunk   transport, proxy, credentials
 * @param userPhone add {@code ;user=phone} (RFC 3261 section 19.1.1) to the Request-URI
 */
public record NumberRule(
        String name, Pattern match, int strip, String prepend, String host, Trunk trunk, boolean userPhone) {

    public NumberRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(trunk, "trunk");
        prepend = prepend == null ? "+" : prepend;
        if (strip < 0 || !prepend.matches("[+0-9*#]*")) {
            throw new IllegalArgumentException("bad strip/prepend: " + strip + " " + prepend);
        }
        if (!host.matches("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+](:[0-9]{1,5})?")) {
            throw new IllegalArgumentException("bad trunk host: " + host);
        }
    }

    /** A rule for numbers starting with {@code prefix} ("+1", "+4420"; "+" matches every number). */
    public static NumberRule prefix(String name, String prefix, String host, Trunk trunk) {
        return new NumberRule(name, Pattern.compile(Pattern.quote(prefix) + "[0-9]*"), 0, "+", host, trunk, false);
    }

    /** A rule for numbers matching {@code regex} (the whole number, with its "+"). */
    public static NumberRule regex(String name, String regex, String host, Trunk trunk) {
        return new NumberRule(name, Pattern.compile(regex), 0, "+", host, trunk, false);
    }

    public NumberRule withStrip(int digits) {
        return new NumberRule(name, match, digits, prepend, host, trunk, userPhone);
    }

    public NumberRule withPrepend(String text) {
        return new NumberRule(name, match, strip, text, host, trunk, userPhone);
    }

    public NumberRule withUserPhone() {
        return new NumberRule(name, match, strip, prepend, host, trunk, true);
    }

    boolean matches(String e164) {
        return match.matcher(e164).matches();
    }

    /** The trunk's host without port or brackets. */
    String hostName() {
        if (host.startsWith("[")) {
            return host.substring(0, host.indexOf(']') + 1);
        }
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    /** The Request-URI for {@code e164}. */
    String requestUri(String e164) {
        String digits = e164.substring(1);
        String user = prepend + digits.substring(Math.min(strip, digits.length()));
        return "sip:" + user + "@" + host + (userPhone ? ";user=phone" : "");
    }
}
