package io.dialout.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.testkit.Tone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class G711Test {

    /** Code points of G.711 Table 2a (mu-law): segment s, step q decode to ((2q + 33) << s) - 33 in 14-bit units, times 4. */
    @ParameterizedTest
    @CsvSource({
        "0xFF, 0",
        "0x7F, 0",
        "0x80, 32124",
        "0x00, -32124",
        "0xF0, 120",
        "0x70, -120",
        "0xEF, 132",
        "0xCF, 924",
        "0x8F, 16764",
        "0x9F, 8316"
    })
    void ulawDecodesKnownCodes(String code, int linear) {
        assertThat(G711.ulawToLinear(Integer.decode(code))).isEqualTo((short) linear);
    }

    /** Code points of G.711 Table 1a (A-law, even bits inverted): segment 0 decodes to 2q + 1, segment s >= 1 to (2q + 33) << (s - 1), 13-bit units times 8. */
    @ParameterizedTest
    @CsvSource({
        "0xD5, 8",
        "0x55, -8",
        "0xAA, 32256",
        "0x2A, -32256",
        "0xD4, 24",
        "0xC5, 264",
        "0xF5, 528",
        "0xFA, 1008",
        "0x80, 5504"
    })
    void alawDecodesKnownCodes(String code, int linear) {
        assertThat(G711.alawToLinear(Integer.decode(code))).isEqualTo((short) linear);
    }

    /**
     * The whole mapping, every 16-bit input and every code, equals spandsp's (digests printed by
     * src/test/resources/g711/make-hashes.py).
     */
    @ParameterizedTest
    @CsvSource({
        "false, 5ee7cf5f273f842d2234121e4cb0c98d6b20a99ac29026f94e05b36955b195be, "
                + "3dab54339e520bb2c924826e3b72a917a2b612e9fd12fc867500f1d983a75827",
        "true, 38488f6fd710f4686360edc4d38639f96c491595ef93f8eb8d62d5e07ca6ce7b, "
                + "e04788d110e58ff8c70c93b8480190d973e3b67876b6119abbaec766cc75c174"
    })
    void tablesMatchSpandspBitForBit(boolean alaw, String encodeDigest, String decodeDigest) throws Exception {
        byte[] codes = new byte[65536];
        for (int s = Short.MIN_VALUE; s <= Short.MAX_VALUE; s++) {
            codes[s + 32768] = alaw ? G711.linearToAlaw(s) : G711.linearToUlaw(s);
        }
        java.nio.ByteBuffer decoded = java.nio.ByteBuffer.allocate(512).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int code = 0; code < 256; code++) {
            decoded.putShort(alaw ? G711.alawToLinear(code) : G711.ulawToLinear(code));
        }
        assertThat(sha256(codes)).isEqualTo(encodeDigest);
        assertThat(sha256(decoded.array())).isEqualTo(decodeDigest);
    }

    private static String sha256(byte[] data) throws Exception {
        return java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
    }

    @Test
    void encodesZeroAndExtremes() {
        assertThat(G711.linearToUlaw(0) & 0xFF).isEqualTo(0xFF);
        assertThat(G711.linearToUlaw(32767) & 0xFF).isEqualTo(0x80);
        assertThat(G711.linearToUlaw(-32768) & 0xFF).isEqualTo(0x00);
        assertThat(G711.linearToAlaw(0) & 0xFF).isEqualTo(0xD5);
        assertThat(G711.linearToAlaw(32767) & 0xFF).isEqualTo(0xAA);
        assertThat(G711.linearToAlaw(-32768) & 0xFF).isEqualTo(0x2A);
    }

    @Test
    void everyCodeSurvivesDecodeThenEncode() {
        for (int code = 0; code < 256; code++) {
            int ulaw = G711.linearToUlaw(G711.ulawToLinear(code)) & 0xFF;
            // 0x7F (negative zero) decodes to 0 which encodes as 0xFF: the only code that is not its own image.
            assertThat(ulaw).as("mu-law code %02x", code).isEqualTo(code == 0x7F ? 0xFF : code);
            assertThat(G711.linearToAlaw(G711.alawToLinear(code)) & 0xFF)
                    .as("A-law code %02x", code)
                    .isEqualTo(code);
        }
    }

    @Test
    void encodingIsMonotonic() {
        int previousU = G711.ulawToLinear(G711.linearToUlaw(Short.MIN_VALUE));
        int previousA = G711.alawToLinear(G711.linearToAlaw(Short.MIN_VALUE));
        for (int s = Short.MIN_VALUE + 1; s <= Short.MAX_VALUE; s++) {
            int u = G711.ulawToLinear(G711.linearToUlaw(s));
            int a = G711.alawToLinear(G711.linearToAlaw(s));
            assertThat(u).isGreaterThanOrEqualTo(previousU);
            assertThat(a).isGreaterThanOrEqualTo(previousA);
            previousU = u;
            previousA = a;
        }
    }

    @ParameterizedTest
    @CsvSource({"false, 1000", "true, 1000", "false, 440", "true, 440"})
    void toneRoundTripKeepsSnrAboveG711Figure(boolean alaw, double freq) {
        short[] tone = Tone.sine(freq, 8000, 1000, 0.5);
        byte[] coded = new byte[tone.length];
        short[] back = new short[tone.length];
        if (alaw) {
            G711.encodeAlaw(tone, 0, tone.length, coded, 0);
            G711.decodeAlaw(coded, 0, coded.length, back, 0);
        } else {
            G711.encodeUlaw(tone, 0, tone.length, coded, 0);
            G711.decodeUlaw(coded, 0, coded.length, back, 0);
        }
        // Log companding keeps the SNR of a loud tone near 35-38 dB (G.712 asks about 35 dB at -10 dBm0); a 1 kHz tone
        // at 8 kHz repeats the same 8 sample values, so its error is not averaged out and lands near 34 dB.
        assertThat(SignalQuality.snrDb(tone, back, 0, tone.length, 0)).isGreaterThan(33);
        assertThat(SignalQuality.dominant(back, 0, back.length, 8000, 100, 3900))
                .isCloseTo(freq, org.assertj.core.data.Offset.offset(1.0));
    }
}
