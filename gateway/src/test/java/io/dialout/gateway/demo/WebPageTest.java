package io.dialout.gateway.demo;

import static io.dialout.gateway.demo.RoomPage.WAIT;
import static io.dialout.gateway.demo.RoomPage.card;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The web page (web/, served at /) in headless Chromium with fake camera and microphone, dialling the embedded demo
 * SIP endpoint through the gateway: call states in the call card, media per the page's own getStats(), the keypad
 * and the DTMF the IVR sends back, hold/resume, hang-up, and the live calls board with its admin hang-up.
 */
@QuarkusTest
class WebPageTest {

    @TestHTTPResource("/")
    URL root;

    @Test
    void roomDialsTheDemoSeesMediaPressesKeysHoldsAndHangsUp() {
        try (RoomPage page = RoomPage.open(root.toString())) {
            page.startMedia();

            String echo = page.dialShortcut("echo");
            page.browser.awaitText(card(echo) + " .log", "ringing", WAIT);
            assertThat(page.awaitPill(echo, "answered")).isEqualTo("answered");
            assertThat(page.browser.text(card(echo) + " .log"))
                    .contains("dialing sip:echo@demo", "trying", "ringing", "answered");
            page.awaitStat(echo, "inbound-rtp", "audio", "packetsReceived", 50);
            page.awaitStat(echo, "inbound-rtp", "video", "framesDecoded", 30);
            page.waitFor(
                    "document.querySelector(\"" + card(echo) + " .remote-video\").videoWidth > 0",
                    WAIT,
                    "the echoed video playing in the card");
            long audioIn = page.stat(echo, "inbound-rtp", "audio", "packetsReceived");
            long frames = page.stat(echo, "inbound-rtp", "video", "framesDecoded");
            System.out.printf(
                    "web page echo call: %d audio packets received, %d video frames decoded%n", audioIn, frames);

            String ivr = page.dialShortcut("ivr");
            page.awaitPill(ivr, "answered");
            for (String key : List.of("1", "2", "#")) {
                page.browser.click(card(ivr) + " .keypad button[data-key='" + key + "']");
            }
            page.browser.awaitText(card(ivr) + " .digits", "12#", WAIT);
            page.screenshot("room");

            page.browser.click(card(ivr) + " .hold");
            page.awaitPill(ivr, "held");
            assertThat(page.browser.text(card(ivr) + " .hold")).isEqualTo("Resume");
            page.browser.click(card(ivr) + " .hold");
            page.awaitPill(ivr, "resumed");
            assertThat(page.browser.text(card(ivr) + " .hold")).isEqualTo("Hold");

            page.browser.click(card(ivr) + " .hangup");
            assertThat(page.awaitPill(ivr, "ended")).isEqualTo("ended: local-hangup");
            assertThat(page.browser.text(card(ivr) + " .digits"))
                    .as("each digit once")
                    .isEqualTo("12#");

            // The board: the echo call is still up, with its codecs and moving counters.
            page.showBoard();
            String row = "#board-body tr[data-call-id='" + echo + "']";
            page.browser.awaitText(row + " .state", "answered", WAIT);
            page.waitFor(
                    "Number(document.querySelector(\"" + row + " .room-packets\")?.dataset.received) > 0"
                            + " && Number(document.querySelector(\"" + row + " .sip-packets\")?.dataset.received) > 0",
                    WAIT,
                    "packet counters on the board");
            assertThat(page.browser.text(row + " .to")).isEqualTo("sip:echo@demo");
            assertThat(page.browser.text(row + " .audio-codecs")).containsIgnoringCase("opus");
            assertThat(page.browser.text(row + " .video-codecs")).containsIgnoringCase("vp8");
            assertThat(page.count("#board-body tr[data-call-id='" + ivr + "']"))
                    .as("the ended call")
                    .isZero();
            JsonNode listed = page.eval("fetch('/v1/calls').then((r) => r.json())");
            System.out.println("GET /v1/calls during the page test: " + listed);

            page.browser.click(row + " .board-hangup");
            page.waitFor("!document.querySelector(\"" + row + "\")", WAIT, "the row to disappear");
            page.showRoom();
            assertThat(page.awaitPill(echo, "ended")).isEqualTo("ended: local-hangup");
            page.waitFor("!document.querySelector('#board-body tr')", WAIT, "an empty board");
            assertThat(given().get("/v1/calls")
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath()
                            .getList("$"))
                    .isEmpty();
        }
    }

    @Test
    void severalDialOutsAtOnceFromOneRoom() {
        try (RoomPage page = RoomPage.open(root.toString())) {
            page.startMedia();
            List<String> ids = List.of(
                    page.dialShortcut("echo"),
                    page.dialShortcut("tone"),
                    page.dialShortcut("ivr"),
                    page.dialShortcut("busy"));
            for (String id : ids.subList(0, 3)) {
                page.awaitPill(id, "answered");
            }
            assertThat(page.awaitPill(ids.get(3), "ended")).isEqualTo("ended: busy");
            for (String id : ids.subList(0, 3)) {
                page.awaitStat(id, "inbound-rtp", "audio", "packetsReceived", 50);
            }
            page.awaitStat(ids.get(0), "inbound-rtp", "video", "framesDecoded", 10);
            assertThat(page.count(".call")).isEqualTo(4);

            page.showBoard();
            for (String id : ids.subList(0, 3)) {
                page.browser.awaitText("#board-body tr[data-call-id='" + id + "'] .state", "answered", WAIT);
            }
            assertThat(page.count("#board-body tr")).isEqualTo(3);
            page.showRoom();
            for (String id : ids.subList(0, 3)) {
                page.browser.click(card(id) + " .hangup");
                assertThat(page.awaitPill(id, "ended")).isEqualTo("ended: local-hangup");
            }
        }
    }

    @Test
    void noanswerEndsAtTheRingTimeoutOfTheForm() {
        try (RoomPage page = RoomPage.open(root.toString())) {
            page.startMedia();
            page.browser.fill("#ring-timeout", "2");
            String id = page.dialShortcut("noanswer");
            page.awaitPill(id, "ringing");
            assertThat(page.awaitPill(id, "ended")).isEqualTo("ended: no-answer");
        }
    }
}
