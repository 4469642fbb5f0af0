package io.dialout.gateway.dialplan;

import io.dialout.gateway.sip.TargetPolicy;
import io.dialout.gateway.sip.Trunk;
import io.dialout.media.CallMediaRequest.SipLegOptions;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns a dial's {@code to} into a {@link Route} or a {@link Refusal}. Immutable and safe to share; pure except for
 * the DNS lookups of {@link HostResolver}.
 *
 * <ul>
 *   <li>{@code sip:} / {@code sips:} URIs are validated (no URI headers, no password, no parameter but transport,
 *       user and lr) and passed through unchanged; the first {@link HostRule} matching the host gives the trunk,
 *       else, when direct URIs are allowed, a direct trunk (UDP, or TCP when the URI says {@code ;transport=tcp}, TLS
 *       for a {@code sips:} URI or {@code ;transport=tls}). A {@code sips:}/TLS URI whose host rule names a trunk
 *       that is not TLS is refused, never downgraded; every TLS route offers SDES-SRTP.</li>
 *   <li>{@code tel:} URIs and bare numbers are normalised to E.164 ({@link PhoneNumbers}) and routed by the first
 *       matching {@link NumberRule}; none matching is {@link Refusal.Kind#NO_ROUTE}.</li>
 *   <li>The {@link AccessPolicy} decides on normalised subjects, never on the spelling: a SIP URI's user part is
 *       unescaped and stripped of its parameters and separators, and a number in it is judged under every reading a
 *       callee may give it ("+", the configured international prefix, "00", "011", the national format); its host is
 *       lower-cased. A refusal is {@link Refusal.Kind#DENIED}.</li>
 *   <li>Where the client chooses the host (direct URIs, wildcard host rules without an outbound proxy), the
 *       {@link NetworkPolicy} decides on the addresses the host means: literals in all their spellings, names
 *       through the {@link HostResolver}; every address must be allowed. Hosts of configured trunks are the
 *       operator's choice and are not checked.</li>
 *   <li>The route carries its trunk's SIP-leg options (SRTP, G.711 only, video); a trunk without any, such as the
 *       direct one, gets {@link SipLegOptions#DEFAULT}.</li>
 * </ul>
 */
public final class DialPlan implements Router, TargetPolicy {

    /** International dialling prefixes in wide use (ITU-T E.164 Supplement 2): "00" in most countries, "011" in NANP. */
    private static final List<String> INTERNATIONAL_PREFIXES = List.of("00", "011");

    private final List<NumberRule> numberRules;
    private final List<HostRule> hostRules;
    private final AccessPolicy policy;
    private final NumberFormat numbers;
    private final Map<String, SipLegOptions> sipLegs;
    private final NetworkPolicy network;
    private final HostResolver resolver;
    private final boolean directUris;

    /** Direct URIs allowed, public addresses only, the system resolver with a 2 s timeout. */
    public DialPlan(List<NumberRule> numberRules, List<HostRule> hostRules, AccessPolicy policy, NumberFormat numbers) {
        this(numberRules, hostRules, policy, numbers, Map.of());
    }

    /** @param sipLegs how the SIP leg is offered, by trunk name */
    public DialPlan(
            List<NumberRule> numberRules,
            List<HostRule> hostRules,
            AccessPolicy policy,
            NumberFormat numbers,
            Map<String, SipLegOptions> sipLegs) {
        this(
                numberRules,
                hostRules,
                policy,
                numbers,
                sipLegs,
                NetworkPolicy.defaults(),
                HostResolver.system(java.time.Duration.ofSeconds(2)),
                true);
    }

    /**
     * @param sipLegs    how the SIP leg is offered, by trunk name
     * @param network    where signalling may go when the client picks the host
     * @param resolver   DNS for host names the client picks
     * @param directUris when false, only SIP URIs matching a {@link HostRule} (and numbers) may be dialled
     */
    public DialPlan(
            List<NumberRule> numberRules,
            List<HostRule> hostRules,
            AccessPolicy policy,
            NumberFormat numbers,
            Map<String, SipLegOptions> sipLegs,
            NetworkPolicy network,
            HostResolver resolver,
            boolean directUris) {
        this.numberRules = List.copyOf(Objects.requireNonNull(numberRules, "numberRules"));
        this.hostRules = List.copyOf(Objects.requireNonNull(hostRules, "hostRules"));
        this.policy = policy == null ? AccessPolicy.allowAll() : policy;
        this.numbers = numbers == null ? NumberFormat.e164Only() : numbers;
        this.sipLegs = Map.copyOf(Objects.requireNonNull(sipLegs, "sipLegs"));
        this.network = network == null ? NetworkPolicy.defaults() : network;
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.directUris = directUris;
    }

    @Override
    public Routing route(String to) {
        if (to == null || to.isBlank()) {
            return new Refusal(Refusal.Kind.INVALID, "empty destination");
        }
        String t = to.trim();
        if (SipUris.isSipUri(t)) {
            return routeSipUri(t);
        }
        if (t.regionMatches(true, 0, "tel:", 0, 4) || PhoneNumbers.looksLikeNumber(t)) {
            return routeNumber(t);
        }
        return new Refusal(Refusal.Kind.INVALID, "not a sip:, sips: or tel: URI or a phone number: " + t);
    }

    private Routing routeSipUri(String to) {
        SipUris.Parsed uri = SipUris.parse(to);
        if (uri == null) {
            return new Refusal(
                    Refusal.Kind.INVALID, "malformed SIP URI (headers and passwords are not allowed): " + to);
        }
        String badParameter = SipUris.refusedParameter(uri.params());
        if (badParameter != null) {
            return new Refusal(Refusal.Kind.INVALID, badParameter);
        }
        String user = SipUris.policyUser(uri.user());
        if (user == null) {
            return new Refusal(Refusal.Kind.INVALID, "malformed percent-escape in the user part: " + to);
        }
        HostRule rule = hostRules.stream()
                .filter(r -> r.matches(uri.host()))
                .findFirst()
                .orElse(null);
        if (rule == null && !directUris) {
            return new Refusal(
                    Refusal.Kind.DENIED, "only configured trunks may be dialled (gateway.dialplan.direct-uris=false)");
        }
        // the client picks where the request goes: a direct URI, or a wildcard rule's host without a proxy in front
        boolean clientChosen = rule == null || rule.isWildcard() && rule.trunk().outboundProxy() == null;
        List<InetAddress> addresses = HostAddresses.literal(uri.host());
        if (clientChosen) {
            Addresses resolved = addresses(uri.host());
            if (resolved.refusal() != null) {
                return new Refusal(Refusal.Kind.DENIED, resolved.refusal());
            }
            addresses = resolved.addresses();
        }
        String denied = policy.check(subjects(uri, user, addresses));
        if (denied != null) {
            return new Refusal(Refusal.Kind.DENIED, denied);
        }
        if (clientChosen) {
            String refused = refuseAddresses(uri.host(), addresses);
            if (refused != null) {
                return new Refusal(Refusal.Kind.DENIED, refused);
            }
        }
        boolean secure = SipUris.asksForTls(uri);
        if (rule != null) {
            if (secure && !rule.trunk().isTls()) {
                // RFC 3261 section 26.2.2: never downgrade a SIPS (or transport=tls) destination to plaintext
                return new Refusal(
                        Refusal.Kind.NO_ROUTE,
                        "a sips: or transport=tls destination needs a TLS trunk; trunk "
                                + rule.trunk().name() + " is " + rule.trunk().transport());
            }
            return route(to, rule.trunk(), null, "host " + rule.host());
        }
        String transport =
                secure ? "tls" : uri.params().toLowerCase(Locale.ROOT).contains(";transport=tcp") ? "tcp" : "udp";
        return route(to, Trunk.direct("direct", transport), null, "sip-uri");
    }

    /**
     * What the policy sees of a SIP URI: as written (without parameters), normalised (unescaped user, lower-case
     * host, and the host as each address it means), and for a numeric user part each E.164 number it may be read
     * as.
     */
    private List<String> subjects(SipUris.Parsed uri, String user, List<InetAddress> addresses) {
        Set<String> subjects = new LinkedHashSet<>();
        subjects.add(uri.subject());
        String host = uri.host().toLowerCase(Locale.ROOT) + (uri.port() > 0 ? ":" + uri.port() : "");
        subjects.add(uri.scheme() + ":" + (user.isEmpty() ? "" : user + "@") + host);
        String port = uri.port() > 0 ? ":" + uri.port() : "";
        for (InetAddress a : addresses == null ? List.<InetAddress>of() : addresses) {
            String literal = a instanceof java.net.Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
            subjects.add(uri.scheme() + ":" + (user.isEmpty() ? "" : user + "@") + literal + port);
        }
        for (String number : numberReadings(user)) {
            subjects.add(number);
            subjects.add(uri.scheme() + ":" + number + "@" + host);
        }
        return List.copyOf(subjects);
    }

    /** The E.164 numbers a dialled user part may mean to the callee, whose numbering plan we do not know. */
    private List<String> numberReadings(String user) {
        if (!user.matches("\\+?[0-9]+")) {
            return List.of();
        }
        Set<String> readings = new LinkedHashSet<>();
        if (user.startsWith("+")) {
            readings.add(user);
            return List.copyOf(readings);
        }
        List<String> prefixes = new ArrayList<>(INTERNATIONAL_PREFIXES);
        if (numbers.internationalPrefix() != null
                && !numbers.internationalPrefix().isEmpty()) {
            prefixes.add(0, numbers.internationalPrefix());
        }
        for (String prefix : prefixes) {
            if (user.startsWith(prefix) && user.length() > prefix.length()) {
                readings.add("+" + user.substring(prefix.length()));
            }
        }
        try {
            readings.add(PhoneNumbers.normalize(user, numbers));
        } catch (PhoneNumbers.InvalidNumberException noNationalReading) {
            // no default country code, or not a valid number: the other readings stand
        }
        return List.copyOf(readings);
    }

    /** The addresses a host means, or why it cannot be judged. */
    private record Addresses(List<InetAddress> addresses, String refusal) {}

    private Addresses addresses(String host) {
        List<InetAddress> addresses = HostAddresses.literal(host);
        if (addresses != null) {
            return addresses.isEmpty()
                    ? new Addresses(List.of(), "not an address: " + host)
                    : new Addresses(addresses, null);
        }
        try {
            // a name that does not exist has no address to judge and reaches nothing: the call ends unreachable,
            // as for any other host that does not answer (a policy refusal would tell the room which names exist)
            return new Addresses(resolver.resolve(host.toLowerCase(Locale.ROOT)), null);
        } catch (UnknownHostException e) {
            // fail closed: a lookup that did not finish cannot be judged (the SIP stack would look it up later)
            return new Addresses(List.of(), "cannot resolve " + host + " to judge it");
        }
    }

    /** Null when every address may be dialled, else why not. */
    private String refuseAddresses(String host, List<InetAddress> addresses) {
        for (InetAddress a : addresses) {
            String why = network.refuse(a);
            if (why != null) {
                return "destination " + host + ": " + why;
            }
        }
        return null;
    }

    /** Null when every address {@code host} means may be dialled, else why not. */
    private String refuseHost(String host) {
        Addresses a = addresses(host);
        return a.refusal() != null ? a.refusal() : refuseAddresses(host, a.addresses());
    }

    /**
     * Null when a request inside the dialog of a call to {@code dialledUri} may be sent to {@code host} (from the
     * callee's Contact or Record-Route, RFC 3261 section 12.1.2), else why not. The host the INVITE was sent to is
     * always allowed; any other goes through the same address checks as a dialled host, so a callee cannot point the
     * ACK or BYE at the gateway's own network. A {@code maddr} in the target is refused.
     *
     * @param dialledUri the Request-URI of the INVITE (from {@link Route#requestUri()})
     * @param targetUri  the URI the SIP layer is about to send to (remote target, or first route)
     */
    @Override
    public String refuseInDialogTarget(String dialledUri, String targetUri) {
        SipUris.Parsed target = SipUris.parse(targetUri);
        if (target == null) {
            return "malformed in-dialog target " + targetUri;
        }
        if (target.params().toLowerCase(Locale.ROOT).contains(";maddr=")) {
            return "an in-dialog target with maddr is not followed: " + targetUri;
        }
        SipUris.Parsed dialled = SipUris.parse(dialledUri);
        if (dialled != null && dialled.host().equalsIgnoreCase(target.host())) {
            return null;
        }
        for (HostRule rule : hostRules) {
            if (!rule.isWildcard() && rule.matches(target.host())) {
                return null;
            }
        }
        for (NumberRule rule : numberRules) {
            if (rule.hostName().equalsIgnoreCase(target.host()) || isProxyHost(rule.trunk(), target.host())) {
                return null;
            }
        }
        for (HostRule rule : hostRules) {
            if (isProxyHost(rule.trunk(), target.host())) {
                return null;
            }
        }
        return refuseHost(target.host());
    }
    /**
     * A 3xx Contact (RFC 3261 section 8.1.3.4) goes through the same checks as a dialled SIP URI, and must route to the
     * trunk the call went through (its transport, proxy and credentials are the ones in use). A target on the host
     * of a number rule of that trunk (the carrier redirecting to another of its numbers) is judged by the allow/deny
     * policy on every reading of its user part, as the dialled number was.
     */
    @Override
    public String refuseRedirect(String dialledUri, String targetUri, Trunk trunk) {
        SipUris.Parsed target = SipUris.parse(targetUri);
        if (target == null) {
            return "malformed redirect target";
        }
        for (NumberRule rule : numberRules) {
            String host = rule.hostName();
            if (rule.trunk().name().equals(trunk.name()) && host.equalsIgnoreCase(target.host())) {
                String bad = SipUris.refusedParameter(target.params());
                String user = SipUris.policyUser(target.user());
                if (bad != null || user == null) {
                    return bad != null ? bad : "malformed percent-escape in the user part";
                }
                return policy.check(subjects(target, user, HostAddresses.literal(target.host())));
            }
        }
        Routing routing = route(targetUri);
        if (routing instanceof Refusal refusal) {
            return refusal.reason();
        }
        Route route = (Route) routing;
        return route.trunk().name().equals(trunk.name())
                ? null
                : "it routes to another trunk (" + route.trunk().name() + ") than the call's (" + trunk.name() + ")";
    }

    /**
     * An address DNS gave for the target's domain (RFC 3263): where the client chose the host (a direct URI, a
     * wildcard host rule without a proxy), the same address checks as a dialled host; for a configured trunk's
     * domain, the denied ranges.
     */
    @Override
    public String refuseServer(String host, InetAddress address, Trunk trunk) {
        boolean clientChosen = trunk.name().equals("direct")
                || trunk.outboundProxy() == null
                        && hostRules.stream()
                                .anyMatch(
                                        r -> r.isWildcard() && r.trunk().name().equals(trunk.name()));
        String why = clientChosen ? network.refuse(address) : network.refuseDenied(address);
        return why == null ? null : "destination " + host + ": " + why;
    }

    /** The trunk's outbound proxy ("host[:port]" or "sip:host[:port]") is on {@code host}. */
    private static boolean isProxyHost(Trunk trunk, String host) {
        String proxy = trunk.outboundProxy();
        if (proxy == null) {
            return false;
        }
        SipUris.Parsed p = SipUris.parse(SipUris.isSipUri(proxy) ? proxy : "sip:" + proxy);
        return p != null && p.host().equalsIgnoreCase(host);
    }

    private Routing routeNumber(String to) {
        String e164;
        try {
            e164 = PhoneNumbers.normalize(to, numbers);
        } catch (PhoneNumbers.InvalidNumberException e) {
            return new Refusal(Refusal.Kind.INVALID, e.getMessage());
        }
        String denied = policy.check(List.of(e164));
        if (denied != null) {
            return new Refusal(Refusal.Kind.DENIED, denied);
        }
        for (NumberRule rule : numberRules) {
            if (rule.matches(e164)) {
                String uri = rule.requestUri(e164);
                // the policy also sees the final URI, so a deny on a trunk host holds for numbers
                String deniedUri = policy.deny().isEmpty()
                        ? null
                        : new AccessPolicy(List.of(), policy.deny()).check(List.of(uri.split(";", 2)[0]));
                if (deniedUri != null) {
                    return new Refusal(Refusal.Kind.DENIED, deniedUri);
                }
                return route(uri, rule.trunk(), e164, rule.name());
            }
        }
        return new Refusal(Refusal.Kind.NO_ROUTE, "no route for " + e164);
    }

    private Route route(String uri, Trunk trunk, String number, String rule) {
        SipLegOptions leg = sipLegs.getOrDefault(trunk.name(), SipLegOptions.DEFAULT);
        if (trunk.isTls() && !leg.srtp()) {
            // SDES keys travel in the SDP, so they are only as safe as the signalling: a TLS leg is always SRTP
            // (RFC 4568 section 8.3), and its media never goes out as plain RTP/AVP
            leg = new SipLegOptions(true, leg.g711Only(), leg.video());
        }
        return new Route(uri, trunk, number, rule, leg);
    }
}
