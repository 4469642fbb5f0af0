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
