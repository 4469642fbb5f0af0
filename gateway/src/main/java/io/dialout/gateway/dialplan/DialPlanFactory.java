package io.dialout.gateway.dialplan;

import io.dialout.gateway.config.DialPlanSettings;
import io.dialout.gateway.sip.RegistrationSpec;
import io.dialout.gateway.sip.Trunk;
import io.dialout.gateway.sip.TrunkIdentity;
import io.dialout.media.CallMediaRequest.SipLegOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Builds the {@link DialPlan} from {@code gateway.dialplan.*} ({@link DialPlanSettings}). */
public final class DialPlanFactory {

    private DialPlanFactory() {}

    /** @throws IllegalArgumentException naming the bad setting */
    public static DialPlan from(DialPlanSettings s) {
        Map<String, Trunk> trunks = new HashMap<>();
        Map<String, SipLegOptions> sipLegs = new HashMap<>();
        s.trunks().forEach((name, t) -> {
            trunks.put(name, trunk(name, t));
            sipLegs.put(name, new SipLegOptions(t.srtp(), t.g711Only(), t.video()));
        });
        List<NumberRule> rules = new ArrayList<>();
        List<DialPlanSettings.RuleSettings> ruleSettings = s.rules().orElse(List.of());
        for (int i = 0; i < ruleSettings.size(); i++) {
            rules.add(rule("gateway.dialplan.rules[" + i + "]", ruleSettings.get(i), i, trunks, s.trunks()));
        }
        List<HostRule> hosts = new ArrayList<>();
        List<DialPlanSettings.HostRuleSettings> hostSettings = s.hosts().orElse(List.of());
        for (int i = 0; i < hostSettings.size(); i++) {
            DialPlanSettings.HostRuleSettings h = hostSettings.get(i);
            hosts.add(new HostRule(h.host(), trunkNamed("gateway.dialplan.hosts[" + i + "]", h.trunk(), trunks)));
        }
        try {
            List<String> deny = new ArrayList<>(s.deny().orElse(List.of()));
            if (s.denyPremiumRate()) {
                AccessPolicy.PREMIUM_RATE_PREFIXES.forEach(p -> deny.add(AccessPolicy.prefixPattern(p)));
            }
            AccessPolicy policy = AccessPolicy.of(s.allow().orElse(List.of()), deny);
            NetworkPolicy network = NetworkPolicy.of(
                    s.allowNetworks().orElse(List.of()), s.denyNetworks().orElse(List.of()));
            NumberFormat numbers = new NumberFormat(
                    s.defaultCountryCode().orElse(null),
                    s.internationalPrefix().orElse(null),
                    s.nationalPrefix().orElse(null));
            return new DialPlan(
                    rules,
                    hosts,
                    policy,
                    numbers,
                    sipLegs,
                    network,
                    HostResolver.system(s.resolveTimeout()),
                    s.directUris());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("gateway.dialplan: " + e.getMessage(), e);
        }
    }

    /**
     * What each trunk with {@code register=true} registers, in name order.
     *
     * @throws IllegalArgumentException naming the bad setting
     */
    public static List<RegistrationSpec> registrations(DialPlanSettings s) {
        List<RegistrationSpec> out = new ArrayList<>();
        new java.util.TreeMap<>(s.trunks()).forEach((name, t) -> {
            if (!t.register()) {
                return;
            }
            String key = "gateway.dialplan.trunks." + name;
            String user = t.registerUser().or(t::username).orElse(null);
            if (user == null) {
                throw new IllegalArgumentException(key + ".register: set register-user or username");
            }
            try {
                out.add(new RegistrationSpec(
                        trunk(name, t),
                        t.registrar().orElse(t.host()),
                        t.registerDomain().orElse(null),
                        user,
                        t.registerExpires(),
                        t.registerRetryMin(),
                        t.registerRetryMax()));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
            }
        });
        return out;
    }

    private static Trunk trunk(String name, DialPlanSettings.TrunkSettings t) {
        try {
            return new Trunk(
                    name,
                    t.transport(),
                    t.outboundProxy().orElse(null),
                    t.username().orElse(null),
                    t.password().orElse(null),
                    t.realm().orElse(null),
                    new TrunkIdentity(
                            t.fromUser().orElse(null),
                            t.fromHost().orElse(null),
                            t.assertedIdentity().orElse(null),
                            t.identityHeader(),
                            t.privacy().orElse(null),
                            t.allowedCallers().orElse(List.of()).stream()
                                    .map(Pattern::compile)
                                    .toList(),
                            t.allowedFromHosts().orElse(List.of()).stream()
                                    .map(Pattern::compile)
                                    .toList()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("gateway.dialplan.trunks." + name + ": " + e.getMessage(), e);
        }
    }

    private static NumberRule rule(
            String key,
            DialPlanSettings.RuleSettings r,
            int index,
            Map<String, Trunk> trunks,
            Map<String, DialPlanSettings.TrunkSettings> settings) {
        Trunk trunk = trunkNamed(key, r.trunk(), trunks);
        String host = settings.get(r.trunk()).host();
        String name = r.name().orElse("rule-" + index);
        if (r.prefix().isPresent() == r.match().isPresent()) {
            throw new IllegalArgumentException(key + ": set exactly one of prefix and match");
        }
        try {
            NumberRule rule = r.prefix().isPresent()
                    ? NumberRule.prefix(name, r.prefix().get(), host, trunk)
                    : NumberRule.regex(name, r.match().get(), host, trunk);
            rule = rule.withStrip(r.strip()).withPrepend(r.prepend());
            return r.userPhone() ? rule.withUserPhone() : rule;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    private static Trunk trunkNamed(String key, String name, Map<String, Trunk> trunks) {
        Trunk t = trunks.get(name);
        if (t == null) {
            throw new IllegalArgumentException(
                    key + ".trunk: no trunk named '" + name + "' in gateway.dialplan.trunks");
        }
        return t;
    }
}
