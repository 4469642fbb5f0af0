package io.dialout.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing (Jazzer) of every text frame a room can send on /v1/dialout: the parse and validation of
 * {@code dial}, {@code candidate}, {@code hangup}, {@code dtmf}, {@code hold}/{@code resume}. Any input either
 * becomes a message or a {@link BadMessage} with an error code (which the room gets as {@code error}); no other
 * exception, since one would escape the endpoint's handler. Seeds: {@code ClientMessageFuzzerInputs/}, the API's
 * messages with a dial that carries a captured Chromium offer.
 */
class ClientMessageFuzzer {
    private final MessageParser parser = new MessageParser(new ObjectMapper(), new MessageLimits(65536, 300, 86400));

    @FuzzTest(maxDuration = "4s")
    void textFrames(byte[] data) {
        String frame = new String(data, StandardCharsets.UTF_8);
        try {
            ClientMessage m = parser.parse(frame);
            assertThat(m).isNotNull();
        } catch (BadMessage e) {
            assertThat(e.code()).isNotNull();
        }
    }
}
