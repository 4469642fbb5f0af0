package io.dialout.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

public class HeaderExtensionsTest {

    /** A packet with the given extension profile and extension bytes (padded to whole words), 10 bytes of payload. */
    public static RtpPacket withExtension(int profile, int... ext) {
        int words = (ext.length + 3) / 4;
        byte[] b = new byte[12 + 4 + 4 * words + 10];
        RtpPacket.writeHeader(b, 0, false, 111, 1, 960, 0xAA);
        b[0] |= 0x10;
        b[12] = (byte) (profile >> 8);
        b[13] = (byte) profile;
        b[15] = (byte) words;
        for (int i = 0; i < ext.length; i++) {
            b[16 + i] = (byte) ext[i];
        }
        return RtpPacket.of(b, 0, b.length);
    }

    @Test
    void oneByteFormFindsTheElementAfterOthersAndPadding() {
        // id 3 (2 bytes), padding, id 1 (audio level: V=1, 33 -dBov) as Chrome sends it (RFC 8285 section 4.2)
        RtpPacket p = withExtension(0xBEDE, 0x31, 0x12, 0x34, 0x00, 0x10, 0x80 | 33);
        assertThat(p.isValid()).isTrue();
        assertThat(HeaderExtensions.audioLevel(p, 1)).isEqualTo(33);
        assertThat(HeaderExtensions.find(p, 3) & 0xff).isEqualTo(2);
        assertThat(HeaderExtensions.audioLevel(p, 2)).isEqualTo(-1);
    }

    @Test
    void twoByteFormFindsTheElement() {
        // RFC 8285 section 4.3: id, length, data; profile 0x1000 with appbits 0
        RtpPacket p = withExtension(0x1000, 0x07, 0x01, 0x7f, 0x00, 0x05, 0x01, 0x0a);
        assertThat(HeaderExtensions.audioLevel(p, 5)).isEqualTo(10);
        assertThat(HeaderExtensions.audioLevel(p, 7)).isEqualTo(127);
    }

    @Test
    void noExtensionOrAnUnknownProfileOrATruncatedElementGivesNothing() {
        byte[] b = new byte[40];
        RtpPacket.writeHeader(b, 0, false, 111, 1, 960, 0xAA);
        assertThat(HeaderExtensions.audioLevel(RtpPacket.of(b, 0, b.length), 1)).isEqualTo(-1);
        assertThat(HeaderExtensions.audioLevel(withExtension(0x1234, 0x10, 0x05), 1))
                .isEqualTo(-1);
        // id 1 claims 16 bytes in a one-word extension
        assertThat(HeaderExtensions.audioLevel(withExtension(0xBEDE, 0x1f, 0x05, 0, 0), 1))
                .isEqualTo(-1);
    }
}
