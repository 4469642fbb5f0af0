package io.dialout.gateway.dialplan;

import io.dialout.gateway.sip.Trunk;
import io.dialout.media.CallMediaRequest.SipLegOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a dial's {@code to} into a {@link Route} or a {@link Refusal}. Pure and immutable: safe to share.
 *
 * <ul>
 *   <li>{@code sip:} / {@code sips:} URIs are validated (no URI headers, no password) and passed through unchanged;
 *       the first {@link HostRule} matching the host gives the trunk, else a direct trunk (UDP, or TCP when the URI
 *       says {@code ;transport=tcp}).</li>
 *   <li>{@code tel:} URIs and bare numbers are normalised to E.164 ({@link PhoneNumbers}) and routed by the first
 *       matching {@link NumberRule}; none matching is {@link Refusal.Kind#NO_ROUTE}.</li>
 *   <li>The {@link AccessPolicy} is applied to the number and/or the URI; a refusal is {@link Refusal.Kind#DENIED}.</li>
 *   <li>The route carries its trunk's SIP-leg options (SRTP, G.711 only, video); a trunk without any, such as the
 *       direct one, gets {@link SipLegOptions#DEFAULT}.</li>
 * </ul>
 */
public final class DialPlan implements Router {

    private final List<NumberRule> numberRules;
    private final List<HostRule> hostRules;
    private final AccessPolicy policy;
    private final NumberFormat numbers;
    private final Map<String, SipLegOptions> sipLegs;

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
        this.numberRules = List.copyOf(Objects.requireNonNull(numberRules, "numberRules"));
        this.hostRules = List.copyOf(Objects.requireNonNull(hostRules, "hostRules"));
        this.policy = policy == null ? AccessPolicy.allowAll() : policy;
        this.numbers = numbers == null ? NumberFormat.e164Only() : numbers;
        this.sipLegs = Map.copyOf(Objects.requireNonNull(sipLegs, "sipLegs"));
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
        List<String> subjects = new ArrayList<>();
        subjects.add(uri.subject());
        if (uri.user() != null && uri.user().startsWith("+")) {
            try {
                subjects.add(PhoneNumbers.normalize(uri.user(), numbers)); // a deny on numbers covers URIs too
            } catch (PhoneNumbers.InvalidNumberException notANumber) {
                // a user part like "+alice": only the URI is checked
            }
        }
        String denied = policy.check(subjects);
        if (denied != null) {
            return new Refusal(Refusal.Kind.DENIED, denied);
        }
        for (HostRule rule : hostRules) {
            if (rule.matches(uri.host())) {
                return route(to, rule.trunk(), null, "host " + rule.host());
            }
        }
        String transport = uri.params().toLowerCase(Locale.ROOT).contains(";transport=tcp") ? "tcp" : "udp";
        return route(to, Trunk.direct("direct", transport), null, "sip-uri");
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
        return new Route(uri, trunk, number, rule, sipLegs.getOrDefault(trunk.name(), SipLegOptions.DEFAULT));
    }
}
