package io.dialout.gateway.sip;

import static io.dialout.gateway.sip.SippTestSupport.TIMERS;
import static io.dialout.gateway.sip.SippTestSupport.WAIT;
import static io.dialout.gateway.sip.SippTestSupport.assertPassed;
import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.testkit.KamailioTlsProxy;
import io.dialout.testkit.Sipp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIP over TLS (RFC 3261 section 26.2) against a real TLS peer: Kamailio's tls module in front of a sipp callee on
 * UDP. The certificates are made here by a test CA: one for localhost and 127.0.0.1, one for another name, one
 * signed by a CA the gateway does not trust, and a client certificate for the trunk.
 */
class SipTlsTest {

    @TempDir
    static Path pki;

    static TestPki.Issued ca;
    static Path caPem;
    static Path serverCert;
    static Path serverKey;
    static Path wrongHostCert;
    static Path wrongHostKey;
    static Path strangerCert;
    static Path strangerKey;
    static Path clientP12;

    JainSipUserAgent ua;
    final RecordingListener l = new RecordingListener();

    @BeforeAll
    static void certificates() throws Exception {
        ca = TestPki.ca("dialout test CA");
        caPem = ca.writeCertificate(pki.resolve("ca.pem"));
        TestPki.Issued server = TestPki.issue(ca, "localhost", "localhost", "127.0.0.1");
        serverCert = server.writeCertificate(pki.resolve("server.pem"));
        serverKey = server.writeKey(pki.resolve("server.key"));
        TestPki.Issued wrong = TestPki.issue(ca, "sip.wrong.example", "sip.wrong.example");
        wrongHostCert = wrong.writeCertificate(pki.resolve("wrong.pem"));
        wrongHostKey = wrong.writeKey(pki.resolve("wrong.key"));
        TestPki.Issued strangers = TestPki.ca("some other CA");
        TestPki.Issued stranger = TestPki.issue(strangers, "localhost", "localhost", "127.0.0.1");
        strangerCert = stranger.writeCertificate(pki.resolve("stranger.pem"));
        strangerKey = stranger.writeKey(pki.resolve("stranger.key"));
        clientP12 = TestPki.issue(ca, "gateway.test", "gateway.test").writePkcs12(pki.resolve("client.p12"), "secret");
    }

    @AfterEach
    void stop() {
        if (ua != null) {
            ua.close();
        }
    }

    /** A user agent trusting only the test CA (a PEM file), with the trunks' client certificates given. */
    private JainSipUserAgent userAgent(Map<String, SipTls.Credentials> trunks) {
        return userAgent(trunks, TIMERS);
    }

    private JainSipUserAgent userAgent(Map<String, SipTls.Credentials> trunks, SipTimers timers) {
        SipTls.Config tls = new SipTls.Config(0, new SipTls.Credentials(caPem, null, null, null), trunks, null);
        ua = new JainSipUserAgent(SipUserAgentConfig.loopback(timers).withTls(tls));
        return ua;
    }

    private static InviteRequest request(String host, KamailioTlsProxy proxy, String trunk) throws Exception {
        return new InviteRequest(
                "sip:+15551234567@" + host + ":" + proxy.tlsPort,
                "room-42",
                null,
                Map.of(),
                SippTestSupport.offer(),
                Trunk.direct(trunk, "tls"));
    }

    @Test
    void callOverTlsIsAnsweredAndHungUp() throws Exception {
        userAgent(Map.of());
        try (Sipp sipp = SippTestSupport.uas("tls/uas_answer.xml", "udp");
                KamailioTlsProxy proxy = KamailioTlsProxy.start(serverCert, serverKey, null, sipp.localPort())) {
            OutboundCall call = ua.invite(request("localhost", proxy, "carrier"), l);
            l.await("provisional 100", WAIT);
            l.await("provisional 180", WAIT);
            l.await("answered", WAIT);
            call.hangup();
            assertThat(l.awaitTerminated(WAIT))
                    .containsExactly("provisional 100", "provisional 180", "answered", "terminated");
            assertPassed(sipp, "INVITE", "ACK", "BYE");
            proxy.awaitLogged("tls-proxy: ACK \\S+ from 127\\.0\\.0\\.1:\\d+ over tls", Duration.ofSeconds(10));
            proxy.awaitLogged("tls-proxy: BYE \\S+ from 127\\.0\\.0\\.1:\\d+ over tls", Duration.ofSeconds(10));
            // our hop is TLS, our Contact a SIPS URI on the TLS port (RFC 5630 section 3.1.2), the request URI says tls
            assertThat(sipp.messages())
                    .contains(
                            "Via: SIP/2.0/TLS 127.0.0.1:" + ua.tlsPort(),
                            "<sips:room-42@127.0.0.1:" + ua.tlsPort() + ">");
            assertThat(proxy.output())
                    .containsPattern("tls-proxy: INVITE sip:\\+15551234567@localhost:\\d+;transport=tls"
                            + " from 127\\.0\\.0\\.1:\\d+ over tls");
        }
    }

    @Test
    void calleeByeComesBackOverTheTlsConnection() throws Exception {
        userAgent(Map.of());
        try (Sipp sipp = SippTestSupport.uas("tls/uas_answer_remote_bye.xml", "udp");
                KamailioTlsProxy proxy = KamailioTlsProxy.start(serverCert, serverKey, null, sipp.localPort())) {
            ua.invite(request("127.0.0.1", proxy, "carrier"), l);
            assertThat(l.awaitTerminated(WAIT))
                    .containsExactly("provisional 100", "provisional 180", "answered", "remoteBye", "terminated");
            assertPassed(sipp, "INVITE", "ACK", "SIP/2.0 200");
            proxy.awaitLogged("tls-proxy: reply 200 from 127\\.0\\.0\\.1:\\d+ over tls", Duration.ofSeconds(10));
        }
    }

    @Test
    void certificateForAnotherHostFailsTheCallWithNoFallback() throws Exception {
        userAgent(Map.of());
        try (Sipp sipp = SippTestSupport.uas("tls/uas_answer.xml", "udp");
                KamailioTlsProxy proxy = KamailioTlsProxy.start(wrongHostCert, wrongHostKey, null, sipp.localPort())) {
            ua.invite(request("localhost", proxy, "carrier"), l);
            assertThat(l.awaitTerminated(WAIT)).containsExactly("failed 503 TLS", "terminated");
            assertThat(l.failedReason).contains("does not name the host");
            assertNothingReached(sipp, proxy);
        }
    }

    @Test
    void certificateOfAnUntrustedCaFailsTheCall() throws Exception {
        userAgent(Map.of());
        try (Sipp sipp = SippTestSupport.uas("tls/uas_answer.xml", "udp");
                KamailioTlsProxy proxy = KamailioTlsProxy.start(strangerCert, strangerKey, null, sipp.localPort())) {
            ua.invite(request("localhost", proxy, "carrier"), l);
            assertThat(l.awaitTerminated(WAIT)).containsExactly("failed 503 TLS", "terminated");
            assertThat(l.failedReason).contains("not trusted");
            assertNothingReached(sipp, proxy);
        }
    }

    @Test
    void clientCertificateRequiredByTheTrunkIsPresentedWhenConfigured() throws Exception {
        userAgent(Map.of("carrier", new SipTls.Credentials(null, null, clientP12, "secret")));
        try (Sipp sipp = SippTestSupport.uas("tls/uas_answer.xml", "udp");
                KamailioTlsProxy proxy = KamailioTlsProxy.start(serverCert, serverKey, caPem, sipp.localPort())) {
            OutboundCall call = ua.invite(request("localhost", proxy, "carrier"), l);
            l.await("provisional 100", WAIT);
            l.await("provisional 180", WAIT);
            l.await("answered", WAIT);
            call.hangup();
            assertThat(l.awaitTerminated(WAIT)).endsWith("answered", "terminated");
            assertPassed(sipp, "INVITE", "ACK", "BYE");
        }
    }

    /**
     * Without a client certificate Kamailio ends the connection; under TLS 1.3 it does so after our side of the
     * handshake is done (RFC 8446 section 4.4.2.4: the server checks the client's certificate after the client's
     * Finished), so the INVITE was written and no error reaches the stack: the call ends by timer B, as a callee that
     * never answers, unless an I/O error on the connection comes first. A short T1 keeps timer B short (over TLS the
     * INVITE is not retransmitted).
     */
    @Test
    void clientCertificateRequiredButNoneConfiguredFailsTheCall() throws Exception {
        SipTimers shortT1 = new SipTimers(
                Duration.ofMillis(100),
                Duration.ofSeconds(4),
                Duration.ofMillis(100),
                Duration.ofMillis(50),
                Duration.ofMillis(100),
                Duration.ofSeconds(1));
        userAgent(Map.of("carrier", new SipTls.Credentials(null, null, clientP12, "secret")), shortT1);
        try (Sipp sipp = SippTestSupport.uas("tls/uas_answer.xml", "udp");
                KamailioTlsProxy proxy = KamailioTlsProxy.start(serverCert, serverKey, caPem, sipp.localPort())) {
            // another trunk name: it has no certificate of its own, and the gateway has none
            ua.invite(request("localhost", proxy, "no-cert-trunk"), l);
            List<String> events = l.awaitTerminated(Duration.ofSeconds(20));
            assertThat(events).last().isEqualTo("terminated");
            assertThat(events.get(0)).isIn("failed 408 TIMEOUT", "failed 503 TRANSPORT", "failed 503 TLS");
            proxy.awaitLogged(
                    "(?i)peer did not return a certificate|certificate required|no certificate",
                    Duration.ofSeconds(10));
            assertNothingReached(sipp, proxy);
        }
    }

    /** Neither the proxy nor the callee saw a request: nothing went out over TLS, nor over UDP or TCP instead. */
    private static void assertNothingReached(Sipp sipp, KamailioTlsProxy proxy) {
        assertThat(proxy.output()).doesNotContain("tls-proxy: INVITE");
        assertThat(sipp.messages()).doesNotContain("INVITE");
    }
}
