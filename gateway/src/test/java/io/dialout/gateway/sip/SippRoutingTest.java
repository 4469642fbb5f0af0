package io.dialout.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.testkit.Sipp;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Outbound proxy, advertised (NAT) address and shutdown, against sipp. */
class SippRoutingTest extends SippTestSupport {

    @Test
    void outboundProxyGetsTheInviteWithALooseRoute() throws Exception {
        try (Sipp proxy = uas("uas_answer.xml", "udp")) {
            // the Request-URI's host does not resolve: only the proxy is contacted
            Trunk trunk = new Trunk("via-proxy", "udp", "127.0.0.1:" + proxy.localPort(), null, null, null);
            InviteRequest r =
                    new InviteRequest("sip:+15551234567@trunk.invalid", "room-42", null, Map.of(), offer(), trunk);
            OutboundCall call = ua.invite(r, l);
            l.await("provisional 100", WAIT);
            l.await("provisional 180", WAIT);
            l.await("answered", WAIT);
            call.hangup();
            assertThat(l.awaitTerminated(WAIT)).endsWith("answered", "terminated");
            assertThat(proxy.awaitExit(WAIT)).as(proxy.output()).isZero();
            assertThat(proxy.messages())
                    .contains(
                            "INVITE sip:+15551234567@trunk.invalid SIP/2.0",
                            "Route: <sip:127.0.0.1:" + proxy.localPort() + ";lr>");
        }
    }

    @Test
    void advertisedAddressGoesInViaAndContact() throws Exception {
        ua.close();
        ua = new JainSipUserAgent(new SipUserAgentConfig("127.0.0.1", 0, "198.51.100.7", "gw/1.0", TIMERS));
        try (Sipp sipp = uas("uas_answer.xml", "udp")) {
            ua.invite(request(sipp, "udp"), l);
            l.await("provisional 100", WAIT);
            // the INVITE reached sipp; its answers go to the packet's source (rport, RFC 3581), ours stays local
            SippLog.awaitReceived(sipp, "INVITE", 1, WAIT);
            assertThat(sipp.messages())
                    .contains(
                            "Via: SIP/2.0/UDP 198.51.100.7:" + ua.port(),
                            "Contact: <sip:room-42@198.51.100.7:" + ua.port() + ">",
                            "User-Agent: gw/1.0");
        }
    }

    @Test
    void closeHangsUpAnsweredCalls() throws Exception {
        try (Sipp sipp = uas("uas_answer.xml", "udp")) {
            ua.invite(request(sipp, "udp"), l);
            l.await("provisional 100", WAIT);
            l.await("provisional 180", WAIT);
            l.await("answered", WAIT);
            ua.close();
            assertThat(l.awaitTerminated(WAIT)).endsWith("answered", "terminated");
            assertPassed(sipp, "INVITE", "ACK", "BYE");
        }
    }
}
