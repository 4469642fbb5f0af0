package io.dialout.gateway.it;

import static io.dialout.gateway.it.DialoutClient.dial;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dialout.gateway.sip.TestPki;
import io.dialout.gateway.testing.ConfigProfile;
import io.dialout.testkit.Baresip;
import io.dialout.testkit.ChromiumPeer;
import io.dialout.testkit.FreePorts;
import io.dialout.testkit.KamailioTlsProxy;
import io.dialout.testkit.Sipp;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A room's call to a {@code sips:} URI through the whole gateway: SIP over TLS to Kamailio (tls module, a server
 * certificate for localhost made by a test CA, which the gateway is configured to trust), UDP from Kamailio to the
 * callee, and SDES-SRTP media (RFC 4568) end to end. A callee that answers plain RTP/AVP on such a leg is refused.
 */
@QuarkusTest
@TestProfile(TlsCallTest.TrustTestCa.class)
class TlsCallTest {
    private static final double CALLEE_HZ = 660;

    /** The test PKI, made once per JVM before the application starts (its trust store is a setting). */
    static final class Pki {
        static final Path DIR;
        static final Path CA;
        static final Path CERT;
        static final Path KEY;

        static {
            // Quarkus loads this class in the profile's class loader and again in the test's: the files are made
            // once per JVM, their folder passed on in a system property, which both loaders see
            String made = System.getProperty("dialout.test.tls-call-pki");
            try {
                DIR = made != null ? Path.of(made) : Files.createTempDirectory("tls-call-pki-");
                CA = DIR.resolve("ca.pem");
                CERT = DIR.resolve("server.pem");
                KEY = DIR.resolve("server.key");
                if (made == null) {
                    TestPki.Issued ca = TestPki.ca("dialout test CA");
                    ca.writeCertificate(CA);
                    TestPki.Issued server = TestPki.issue(ca, "localhost", "localhost", "127.0.0.1");
                    server.writeCertificate(CERT);
                    server.writeKey(KEY);
                    System.setProperty("dialout.test.tls-call-pki", DIR.toString());
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The gateway trusts the test CA for SIP over TLS (a PEM file). */
    public static class TrustTestCa extends ConfigProfile {
        public TrustTestCa() {
            super("gateway.sip.tls.trust-store", Pki.CA.toString());
        }
    }

    @TestHTTPResource("/v1/dialout")
    URI http;

    @Test
    void roomHearsTheCalleeOverTlsAndSdes() throws Exception {
        try (Baresip callee = Baresip.toneCallee((int) CALLEE_HZ, List.of("g711.so"), true);
                KamailioTlsProxy proxy = KamailioTlsProxy.start(Pki.CERT, Pki.KEY, null, callee.sipPort);
                ChromiumPeer browser = ChromiumPeer.launch(new ChromiumPeer.Options().audioToneHz(440));
                DialoutClient room = DialoutClient.connect(DialoutClient.ws(http))) {
            room.send(DialoutClient.JSON
                    .createObjectNode()
                    .put("type", "dial")
                    .put("callId", "tls-tone")
                    .put("to", "sips:callee@localhost:" + proxy.tlsPort)
                    .put("offer", browser.createOffer()));
            browser.setAnswer(room.next("answer").path("sdp").asText());
            untilState(room, "answered", proxy, callee);
            browser.awaitConnected(Duration.ofSeconds(20));
            browser.awaitAtLeast(browser::inboundAudioPackets, 150, Duration.ofSeconds(30));
            ChromiumPeer.ToneReading tone = browser.measureInboundTone(1500);
            assertThat(tone.frequencyHz())
                    .as("the callee's tone heard by the room: %s", tone)
                    .isBetween(CALLEE_HZ - 15, CALLEE_HZ + 15);

            // the offer that crossed TLS was SDES-SRTP only, and the callee answered in kind
            String log = proxy.output();
            assertThat(log)
                    .containsPattern("tls-proxy: INVITE sips:callee@localhost:\\d+ from 127\\.0\\.0\\.1:\\d+ over tls");
            String offer = between(log, "tls-proxy: body [", "]");
            assertThat(offer).contains("RTP/SAVP").contains("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:");
            assertThat(offer).doesNotContain("RTP/AVP ");
            String answer = between(log, "tls-proxy: reply body [", "]");
            assertThat(answer).contains("RTP/SAVP").contains("a=crypto:");

            long received = given().get("/v1/calls")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getLong("find { it.callId == 'tls-tone' }.sip.packetsReceived");
            assertThat(received).as("SRTP packets from the callee, decrypted").isPositive();
            room.hangUp("tls-tone");
        }
    }

    @Test
    void plainRtpAnswerOnATlsLegIsRefused() throws Exception {
        try (Sipp sipp = Sipp.scenarioResource("sipp/tls/uas_answer.xml")
                        .mediaPort(FreePorts.udpPair())
                        .timeout(Duration.ofSeconds(30))
                        .start();
                KamailioTlsProxy proxy = KamailioTlsProxy.start(Pki.CERT, Pki.KEY, null, sipp.localPort());
                DialoutClient room = DialoutClient.connect(DialoutClient.ws(http))) {
            room.send(dial("tls-plain", "sips:service@localhost:" + proxy.tlsPort));
            room.next("answer");
            JsonNode ended = untilState(room, "ended", proxy, null);
            assertThat(ended.path("cause").asText()).isEqualTo("media-failure");
            assertThat(ended.path("reason").asText()).contains("RTP/AVP").contains("RTP/SAVP");
            // the 200 was ACKed and the call hung up over TLS: sipp saw INVITE, ACK and BYE, nothing in plaintext
            assertThat(sipp.awaitExit(Duration.ofSeconds(20)))
                    .as(sipp.messages())
                    .isZero();
            proxy.awaitLogged("tls-proxy: ACK \\S+ from 127\\.0\\.0\\.1:\\d+ over tls", Duration.ofSeconds(10));
            proxy.awaitLogged("tls-proxy: BYE \\S+ from 127\\.0\\.0\\.1:\\d+ over tls", Duration.ofSeconds(10));
        }
    }

    /** Reads the call's messages until the state {@code want}; any other end fails with the peers' logs. */
    private static JsonNode untilState(DialoutClient room, String want, KamailioTlsProxy proxy, Baresip callee)
            throws InterruptedException {
        while (true) {
            JsonNode n = room.next(Duration.ofSeconds(40));
            if (!n.path("type").asText().equals("state")) {
                continue;
            }
            String state = n.path("state").asText();
            if (state.equals(want)) {
                return n;
            }
            assertThat(state)
                    .as(
                            "%s before %s; kamailio:%n%s%ncallee:%n%s",
                            n, want, proxy.output(), callee == null ? "" : callee.output())
                    .isNotEqualTo("ended");
        }
    }

    private static String between(String s, String start, String end) {
        int a = s.indexOf(start);
        assertThat(a).as("'%s' in%n%s", start, s).isNotNegative();
        int b = s.indexOf(end, a + start.length());
        return s.substring(a + start.length(), b < 0 ? s.length() : b);
    }
}
