package io.dialout.gateway.config;

import io.dialout.gateway.call.Router;
import io.dialout.gateway.dialplan.AccessPolicy;
import io.dialout.gateway.dialplan.DialPlan;
import io.dialout.gateway.dialplan.HostRule;
import io.dialout.gateway.dialplan.NumberFormat;
import io.dialout.gateway.dialplan.NumberRule;
import io.dialout.gateway.dialplan.Refusal;
import io.dialout.gateway.dialplan.Route;
import io.dialout.gateway.sip.Trunk;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The call layer's {@link Router} over the sip helper's {@link DialPlan}, built from {@link DialPlanSettings}. */
public final class DialPlanRouter implements Router {

    private final DialPlan plan;
    private final Map<String, DialPlanSettings.TrunkSettings> trunkOptions;

    private DialPlanRouter(DialPlan plan, Map<String, DialPlanSettings.TrunkSettings> trunkOptions) {
        this.plan = plan;
        this.trunkOptions = trunkOptions;
    }

    /** @throws IllegalArgumentException naming the bad setting */
    public static DialPlanRouter from(DialPlanSettings s) {
        Map<String, Trunk> trunks = new HashMap<>();
        s.trunks().forEach((name, t) -> trunks.put(name, trunk(name, t)));
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
            AccessPolicy policy =
                    AccessPolicy.of(s.allow().orElse(List.of()), s.deny().orElse(List.of()));
            NumberFormat numbers = new NumberFormat(
                    s.defaultCountryCode().orElse(null),
                    s.internationalPrefix().orElse(null),
                    s.nationalPrefix().orElse(null));
            return new DialPlanRouter(new DialPlan(rules, hosts, policy, numbers), Map.copyOf(s.trunks()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("gateway.dialplan: " + e.getMessage(), e);
        }
    }

    @Override
    public Router.Routing route(String to) {
        io.dialout.gateway.dialplan.Routing r = plan.route(to);
        if (r instanceof Route route) {
            DialPlanSettings.TrunkSettings options =
                    trunkOptions.get(route.trunk().name());
            return options == null
                    ? new Routed(route.requestUri(), route.trunk(), false, false, true)
                    : new Routed(
                            route.requestUri(), route.trunk(), options.g711Only(), options.srtp(), options.video());
        }
        Refusal refusal = (Refusal) r;
        // INVALID is a destination the message check let through but the dial plan cannot parse: a bad request.
        return new Refused(refusal.reason(), refusal.kind() == Refusal.Kind.INVALID);
    }

    private static Trunk trunk(String name, DialPlanSettings.TrunkSettings t) {
        try {
            return new Trunk(
                    name,
                    t.transport(),
                    t.outboundProxy().orElse(null),
                    t.username().orElse(null),
                    t.password().orElse(null),
                    t.realm().orElse(null));
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
