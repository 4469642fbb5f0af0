package io.dialout.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RtpPacketTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void parsesFixedHeaderAndPayload() {
        // V=2, M=1, PT=0, seq=0x1234, ts=0x00000a00, ssrc=0xdeadbeef, payload 3 bytes
        byte[] b = hex("80 80 1234 00000a00 deadbeef 010203");
        RtpPacket p = RtpPacket.of(b, 0, b.length);
        assertThat(p.isValid()).isTrue();
        assertThat(p.version()).isEqualTo(2);
        assertThat(p.marker()).isTrue();
        assertThat(p.payloadType()).isZero();
        assertThat(p.sequence()).isEqualTo(0x1234);
        assertThat(p.timestamp()).isEqualTo(0xa00);
        assertThat(p.ssrc()).isEqualTo(0xdeadbeefL);
        assertThat(p.headerLength()).isEqualTo(12);
        assertThat(p.payloadOffset()).isEqualTo(12);
        assertThat(p.payloadLength()).isEqualTo(3);
    }

    @Test
    void csrcsExtensionAndPaddingAreSkipped() {
        // CC=2, X=1, P=1; extension profile 0xBEDE with 1 word; payload 2 bytes; padding 3 bytes (count 3)
        byte[] b = hex("b2 6f 0001 00000001 00000002 11111111 22222222 bede0001 10ff0000 aabb 000003");
        byte[] framed = new byte[b.length + 5];
        System.arraycopy(b, 0, framed, 5, b.length);
        RtpPacket p = RtpPacket.of(framed, 5, b.length);
        assertThat(p.isValid()).isTrue();
        assertThat(p.csrcCount()).isEqualTo(2);
        assertThat(p.csrc(1)).isEqualTo(0x22222222L);
        assertThat(p.hasExtension()).isTrue();
        assertThat(p.hasPadding()).isTrue();
        assertThat(p.payloadType()).isEqualTo(111);
        assertThat(p.headerLength()).isEqualTo(12 + 8 + 8);
        assertThat(p.payloadOffset()).isEqualTo(5 + 28);
        assertThat(p.payloadLength()).isEqualTo(2);
        assertThat(p.paddingLength()).isEqualTo(3);
    }

    @Test
    void settersRewriteInPlaceAndKeepOtherBits() {
        byte[] b = hex("90 80 0001 00000001 00000002 bede0000 55");
        RtpPacket p = RtpPacket.of(b, 0, b.length);
        p.setPayloadType(96);
        p.setSequence(0xfffe);
        p.setTimestamp(0xfffffff0L);
        p.setSsrc(0x80000001L);
        assertThat(p.marker()).isTrue();
        p.setMarker(false);
        RtpPacket q = RtpPacket.of(b, 0, b.length);
        assertThat(q.isValid()).isTrue();
        assertThat(q.hasExtension()).isTrue();
        assertThat(q.payloadType()).isEqualTo(96);
        assertThat(q.marker()).isFalse();
        assertThat(q.sequence()).isEqualTo(0xfffe);
        assertThat(q.timestamp()).isEqualTo(0xfffffff0L);
        assertThat(q.ssrc()).isEqualTo(0x80000001L);
        assertThat(q.payloadLength()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "empty,                         ''",
        "shorter than fixed header,     80000001000000010000",
        "version 1,                     40000001 00000001 00000001",
        "version 0 (STUN-like),         00010000 2112a442 00000000",
        "payload type 72 (RTCP SR),     80c80001 00000001 00000001",
        "payload type 73 (RTCP RR),     80490001 00000001 00000001",
        "CSRC list beyond the end,      83000001 00000001 00000001 00000002",
        "extension header cut,          90000001 00000001 00000001 bede",
        "extension words beyond end,    90000001 00000001 00000001 bede0002 00000000",
        "padding count zero,            a0000001 00000001 00000001 aa00",
        "padding longer than payload,   a0000001 00000001 00000001 aa09",
    })
    void malformedPacketsAreInvalidNotExceptions(String name, String hexBytes) {
        byte[] b = hexBytes == null ? new byte[0] : hex(hexBytes);
        RtpPacket p = new RtpPacket();
        assertThat(p.wrap(b, 0, b.length)).as(name).isFalse();
        assertThat(p.isValid()).isFalse();
    }

    @Test
    void boundsOutsideTheBufferAreInvalid() {
        byte[] b = hex("80000001 00000001 00000001 00");
        RtpPacket p = new RtpPacket();
        assertThat(p.wrap(b, 4, b.length)).isFalse();
        assertThat(p.wrap(null, 0, 12)).isFalse();
        assertThat(p.wrap(b, -1, 12)).isFalse();
    }

    @Test
    void randomBytesNeverThrow() {
        java.util.Random r = new java.util.Random(42);
        RtpPacket p = new RtpPacket();
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[r.nextInt(64)];
            r.nextBytes(b);
            if (b.length > 0 && r.nextBoolean()) {
                b[0] = (byte) (0x80 | (b[0] & 0x3f));
            }
            if (p.wrap(b, 0, b.length)) {
                assertThat(p.payloadLength()).isGreaterThanOrEqualTo(0);
                assertThat(p.payloadOffset() + p.payloadLength()).isLessThanOrEqualTo(b.length);
            }
        }
    }

    @Test
    void rtcpIsToldApartFromRtp() {
        assertThat(RtpPacket.looksLikeRtcp(hex("80c80006 00000001"), 0, 8)).isTrue();
        assertThat(RtpPacket.looksLikeRtcp(hex("81cd0002 00000001"), 0, 8)).isTrue();
        assertThat(RtpPacket.looksLikeRtcp(hex("80000001 00000001"), 0, 8)).isFalse();
        assertThat(RtpPacket.looksLikeRtcp(hex("806f0001 00000001"), 0, 8)).isFalse();
    }

    @Test
    void writtenHeaderParsesBack() {
        byte[] b = new byte[20];
        int h = RtpPacket.writeHeader(b, 0, true, 101, 65535, 4_000_000_000L, 0xcafebabeL);
        RtpPacket p = RtpPacket.of(b, 0, h + 4);
        assertThat(p.isValid()).isTrue();
        assertThat(p.marker()).isTrue();
        assertThat(p.payloadType()).isEqualTo(101);
        assertThat(p.sequence()).isEqualTo(65535);
        assertThat(p.timestamp()).isEqualTo(4_000_000_000L);
        assertThat(p.ssrc()).isEqualTo(0xcafebabeL);
    }
}
