package io.dialout.gateway.dialplan;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.gateway.sip.Trunk;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dial policy decides on what a destination means, not on how it is spelt (issue 14, item 4). Each row is a
 * bypass that got through when the policy matched strings: an INVITE went out for all of them.
 */
class DialPlanBypassTest {

    static final Trunk CARRIER = Trunk.direct("carrier", "udp");

    /**
     * A fixed DNS: the names the table uses; "nxdomain.example" does not exist, any other name times out (no lookup
     * leaves the test).
     */
    static final HostResolver DNS = name -> {
        if (name.equals("nxdomain.example")) {
            return List.of();
        }
        Map<String, String> zone = Map.of(
                "carrier.example", "203.0.113.5",
                "public.example", "198.51.100.7",
                "internal.example", "10.1.2.3",
                "metadata.example", "169.254.169.254",
                "rebind.example", "203.0.113.9",
                "localhost", "127.0.0.1");
        String a = zone.get(name);
        if (a == null) {
            throw new UnknownHostException(name);
        }
        List<InetAddress> all = new java.util.ArrayList<>(List.of(InetAddress.getByName(a)));
        if (name.equals("rebind.example")) {
            all.add(InetAddress.getByName("127.0.0.1")); // one public and one loopback record
        }
        return all;
    };

    /** The configuration: string denies on an address, a name and the premium-rate range. */
    static DialPlan plan(NetworkPolicy network, boolean directUris) {
        return new DialPlan(
                List.of(NumberRule.prefix("all", "+", "carrier.example", CARRIER)),
                List.of(),
                AccessPolicy.of(List.of(), List.of("sip:.*@127\\.0\\.0\\.2(:.*)?", "sip:.*@localhost", "[+]1900.*")),
                new NumberFormat("1", "011", null),
                Map.of(),
                network,
                DNS,
                directUris);
    }

    static final DialPlan PLAN = plan(NetworkPolicy.defaults(), true);

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                // the address 127.0.0.2 in other spellings, or reached through maddr (RFC 3261 section 19.1.1)
                "sip:bob@203.0.113.5;maddr=127.0.0.2",
                "sip:bob@203.0.113.5;MADDR=127.0.0.2",
                "sip:bob@127.2",
                "sip:bob@2130706434",
                "sip:bob@127.000.000.002",
                "sip:bob@0x7f.0.0.2",
                "sip:bob@0177.0.0.2",
                "sip:bob@[::ffff:127.0.0.2]",
                "sip:bob@[::ffff:7f00:2]",
                "sip:bob@[64:ff9b::7f00:2]",
                "sip:bob@[2002:7f00:2::1]",
                "sip:bob@127.0.0.2.",
                // the name in other case, and names that resolve into the gateway's networks
                "sip:bob@LOCALHOST",
                "sip:bob@LocalHost:5060",
                "sip:bob@internal.example",
                "sip:bob@metadata.example",
                "sip:bob@rebind.example",
                "sip:bob@unresolvable.example", // the lookup timed out: cannot be judged
                // special ranges refused by default: metadata, link-local, private, this-host, multicast
                "sip:bob@169.254.169.254",
                "sip:bob@[fe80::1]",
                "sip:bob@[fd00:ec2::254]",
                "sip:bob@10.0.0.1",
                "sip:bob@192.168.1.1",
                "sip:bob@172.16.0.1",
                "sip:bob@100.64.0.1",
                "sip:bob@0.0.0.0",
                "sip:bob@0",
                "sip:bob@224.0.0.1",
                "sip:bob@[::1]",
                // the premium-rate deny [+]1900.* reached through escapes, user parameters and dialling prefixes
                "sip:%2B19005551234@carrier.example",
                "sip:%252B19005551234@carrier.example",
                "sip:+19005551234;npdi@carrier.example",
                "sip:+19005551234;rn=+15551230000;npdi@carrier.example",
                "sip:+1-900-555-1234@carrier.example",
                "sip:+1(900)555.1234@carrier.example",
                "sip:01119005551234@carrier.example",
                "sip:0019005551234@carrier.example",
                "sip:9005551234@carrier.example", // national reading with the default country code 1
                "tel:011-1-900-555-1234",
                "01119005551234",
                // URI parameters and headers that redirect or that we did not decide on
                "sip:bob@carrier.example?Route=%3Csip:127.0.0.2%3E",
                "sip:bob@carrier.example;lr?Route=%3Csip:127.0.0.2%3E",
                "sip:bob@carrier.example;ttl=1",
                "sip:bob@carrier.example;method=REGISTER",
                "sip:bob@carrier.example;transport=sctp",
            })
    void isRefused(String to) {
        Routing r = PLAN.route(to);
        assertThat(r).as(to).isInstanceOf(Refusal.class);
        assertThat(((Refusal) r).kind()).as(to).isNotEqualTo(Refusal.Kind.NO_ROUTE);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "sip:bob@203.0.113.5",
                "sip:bob@carrier.example;transport=tcp",
                "sip:+15551234567;npdi@carrier.example;user=phone",
                "sip:bob@public.example:5070",
                "sip:bob@[2001:db8::1]",
                "sip:bob@nxdomain.example", // no address: reaches nothing, ends unreachable like any dead host
                "+15551234567",
                "01115551234567"
            })
    void publicDestinationsStillRoute(String to) {
        assertThat(PLAN.route(to)).as(to).isInstanceOf(Route.class);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "sip:bob@127.0.0.1:5080,   true",
        "sip:bob@[::ffff:127.0.0.1],true",
        "sip:bob@127.0.0.2,        false", // the string deny still holds
        "sip:bob@2130706434,       false", // ...whatever the spelling
        "sip:bob@10.0.0.1,         false", // only loopback was opened
        "sip:bob@203.0.113.7,      false", // explicitly denied range
    })
    void configuredRangesOpenAndClose(String to, boolean routed) {
        DialPlan lab = plan(NetworkPolicy.of(List.of("127.0.0.0/8"), List.of("203.0.113.0/28")), true);
        assertThat(lab.route(to) instanceof Route).as(to).isEqualTo(routed);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sip:bob@203.0.113.5", "sip:bob@public.example"})
    void withoutDirectUrisOnlyTrunksAreDialled(String to) {
        DialPlan production = new DialPlan(
                List.of(NumberRule.prefix("all", "+", "carrier.example", CARRIER)),
                List.of(new HostRule("pbx.example", CARRIER)),
                AccessPolicy.allowAll(),
                NumberFormat.e164Only(),
                Map.of(),
                NetworkPolicy.defaults(),
                DNS,
                false);
        assertThat(production.route(to)).isInstanceOf(Refusal.class);
        assertThat(((Refusal) production.route(to)).kind()).isEqualTo(Refusal.Kind.DENIED);
        assertThat(production.route("sip:alice@pbx.example")).isInstanceOf(Route.class);
        assertThat(production.route("+15551234567")).isInstanceOf(Route.class);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sip:bob@internal.example", "sip:bob@10.9.9.9.carrier.example"})
    void aWildcardHostRuleWithoutProxyChecksTheAddress(String to) {
        DialPlan p = new DialPlan(
                List.of(),
                List.of(new HostRule("*.example", CARRIER)),
                AccessPolicy.allowAll(),
                NumberFormat.e164Only(),
                Map.of(),
                NetworkPolicy.defaults(),
                DNS,
                false);
        assertThat(p.route(to)).isInstanceOf(Refusal.class);
        assertThat(p.route("sip:bob@public.example")).isInstanceOf(Route.class);
    }

    @ParameterizedTest(name = "{1} after dialling {0}: {2}")
    @CsvSource({
        // the callee's Contact / Record-Route (RFC 3261 section 12.1.2) decides where ACK and BYE go
        "sip:bob@203.0.113.5,        sip:bob@203.0.113.5:5099,             true",
        "sip:bob@203.0.113.5,        sip:bob@198.51.100.9,                 true",
        "sip:bob@203.0.113.5,        sip:bob@127.0.0.1:22,                 false",
        "sip:bob@203.0.113.5,        sip:bob@169.254.169.254,              false",
        "sip:bob@203.0.113.5,        sip:bob@2130706433,                   false",
        "sip:bob@203.0.113.5,        sip:bob@internal.example;lr,          false",
        "sip:bob@203.0.113.5,        sip:bob@203.0.113.5;maddr=10.0.0.1,   false",
        "sip:+15551234567@carrier.example, sip:x@carrier.example;transport=tcp, true",
    })
    void inDialogTargets(String dialled, String target, boolean allowed) {
        assertThat(PLAN.refuseInDialogTarget(dialled, target) == null)
                .as(target)
                .isEqualTo(allowed);
    }
}
