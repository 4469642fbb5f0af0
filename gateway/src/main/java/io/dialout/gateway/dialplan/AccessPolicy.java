package io.dialout.gateway.dialplan;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which destinations may be dialled. Patterns match the whole subject: the E.164 number ("+15551234567") and/or the
 * SIP URI without parameters ("sip:alice@example.com"). A destination is refused when any subject matches a deny
 * pattern (deny wins), or when allow patterns exist and no subject matches one.
 */
public record AccessPolicy(List<Pattern> allow, List<Pattern> deny) {

    public AccessPolicy {
        allow = allow == null ? List.of() : List.copyOf(allow);
        deny = deny == null ? List.of() : List.copyOf(deny);
    }

    /**
     * Premium-rate and other high-cost prefixes denied by default (revenue-share fraud targets): NANP 900/976, UK 09,
     * 070 and 087, the 0900-style ranges of DE, AT, CH, NL, BE, NZ, FR 089, IT 89, ES 80x/905, AU 190, and the
     * international networks and satellite codes +870, +881, +882, +883. A starting list, not a tariff database:
     * operators add their own with {@code deny}.
     */
    public static final List<String> PREMIUM_RATE_PREFIXES = List.of(
            "+1900", "+1976", "+449", "+4470", "+4487", "+49900", "+49137", "+43900", "+43930", "+43939", "+4190",
            "+3190", "+3290", "+64900", "+3389", "+3989", "+34803", "+34806", "+34807", "+34905", "+61190", "+870",
            "+881", "+882", "+883");

    /** The deny regex for a number prefix ("+1900" -> numbers starting with it). */
    public static String prefixPattern(String prefix) {
        return Pattern.quote(prefix) + "[0-9]*";
    }

    public static AccessPolicy allowAll() {
        return new AccessPolicy(List.of(), List.of());
    }

    /** From regex strings. */
    public static AccessPolicy of(List<String> allow, List<String> deny) {
        return new AccessPolicy(
                allow.stream().map(Pattern::compile).toList(),
                deny.stream().map(Pattern::compile).toList());
    }

    /** Null when allowed, else why not. */
    String check(List<String> subjects) {
        for (Pattern p : deny) {
            for (String s : subjects) {
                if (p.matcher(s).matches()) {
                    return "destination denied by policy (" + p.pattern() + ")";
                }
            }
        }
        if (allow.isEmpty()) {
            return null;
        }
        for (Pattern p : allow) {
            for (String s : subjects) {
                if (p.matcher(s).matches()) {
                    return null;
                }
            }
        }
        return "destination not in the allowed list";
    }
}
