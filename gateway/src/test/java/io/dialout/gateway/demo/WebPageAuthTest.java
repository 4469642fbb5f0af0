package io.dialout.gateway.demo;

import static io.dialout.gateway.demo.RoomPage.WAIT;
import static io.dialout.gateway.demo.RoomPage.card;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.jwt.build.Jwt;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The page with auth on: the token given as {@code ?access_token=} in the page address goes on the WebSocket, its
 * allow-list is enforced ({@code forbidden} ends the card), and without a token the page says it cannot connect.
 * Tokens are signed with the test key pair of gateway/src/test/resources/auth/ (as in the api's AuthTest).
 */
@QuarkusTest
@TestProfile(WebPageAuthTest.AuthOn.class)
class WebPageAuthTest {

    static final String ISSUER = "https://rooms.example";

    public static class AuthOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "gateway.auth.enabled",
                    "true",
                    "mp.jwt.verify.publickey.location",
                    "auth/publicKey.pem",
                    "mp.jwt.verify.issuer",
                    ISSUER);
        }
    }

    @TestHTTPResource("/")
    URL root;

    static String token(List<String> allow) {
        return Jwt.issuer(ISSUER)
                .subject("room-42")
                .claim("dialout_allow", allow)
                .expiresIn(Duration.ofMinutes(5))
                .sign("auth/privateKey.pem");
    }

    @Test
    void theTokenInThePageAddressOpensTheSocketAndItsAllowListApplies() {
        String t = URLEncoder.encode(token(List.of("sip:echo@demo")), StandardCharsets.UTF_8);
        try (RoomPage page = RoomPage.open(root + "?access_token=" + t)) {
            page.startMedia();
            String echo = page.dialShortcut("echo");
            page.awaitPill(echo, "answered");
            page.browser.awaitText("#conn", "connected", WAIT);
            page.awaitStat(echo, "inbound-rtp", "audio", "packetsReceived", 50);

            String tone = page.dialShortcut("tone");
            assertThat(page.awaitPill(tone, "ended")).isEqualTo("ended: forbidden");

            page.browser.click(card(echo) + " .hangup");
            assertThat(page.awaitPill(echo, "ended")).isEqualTo("ended: local-hangup");
        }
    }

    @Test
    void withoutATokenThePageReportsThatItCannotConnect() {
        try (RoomPage page = RoomPage.open(root.toString())) {
            page.startMedia();
            page.browser.click("#shortcuts button[data-to='sip:echo@demo']");
            page.browser.click("#dial");
            page.browser.awaitText("#form-error", "token", WAIT);
            assertThat(page.browser.text("#conn")).isEqualTo("offline");
        }
    }

    @Test
    void aTokenTypedIntoTheFormWorksToo() {
        try (RoomPage page = RoomPage.open(root.toString())) {
            page.startMedia();
            page.browser.fill("#token", token(List.of("sip:*@demo")));
            String echo = page.dialShortcut("echo");
            page.awaitPill(echo, "answered");
            page.browser.click(card(echo) + " .hangup");
            assertThat(page.awaitPill(echo, "ended")).isEqualTo("ended: local-hangup");
        }
    }
}
