package io.dialout.media.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 7983 section 7 first-byte ranges and RFC 5761 section 4 RTP/RTCP split. */
class PacketClassTest {
    @ParameterizedTest
    @CsvSource({
        "0, 1, STUN",
        "3, 0, STUN",
        "4, 0, OTHER",
        "16, 0, OTHER",
        "19, 0, OTHER",
        "20, 254, DTLS",
        "22, 254, DTLS",
        "63, 0, DTLS",
        "64, 0, OTHER",
        "79, 0, OTHER",
        "127, 0, OTHER",
        "128, 0, RTP",
        "128, 111, RTP",
        "144, 239, RTP",
        "128, 191, RTP",
        "128, 192, RTCP",
        "129, 200, RTCP",
        "128, 201, RTCP",
        "129, 205, RTCP",
        "128, 206, RTCP",
        "128, 223, RTCP",
        "128, 224, RTP",
        "191, 0, RTP",
        "192, 0, OTHER",
        "255, 0, OTHER"
    })
    void classifiesByTheFirstBytes(int first, int second, PacketClass expected) {
        byte[] b = {(byte) first, (byte) second, 0, 0};
        assertThat(PacketClass.of(b, 0, b.length)).isEqualTo(expected);
    }
}
