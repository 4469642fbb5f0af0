package io.dialout.gateway.sip;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who the call says it is from, as sent in the INVITE: From host, an asserted or preferred identity (RFC 3325),
 * Privacy (RFC 3323) and Diversion (RFC 5806). Built by {@link #resolve} from what the dial asked for and what its
 * trunk allows ({@link TrunkIdentity}); every value is checked here first (syntax, length, no CR/LF), and the URIs
 * are parsed again by the stack when the INVITE is built.
 *
 * @param fromHost         From host, or null for the advertised address
 * @param assertedIdentity a SIP/SIPS/tel URI, or null
 * @param identityHeader   {@code P-Asserted-Identity} or {@code P-Preferred-Identity} (null with no identity)
 * @param privacy          the Privacy header value, or null
 * @param diversion        the Diversion header value ({@code <uri>;reason=...;counter=n}), or null
 */
public record CallerIdentity(
        String fromHost, String assertedIdentity, String identityHeader, String privacy, String diversion) {

    /** What a dial asked for (all optional; validated by the API layer with the checks below). */
    public record Requested(
            String fromHost,
            String assertedIdentity,
            String privacy,
            String diversionUri,
            String diversionReason,
            Integer diversionCounter) {
        public static final Requested NONE = new Requested(null, null, null, null, null, null);
    }

    /** The outcome of {@link #resolve}: an identity, or why the trunk refuses what the dial asked for. */
    public record Resolution(CallerIdentity identity, String refusal) {}

    public static final int MAX_URI = 256;
    public static final int MAX_HOST = 253;

    // RFC 3261 section 25.1 SIP-URI without password or headers: user (unreserved, escaped, user-unreserved), host
    // (hostname, IPv4, [IPv6]), port, parameters
    private static final Pattern SIP_URI =
            Pattern.compile("(?i)sips?:(?:[A-Za-z0-9\\-_.!~*'()&=+$,;?/]|%[0-9A-Fa-f]{2})+@"
                    + "(?:[A-Za-z0-9](?:[A-Za-z0-9\\-.]*[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+])(?::[0-9]{1,5})?"
                    + "(?:;[A-Za-z0-9\\-_.!~*'()\\[\\]/:&+$]+(?:=[A-Za-z0-9\\-_.!~*'()\\[\\]/:&+$]+)?)*");
    // RFC 3966 section 3: a global number (visual separators allowed), optional parameters
    private static final Pattern TEL_URI =
            Pattern.compile("(?i)tel:\\+[0-9][0-9\\-.()]{0,31}(?:;[A-Za-z0-9\\-]+(?:=[A-Za-z0-9\\-+.]+)?)*");
    private static final Pattern HOST = Pattern.compile(
            "[A-Za-z0-9](?:[A-Za-z0-9\\-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9\\-]{0,61}[A-Za-z0-9])?)*");
    /** RFC 3323 section 4.2 priv-values, RFC 3325 section 9.3 "id". */
    private static final Set<String> PRIVACY = Set.of("header", "session", "user", "none", "critical", "id");
    /** RFC 5806 section 4 diversion-reason values. */
    public static final Set<String> DIVERSION_REASONS = Set.of(
            "unknown",
            "user-busy",
            "no-answer",
            "unavailable",
            "unconditional",
            "time-of-day",
            "do-not-disturb",
            "deflection",
            "follow-me",
            "out-of-service",
            "away");

    /** Null when {@code uri} is a SIP, SIPS or tel URI we may put in a header, else why not. */
    public static String uriProblem(String uri) {
        if (uri.length() > MAX_URI) {
            return "a URI of at most " + MAX_URI + " characters";
        }
        return SIP_URI.matcher(uri).matches() || TEL_URI.matcher(uri).matches()
                ? null
                : "a sip:, sips: (user@host, no password or headers) or tel:+<number> URI";
    }

    /** Null when {@code host} is a host name or IPv4 address, else why not. */
    public static String hostProblem(String host) {
        return host.length() <= MAX_HOST && HOST.matcher(host).matches()
                ? null
                : "a host name of at most " + MAX_HOST + " characters";
    }

    /** Null when {@code privacy} is a list of RFC 3323/3325 priv-values separated by ';' ("none" alone). */
    public static String privacyProblem(String privacy) {
        String[] values = privacy.toLowerCase(Locale.ROOT).split(";", -1);
        for (String v : values) {
            if (!PRIVACY.contains(v.trim())) {
                return "';'-separated values of id, header, user, session, critical, or none";
            }
        }
        if (values.length > 1 && List.of(values).stream().anyMatch(v -> v.trim().equals("none"))) {
            return "'none' alone";
        }
        return null;
    }

    /**
     * What the INVITE carries for a dial on a trunk. A room may assert (and divert from) only a caller the trunk
     * allows ({@link TrunkIdentity#allowedCallers}), may put a caller in From only when the trunk's list allows it
     * (when the trunk has a list), and may pick only the trunk's From host or one it allows.
     *
     * @param fromUser the From user the call will use (the dial's, else the defaults)
     */
    public static Resolution resolve(Requested r, String fromUser, boolean fromUserRequested, TrunkIdentity trunk) {
        Requested req = r == null ? Requested.NONE : r;
        TrunkIdentity t = trunk == null ? TrunkIdentity.NONE : trunk;
        if (fromUserRequested && !t.allowedCallers().isEmpty() && !allowed(t.allowedCallers(), fromUser)) {
            return refused("the trunk does not allow the caller '" + fromUser + "' in From");
        }
        if (req.fromHost() != null
                && !req.fromHost().equalsIgnoreCase(String.valueOf(t.fromHost()))
                && t.allowedFromHosts().stream()
                        .noneMatch(p -> p.matcher(req.fromHost().toLowerCase(Locale.ROOT))
                                .matches())) {
            return refused("the trunk does not allow the From host '" + req.fromHost() + "'");
        }
        if (req.assertedIdentity() != null) {
            if (t.headerName() == null) {
                return refused("the trunk takes no asserted identity (identity-header=none)");
            }
            if (!allowed(t.allowedCallers(), caller(req.assertedIdentity()))) {
                return refused("the trunk does not allow asserting '" + req.assertedIdentity() + "'");
            }
        }
        String diversion = null;
        if (req.diversionUri() != null) {
            if (!allowed(t.allowedCallers(), caller(req.diversionUri()))) {
                return refused("the trunk does not allow a diversion from '" + req.diversionUri() + "'");
            }
            // RFC 5806 section 4: name-addr, then reason and counter
            diversion = "<" + req.diversionUri() + ">;reason="
                    + (req.diversionReason() == null ? "unknown" : req.diversionReason())
                    + ";counter=" + (req.diversionCounter() == null ? 1 : req.diversionCounter());
        }
        String asserted = req.assertedIdentity() != null ? req.assertedIdentity() : t.assertedIdentity();
        return new Resolution(
                new CallerIdentity(
                        req.fromHost() != null ? req.fromHost() : t.fromHost(),
                        t.headerName() == null ? null : asserted,
                        t.headerName() == null || asserted == null ? null : t.headerName(),
                        req.privacy() != null ? req.privacy().toLowerCase(Locale.ROOT) : t.privacy(),
                        diversion),
                null);
    }

    /**
     * RFC 3323 section 4.1.1.3: a user agent asking for privacy (any value but none) sends an anonymous From; the
     * real identity travels in the asserted identity, which the trust domain withholds from outside it.
     */
    boolean anonymousFrom() {
        return privacy != null && !privacy.equals("none");
    }

    private static Resolution refused(String why) {
        return new Resolution(null, why);
    }

    private static boolean allowed(List<Pattern> patterns, String caller) {
        String c = caller.replaceAll("[\\-.() ]", "");
        return patterns.stream().anyMatch(p -> p.matcher(c).matches());
    }

    /** The caller a URI names: the number of a tel: URI, the user part of a SIP URI (without its parameters). */
    static String caller(String uri) {
        String u = uri.substring(uri.indexOf(':') + 1);
        int at = u.lastIndexOf('@');
        String user = at < 0 ? u : u.substring(0, at);
        int semi = user.indexOf(';');
        return semi < 0 ? user : user.substring(0, semi);
    }
}
