package io.dialout.gateway.demo;

import static io.dialout.gateway.demo.RoomPage.WAIT;
import static io.dialout.gateway.demo.RoomPage.card;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The page's meeting mode in headless Chromium: three simulated participants (440/660/880 Hz tones, red/green/blue
 * canvases, each its own stream) dial the demo echo, which sends the SIP video back. The echoed video, decoded in the
 * page and sampled through a canvas, shows the loudest participant's colour; making another the loudest changes the
 * colour within 2 s, with keyframes decoded and frames still coming (no freeze).
 */
@QuarkusTest
class MeetingPageTest {

    static final Duration SWITCH_LIMIT = Duration.ofSeconds(2);

    @TestHTTPResource("/")
    URL root;

    @Test
    void thePhoneSeesTheLoudestParticipantAndTheSwitchFollowsWithinTwoSeconds() {
        try (RoomPage page = RoomPage.open(root.toString())) {
            page.browser.click("#meeting");
            String id = page.dialShortcut("echo");
            page.awaitPill(id, "answered");
            assertThat(page.eval("window.dialout.calls.get('" + id + "').pc.localDescription.sdp"
                                    + ".split('m=audio').length - 1")
                            .asInt())
                    .as("three audio m-lines offered")
                    .isEqualTo(3);
            page.awaitStat(id, "inbound-rtp", "video", "framesDecoded", 10);
            awaitColour(page, id, "red", WAIT);
            page.browser.awaitText(card(id) + " .speaker", "Red", WAIT);

            for (String[] next : new String[][] {{"1", "green", "Green"}, {"2", "blue", "Blue"}}) {
                long keyframes = page.stat(id, "inbound-rtp", "video", "keyFramesDecoded");
                long freezes = page.stat(id, "inbound-rtp", "video", "freezeCount");
                long frames = page.stat(id, "inbound-rtp", "video", "framesDecoded");
                long start = System.nanoTime();
                page.browser.click(
                        card(id) + " .participant-list li:nth-child(" + (Integer.parseInt(next[0]) + 1) + ") .loudest");
                awaitColour(page, id, next[1], Duration.ofSeconds(10));
                long ms = (System.nanoTime() - start) / 1_000_000;
                System.out.printf("meeting: switched to %s in %d ms%n", next[2], ms);
                assertThat(Duration.ofMillis(ms)).as("switch to " + next[2]).isLessThanOrEqualTo(SWITCH_LIMIT);
                page.browser.awaitText(card(id) + " .speaker", next[2], WAIT);
                assertThat(page.stat(id, "inbound-rtp", "video", "keyFramesDecoded"))
                        .as("a keyframe decoded at the switch")
                        .isGreaterThan(keyframes);
                page.awaitStat(id, "inbound-rtp", "video", "framesDecoded", frames + 30);
                assertThat(page.stat(id, "inbound-rtp", "video", "freezeCount"))
                        .as("no freeze at the switch (the old participant's video goes on until the new keyframe)")
                        .isEqualTo(freezes);
            }

            page.showBoard();
            String row = "#board-body tr[data-call-id='" + id + "']";
            page.waitFor(
                    "Number(document.querySelector(\"" + row + " .sources\")?.dataset.count) === 6",
                    WAIT,
                    "six sources on the board");
            assertThat(page.browser.text(row + " .sources")).contains("★");
            page.screenshot("meeting-board");
            page.showRoom();
            page.screenshot("meeting");
            page.browser.click(card(id) + " .hangup");
            assertThat(page.awaitPill(id, "ended")).isEqualTo("ended: local-hangup");
        }
    }

    /** Waits until the centre of the call's decoded remote video is mostly the given primary colour. */
    static void awaitColour(RoomPage page, String id, String colour, Duration timeout) {
        int channel = switch (colour) {
            case "red" -> 0;
            case "green" -> 1;
            default -> 2;
        };
        page.waitFor(
                "(() => { const v = document.querySelector(\"" + card(id) + " .remote-video\");"
                        + " if (!v || v.videoWidth === 0) return false;"
                        + " const c = document.createElement('canvas'); c.width = 16; c.height = 16;"
                        + " const g = c.getContext('2d'); g.drawImage(v, v.videoWidth / 2 - 8, v.videoHeight / 2 - 8,"
                        + " 16, 16, 0, 0, 16, 16); const d = g.getImageData(8, 8, 1, 1).data;"
                        + " return d[" + channel + "] > 160 && [0, 1, 2].every((k) => k === " + channel
                        + " || d[k] < 90); })()",
                timeout,
                "the echoed video to turn " + colour);
    }
}
