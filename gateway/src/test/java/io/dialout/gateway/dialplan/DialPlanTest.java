package io.dialout.gateway.dialplan;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.gateway.sip.Trunk;
import io.dialout.media.CallMediaRequest.SipLegOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The dial plan as a table: destination -> Request-URI and trunk, or the refusal kind. */
class DialPlanTest {

    static final Trunk US_TRUNK = new Trunk("us-carrier", "tcp", "proxy.us.example:5060", "gw", "pw", null);
    static final Trunk UK_TRUNK = Trunk.direct("uk-carrier", "udp");
    static final Trunk ANY_TRUNK = Trunk.direct("fallback", "udp");
    static final Trunk PBX = new Trunk("pbx", "udp", null, "room", "secret", "pbx.corp.example");

    static final DialPlan PLAN = new DialPlan(
            List.of(
                    NumberRule.regex("us", "\\+1[2-9][0-9]{9}", "us.example.net", US_TRUNK),
                    NumberRule.prefix("uk-london", "+4420", "uk.example.net:5080", UK_TRUNK)
                            .withStrip(2)
                            .withPrepend("0"),
                    NumberRule.prefix("uk", "+44", "uk.example.net:5080", UK_TRUNK)
                            .withPrepend("")
                            .withUserPhone(),
                    NumberRule.prefix("fallback", "+49", "any.example.net", ANY_TRUNK)),
            List.of(new HostRule("pbx.corp.example", PBX), new HostRule("*.carrier.example", US_TRUNK)),
            AccessPolicy.of(
                    List.of("\\+1.*", "\\+44.*", "\\+49.*", "sips?:.*"),
                    List.of("\\+1900.*", "\\+44(9|70).*", "sip:.*@blocked\\.example", "sip:.*@any\\.example\\.net")),
            new NumberFormat("44", "00", "0"),
            java.util.Map.of(),
            NetworkPolicy.defaults(),
            name -> List.of(java.net.InetAddress.getByName("203.0.113.10")), // the example names: one public address
            true);

    @ParameterizedTest(name = "{0} -> {1} via {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                // numbers: E.164, tel:, national (default country code 44), visual separators
                "+15551234567                    | sip:+15551234567@us.example.net       | us-carrier | us",
                "tel:+1-555-123-4567             | sip:+15551234567@us.example.net       | us-carrier | us",
                "020 7946 0000                   | sip:02079460000@uk.example.net:5080   | uk-carrier | uk-london",
                "tel:+44-161-496-0000            | sip:441614960000@uk.example.net:5080;user=phone | uk-carrier | uk",
                "0161 496 0000                   | sip:441614960000@uk.example.net:5080;user=phone | uk-carrier | uk",
                // SIP URIs: passed through; the host may pick a trunk
                "sip:alice@pbx.corp.example      | sip:alice@pbx.corp.example            | pbx        | host pbx.corp.example",
                "sip:+15551234567@edge.carrier.example;user=phone | sip:+15551234567@edge.carrier.example;user=phone | us-carrier | host *.carrier.example",
                "sip:bob@203.0.113.7:5070        | sip:bob@203.0.113.7:5070              | direct     | sip-uri",
                "sip:bob@[2001:db8::1]:5060      | sip:bob@[2001:db8::1]:5060            | direct     | sip-uri",
                "sips:carol@secure.example       | sips:carol@secure.example             | direct     | sip-uri",
                "sip:room@conf.example;transport=tcp | sip:room@conf.example;transport=tcp | direct | sip-uri",
            })
    void routes(String to, String uri, String trunk, String rule) {
        Routing r = PLAN.route(to);
        assertThat(r).isInstanceOf(Route.class);
        Route route = (Route) r;
        assertThat(route.requestUri()).isEqualTo(uri);
        assertThat(route.trunk().name()).isEqualTo(trunk);
        assertThat(route.rule()).isEqualTo(rule);
    }

    /** Issue 12 item 2: a SIPS or transport=tls destination goes over TLS with SDES-SRTP, or not at all. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "sips:carol@secure.example                    | tls",
                "sip:carol@secure.example;transport=tls       | tls",
                "sip:carol@secure.example;transport=TLS;user=phone | tls",
                "sip:carol@secure.example                     | udp",
                "sip:carol@secure.example;transport=tcp       | tcp",
            })
    void secureDestinationsGoOverTlsWithSrtp(String to, String transport) {
        Route route = (Route) PLAN.route(to);
        assertThat(route.trunk().transport()).isEqualTo(transport);
        assertThat(route.sipLeg().srtp()).isEqualTo(transport.equals("tls"));
    }

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {"sips:alice@pbx.corp.example", "sip:alice@pbx.corp.example;transport=tls"})
    void secureDestinationOfAPlaintextTrunkIsRefusedNotDowngraded(String to) {
        Routing r = PLAN.route(to);
        assertThat(r).isInstanceOf(Refusal.class);
        assertThat(((Refusal) r).kind()).isEqualTo(Refusal.Kind.NO_ROUTE);
        assertThat(((Refusal) r).reason()).contains("needs a TLS trunk");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                // malformed
                "''                              | INVALID",
                "http://example.com              | INVALID",
                "sip:bob@example.com?Route=%3Csip:evil%3E | INVALID",
                "sip:bob:pw@example.com          | INVALID",
                "sip:bob@exa mple.com            | INVALID",
                "sip:bob@example.com:99999       | INVALID",
                "tel:5551234                     | INVALID",
                "+0123                           | INVALID",
                "mailto:bob@example.com          | INVALID",
                // policy: deny wins over allow
                "+19005551234                    | DENIED",
                "tel:+44-9-1234-5678             | DENIED",
                "+447012345678                   | DENIED",
                "+33123456789                    | DENIED",
                "sip:x@blocked.example           | DENIED",
                "sip:+19005551234@edge.carrier.example | DENIED",
                // the deny on the fallback trunk host also holds for numbers routed there
                "+4930123456                     | DENIED",
                // allowed but no rule: +1 0xx is not a valid NANP number for the us rule
                "+10123456789                    | NO_ROUTE",
            })
    void refuses(String to, Refusal.Kind kind) {
        Routing r = PLAN.route(to);
        assertThat(r).isInstanceOf(Refusal.class);
        assertThat(((Refusal) r).kind()).isEqualTo(kind);
        assertThat(((Refusal) r).reason()).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"+15551234567", "sip:alice@pbx.corp.example"})
    void numberIsReportedForNumbersOnly(String to) {
        Route r = (Route) PLAN.route(to);
        assertThat(r.number()).isEqualTo(to.startsWith("+") ? to : null);
    }

    @Test
    void aRouteCarriesItsTrunksSipLegOptions() {
        SipLegOptions pbxLeg = new SipLegOptions(true, true, false);
        DialPlan plan = new DialPlan(
                List.of(NumberRule.prefix("all", "+", "any.example.net", ANY_TRUNK)),
                List.of(new HostRule("pbx.corp.example", PBX)),
                AccessPolicy.allowAll(),
                null,
                Map.of("pbx", pbxLeg));
        assertThat(((Route) plan.route("sip:alice@pbx.corp.example")).sipLeg()).isEqualTo(pbxLeg);
        assertThat(((Route) plan.route("+4930123456")).sipLeg()).isEqualTo(SipLegOptions.DEFAULT);
        assertThat(((Route) plan.route("sip:bob@203.0.113.7")).sipLeg()).isEqualTo(SipLegOptions.DEFAULT);
        assertThat(((Route) PLAN.route("sip:alice@pbx.corp.example")).sipLeg()).isEqualTo(SipLegOptions.DEFAULT);
    }
}
