package io.dialout.gateway.it;

import static io.dialout.gateway.it.DialoutClient.dial;
import static io.dialout.gateway.testing.TestAuth.ISSUER;
import static io.dialout.gateway.testing.TestAuth.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dialout.gateway.testing.TestAuth;
import io.dialout.testkit.Sipp;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.jwt.build.Jwt;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.junit.jupiter.api.Test;

/** JWT on the handshake (401 without upgrade) and the token's destination allow-list ({@code error forbidden}). */
@QuarkusTest
@TestProfile(TestAuth.On.class)
class AuthTest {

    @TestHTTPResource("/v1/dialout")
    URI http;

    URI ws() {
        return DialoutClient.ws(http);
    }

    /** The HTTP status of a refused WebSocket upgrade, from Jetty's exception chain. */
    static int upgradeStatus(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UpgradeException u && u.getResponseStatusCode() > 0) {
                return u.getResponseStatusCode();
            }
        }
        throw new AssertionError("not a refused upgrade", e);
    }

    @Test
    void noTokenIsRefusedWith401() {
        assertThatThrownBy(() -> DialoutClient.connect(ws()))
                .satisfies(e -> assertThat(upgradeStatus(e)).isEqualTo(401));
    }

    @Test
    void aBadTokenIsRefusedWith401() {
        String expired = Jwt.issuer(ISSUER)
                .subject("room-42")
                .claim("dialout_allow", List.of("*"))
                .issuedAt(0)
                .expiresAt(60)
                .sign("auth/privateKey.pem");
        String wrongIssuer = Jwt.issuer("https://evil.example")
                .subject("room-42")
                .expiresIn(300)
                .sign("auth/privateKey.pem");
        String tampered = token(List.of("+1555*"))
                .replaceFirst(
                        "\\.[^.]+\\.",
                        "."
                                + java.util.Base64.getUrlEncoder()
                                        .withoutPadding()
                                        .encodeToString(("{\"iss\":\"" + ISSUER
                                                        + "\",\"sub\":\"x\",\"dialout_allow\":[\"*\"],\"exp\":9999999999}")
                                                .getBytes(StandardCharsets.UTF_8))
                                + ".");
        for (String bad : List.of("garbage", expired, wrongIssuer, tampered)) {
            assertThatThrownBy(() -> DialoutClient.connect(ws(), Map.of("Authorization", "Bearer " + bad)))
                    .as(bad)
                    .satisfies(e -> assertThat(upgradeStatus(e)).isEqualTo(401));
        }
    }

    @Test
    void theAllowListRestrictsDestinations() throws Exception {
        try (Sipp uas = Sipp.scenarioResource("sipp/api/uas_ring_until_cancel.xml")
                        .start();
                DialoutClient room = DialoutClient.connect(
                        ws(),
                        Map.of(
                                "Authorization",
                                "Bearer " + token(List.of("sip:service@127.0.0.1:" + uas.localPort(), "+1555*"))))) {
            room.send(dial("c0", "sip:other@127.0.0.1:" + uas.localPort()));
            JsonNode refused = room.nextError("forbidden");
            assertThat(refused.path("callId").asText()).isEqualTo("c0");
            room.send(dial("c1", "+4420123456"));
            room.nextError("forbidden");

            room.dialUntilRinging("c2", uas.uri("service"));
            room.hangUp("c2");
            assertThat(uas.awaitExit(Duration.ofSeconds(20))).as(uas.output()).isZero();
        }
    }

    @Test
    void theTokenMayComeAsAQueryParameter() throws Exception {
        String t = URLEncoder.encode(token(List.of("+1555*")), StandardCharsets.UTF_8);
        try (DialoutClient room = DialoutClient.connect(URI.create(ws() + "?access_token=" + t))) {
            room.send(dial("c1", "sip:someone@127.0.0.1:5999"));
            room.nextError("forbidden");
        }
    }

    @Test
    void aTokenWithoutTheClaimMayDialNothing() throws Exception {
        String bare = Jwt.issuer(ISSUER).subject("room-42").expiresIn(300).sign("auth/privateKey.pem");
        try (DialoutClient room = DialoutClient.connect(ws(), Map.of("Authorization", "Bearer " + bare))) {
            room.send(dial("c1", "+15551234567"));
            room.nextError("forbidden");
        }
    }
}
