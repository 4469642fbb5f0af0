package io.dialout.gateway.demo;

import static io.dialout.gateway.demo.RoomPage.WAIT;
import static io.dialout.gateway.demo.RoomPage.card;
import static io.dialout.gateway.testing.TestAuth.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.gateway.testing.TestAuth;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The page with auth on: the token given as {@code ?access_token=} in the page address goes on the WebSocket, its
 * allow-list is enforced ({@code forbidden} ends the card), and without a token the page says it cannot connect.
 * Tokens are signed with the test key pair of gateway/src/test/resources/auth/ (as in the api's AuthTest).
 */
@QuarkusTest
@TestProfile(TestAuth.On.class)
class WebPageAuthTest {

    @TestHTTPResource("/")
    URL root;

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
