package io.dialout.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The chromium room starts and offers what a WebRTC gateway expects from a browser. */
class ChromiumPeerTest {
    @Test
    void offersAudioAndVideoWithIceAndDtls() {
        try (ChromiumPeer room = ChromiumPeer.launch(new ChromiumPeer.Options().audioToneHz(440).video(true))) {
            String offer = room.createOffer();
            assertThat(offer).contains("m=audio ", "m=video ", "a=ice-ufrag:", "a=fingerprint:sha-256 ",
                    "a=setup:actpass", "a=rtcp-mux", "opus/48000/2", "a=candidate:");
            assertThat(room.states()).containsEntry("signaling", "have-local-offer");
            assertThat(room.outboundAudioPackets()).isZero();
        }
    }
}
