package io.dialout.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.gateway.dialplan.AccessPolicy;
import io.dialout.gateway.dialplan.DialPlan;
import io.dialout.gateway.dialplan.HostResolver;
import io.dialout.gateway.dialplan.NetworkPolicy;
import io.dialout.gateway.dialplan.NumberFormat;
import io.dialout.gateway.dialplan.NumberRule;
import io.dialout.testkit.Dnsmasq;
import io.dialout.testkit.FreePorts;
import io.dialout.testkit.Sipp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 3263 against a real DNS server (dnsmasq on loopback) and sipp far ends: a trunk given as a domain is found by
 * NAPTR, then SRV, then A; when the first server is dead (ICMP) or answers 503, the next one by SRV priority gets
 * the INVITE (section 4.3); a server whose address the dial plan's network policy denies is never tried.
 */
class SippServerLocatorTest extends SippTestSupport {

    private static final Trunk CARRIER = new Trunk("carrier", "udp", null, null, null, null);
    private static final String NUMBER_URI = "sip:+15551234567@trunk.test";

    private JainSipUserAgent located;

    @AfterEach
    void stopLocatingAgent() {
        if (located != null) {
            located.close();
        }
    }

    /** A user agent that asks {@code dns}, with the dial plan's policy: 127.0.0.0/8 allowed, 127.0.0.66 denied. */
    private JainSipUserAgent agent(Dnsmasq dns) {
        DialPlan plan = new DialPlan(
                List.of(NumberRule.prefix("all", "+", "trunk.test", CARRIER)),
                List.of(),
                AccessPolicy.allowAll(),
                NumberFormat.e164Only(),
                Map.of(),
                NetworkPolicy.of(List.of("127.0.0.0/8"), List.of("127.0.0.66/32")),
                HostResolver.system(Duration.ofSeconds(2)),
                true);
        TargetSelection targets =
                new TargetSelection(ServerLocator.using(dns.address(), Duration.ofSeconds(2)), plan, 5);
        located = new JainSipUserAgent(SipUserAgentConfig.loopback(TIMERS), targets);
        return located;
    }

    /** NAPTR trunk.test -> _sip._udp.naptr.trunk.test; SRV there: each "name:port:priority" with name -> address. */
    private static Dnsmasq dns(Map<String, String> addresses, String... srv) {
        List<String> records = new ArrayList<>();
        // RFC 3263 section 4.1: the NAPTR for UDP names an SRV name other than the default _sip._udp.trunk.test
        records.add("--naptr-record=trunk.test,10,10,S,SIP+D2U,,_sip._udp.naptr.trunk.test");
        for (String s : srv) {
            String[] p = s.split(":");
            records.add("--srv-host=_sip._udp.naptr.trunk.test," + p[0] + "," + p[1] + "," + p[2] + ",10");
        }
        addresses.forEach((name, address) -> records.add("--host-record=" + name + "," + address));
        return Dnsmasq.start("trunk.test", records);
    }

    /** Takes the call's events up to its answer; a failure or the end before it fails the test. */
    private void awaitAnswered() throws InterruptedException {
        for (String e = l.await("", WAIT); !e.equals("answered"); e = l.await("", WAIT)) {
            assertThat(e).as(l.events().toString()).doesNotStartWith("failed").isNotEqualTo("terminated");
        }
    }

    private static InviteRequest toTrunk() throws Exception {
        return new InviteRequest(NUMBER_URI, "room-42", null, Map.of(), offer(), CARRIER);
    }

    @Test
    void aDeadFirstServerIsPassedOverForTheNextBySrvPriority() throws Exception {
        int dead = FreePorts.udp(); // nothing listens there: the ICMP probe finds it unreachable
        try (Sipp second = uas("uas_answer.xml", "udp");
                Dnsmasq dns = dns(
                        Map.of("a.trunk.test", "127.0.0.1", "b.trunk.test", "127.0.0.1"),
                        "a.trunk.test:" + dead + ":10",
                        "b.trunk.test:" + second.localPort() + ":20")) {
            OutboundCall call = agent(dns).invite(toTrunk(), l);
            awaitAnswered();
            call.hangup();
            assertThat(l.awaitTerminated(WAIT))
                    .containsExactly("provisional 100", "provisional 180", "answered", "terminated");
            assertPassed(second, "INVITE", "ACK", "BYE");
            // the Request-URI keeps the domain (RFC 3263 section 4: only the next hop comes from DNS)
            assertThat(second.messages()).contains("INVITE " + NUMBER_URI + " SIP/2.0");
        }
    }

    @Test
    void aServiceUnavailableFirstServerIsPassedOverForTheNext() throws Exception {
        try (Sipp first = uas("uas_reject_503.xml", "udp");
                Sipp second = uas("uas_answer.xml", "udp");
                Dnsmasq dns = dns(
                        Map.of("a.trunk.test", "127.0.0.1", "b.trunk.test", "127.0.0.1"),
                        "b.trunk.test:" + second.localPort() + ":20",
                        "a.trunk.test:" + first.localPort() + ":10")) {
            OutboundCall call = agent(dns).invite(toTrunk(), l);
            awaitAnswered();
            call.hangup();
            assertThat(l.awaitTerminated(WAIT))
                    .containsExactly("provisional 100", "provisional 100", "provisional 180", "answered", "terminated");
            assertPassed(first, "INVITE", "ACK");
            assertPassed(second, "INVITE", "ACK", "BYE");
            // a new transaction: CSeq + 1 (RFC 3263 section 4.3 asks for a new branch), same Call-ID
            assertThat(second.messages()).contains("CSeq: 2 INVITE").contains("Call-ID: " + call.sipCallId());
        }
    }

    @Test
    void aServerInADeniedRangeIsNeverTried() throws Exception {
        try (Sipp second = uas("uas_answer.xml", "udp");
                Dnsmasq dns = dns(
                        Map.of("c.trunk.test", "127.0.0.66", "b.trunk.test", "127.0.0.1"),
                        "c.trunk.test:" + second.localPort() + ":10",
                        "b.trunk.test:" + second.localPort() + ":20")) {
            OutboundCall call = agent(dns).invite(toTrunk(), l);
            awaitAnswered();
            call.hangup();
            l.awaitTerminated(WAIT);
            assertPassed(second, "INVITE", "ACK", "BYE");
            assertThat(second.messages()).contains("CSeq: 1 INVITE"); // the first INVITE went to b, none to c
        }
    }

    @Test
    void aDomainWhoseServersAreAllDeniedIsRefusedAsPolicy() throws Exception {
        try (Dnsmasq dns = dns(Map.of("c.trunk.test", "127.0.0.66"), "c.trunk.test:5060:10")) {
            agent(dns).invite(toTrunk(), l);
            assertThat(l.awaitTerminated(WAIT)).containsExactly("failed 0 POLICY", "terminated");
        }
    }

    @Test
    void srvOrderIsByPriorityThenWeight() throws Exception {
        var a = new org.xbill.DNS.SRVRecord(
                org.xbill.DNS.Name.fromString("_sip._udp.x."),
                org.xbill.DNS.DClass.IN,
                60,
                20,
                0,
                5060,
                org.xbill.DNS.Name.fromString("a.x."));
        var b = new org.xbill.DNS.SRVRecord(
                org.xbill.DNS.Name.fromString("_sip._udp.x."),
                org.xbill.DNS.DClass.IN,
                60,
                10,
                0,
                5060,
                org.xbill.DNS.Name.fromString("b.x."));
        var c = new org.xbill.DNS.SRVRecord(
                org.xbill.DNS.Name.fromString("_sip._udp.x."),
                org.xbill.DNS.DClass.IN,
                60,
                10,
                100,
                5060,
                org.xbill.DNS.Name.fromString("c.x."));
        // RFC 2782: priority 10 before 20; within 10, a pick of 1..100 chooses the weighted record before weight 0
        java.util.Random pickHigh = new java.util.Random() {
            @Override
            public int nextInt(int bound) {
                return bound - 1;
            }
        };
        assertThat(ServerLocator.order(List.of(a, b, c), pickHigh)).containsExactly(c, b, a);
        java.util.Random pickZero = new java.util.Random() {
            @Override
            public int nextInt(int bound) {
                return 0;
            }
        };
        assertThat(ServerLocator.order(List.of(a, b, c), pickZero)).containsExactly(b, c, a);
    }
}
