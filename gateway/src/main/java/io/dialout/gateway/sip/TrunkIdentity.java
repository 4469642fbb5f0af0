package io.dialout.gateway.sip;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The caller identity a trunk sends and what a room may claim on it (RFC 3325, RFC 3323, RFC 5806).
 *
 * @param fromUser          From user when the dial gives none; null: the gateway's {@code from-user}
 * @param fromHost          From host; null: the gateway's advertised address
 * @param assertedIdentity  the identity asserted when the dial gives none (a SIP/SIPS/tel URI), or null
 * @param identityHeader    {@code pai} (P-Asserted-Identity: the trunk is in our trust domain, RFC 3325 section 9.1),
 *                          {@code ppi} (P-Preferred-Identity: the trunk asserts it, section 9.2) or {@code none}
 * @param privacy           the Privacy header when the dial gives none (RFC 3323 section 4.2), or null
 * @param allowedCallers    regexes over a caller number or user ({@code +15550100}, visual separators removed):
 *                          the identities a room may assert, divert from, or put in From; empty: none may be
 *                          asserted or diverted from, and From's user is free (the contract's {@code from.user})
 * @param allowedFromHosts  regexes over the From hosts a room may ask for, besides {@code fromHost}
 */
public record TrunkIdentity(
        String fromUser,
        String fromHost,
        String assertedIdentity,
        String identityHeader,
        String privacy,
        List<Pattern> allowedCallers,
        List<Pattern> allowedFromHosts) {

    /** No identity settings: the gateway's defaults, nothing asserted, nothing a room may assert. */
    public static final TrunkIdentity NONE = new TrunkIdentity(null, null, null, "none", null, List.of(), List.of());

    public TrunkIdentity {
        identityHeader = identityHeader == null ? "none" : identityHeader.toLowerCase(Locale.ROOT);
        if (!List.of("pai", "ppi", "none").contains(identityHeader)) {
            throw new IllegalArgumentException("identity-header must be pai, ppi or none: " + identityHeader);
        }
        allowedCallers = allowedCallers == null ? List.of() : List.copyOf(allowedCallers);
        allowedFromHosts = allowedFromHosts == null ? List.of() : List.copyOf(allowedFromHosts);
        String bad = assertedIdentity == null ? null : CallerIdentity.uriProblem(assertedIdentity);
        if (bad == null && fromHost != null) {
            bad = CallerIdentity.hostProblem(fromHost);
        }
        if (bad == null && privacy != null) {
            bad = CallerIdentity.privacyProblem(privacy);
        }
        if (bad != null) {
            throw new IllegalArgumentException(bad);
        }
    }

    /** The header the asserted identity goes in, or null when the trunk takes none. */
    String headerName() {
        return switch (identityHeader) {
            case "pai" -> "P-Asserted-Identity";
            case "ppi" -> "P-Preferred-Identity";
            default -> null;
        };
    }
}
