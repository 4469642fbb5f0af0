package io.dialout.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The chromium room starts and offers what a WebRTC gateway expects from a browser. */
class ChromiumPeerTest {
    @Test
    void offersAudioAndVideoWithIceAndDtls() {
        try (ChromiumPeer room =
                ChromiumPeer.launch(new ChromiumPeer.Options().audioToneHz(440).video(true))) {
            String offer = room.createOffer();
            assertThat(offer)
                    .contains(
                            "m=audio ",
                            "m=video ",
                            "a=ice-ufrag:",
                            "a=fingerprint:sha-256 ",
                            "a=setup:actpass",
                            "a=rtcp-mux",
                            "opus/48000/2",
                            "a=candidate:");
            assertThat(room.states()).containsEntry("signaling", "have-local-offer");
            assertThat(room.outboundAudioPackets()).isZero();
        }
    }

    @Test
    void drivesAPage() throws Exception {
        try (ChromiumPeer browser = ChromiumPeer.launch(new ChromiumPeer.Options().pageMode())) {
            browser.open("data:text/html,<input id=n><button id=b onclick=\"o.textContent='hi '+n.value\">go</button>"
                    + "<p id=o></p>");
            browser.fill("#n", "room");
            browser.click("#b");
            assertThat(browser.awaitText("#o", "hi room", java.time.Duration.ofSeconds(10)))
                    .isEqualTo("hi room");
            assertThat(browser.count("button")).isEqualTo(1);
            java.nio.file.Path shot = java.nio.file.Files.createTempFile("page", ".png");
            browser.screenshot(shot);
            assertThat(java.nio.file.Files.size(shot)).isGreaterThan(100);
            java.nio.file.Files.delete(shot);
        }
    }
}
