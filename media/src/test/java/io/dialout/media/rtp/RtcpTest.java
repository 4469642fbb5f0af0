package io.dialout.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RtcpTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void compoundSrSdesRoundTrip() {
        byte[] b = new byte[200];
        ReportBlock block = new ReportBlock(0x11223344L, 64, -3, 70_000, 12, 0xabcd1234L, 65536);
        long ntp = NtpTime.fromEpochMillis(1_700_000_000_123L);
        int n = RtcpWriter.senderReport(b, 0, 0xaaaa0001L, ntp, 160_000, 500, 80_000, List.of(block));
        n += RtcpWriter.sdesCname(b, n, 0xaaaa0001L, "gw@example");
        n += RtcpWriter.bye(b, n, 0xaaaa0001L);

        RtcpReader r = RtcpReader.of(b, 0, n);
        assertThat(r.next()).isTrue();
        assertThat(r.packetType()).isEqualTo(RtcpReader.SR);
        assertThat(r.senderSsrc()).isEqualTo(0xaaaa0001L);
        assertThat(r.ntpTimestamp()).isEqualTo(ntp);
        assertThat(r.srRtpTimestamp()).isEqualTo(160_000);
        assertThat(r.senderPacketCount()).isEqualTo(500);
        assertThat(r.senderOctetCount()).isEqualTo(80_000);
        assertThat(r.reportBlockCount()).isEqualTo(1);
        assertThat(r.reportBlock(0)).isEqualTo(block);

        assertThat(r.next()).isTrue();
        assertThat(r.packetType()).isEqualTo(RtcpReader.SDES);
        assertThat(r.sdesCname()).isEqualTo("gw@example");
        assertThat(r.packetLength() % 4).isZero();

        assertThat(r.next()).isTrue();
        assertThat(r.packetType()).isEqualTo(RtcpReader.BYE);
        assertThat(r.byeSsrc(0)).isEqualTo(0xaaaa0001L);
        assertThat(r.next()).isFalse();
        assertThat(r.malformed()).isFalse();
    }

    @Test
    void receiverReportWithTwoBlocks() {
        byte[] b = new byte[100];
        int n = RtcpWriter.receiverReport(
                b,
                0,
                7,
                List.of(new ReportBlock(1, 0, 0, 10, 0, 0, 0), new ReportBlock(2, 255, 0x7fffff, 20, 99, 5, 6)));
        RtcpReader r = RtcpReader.of(b, 0, n);
        assertThat(r.next()).isTrue();
        assertThat(r.packetType()).isEqualTo(RtcpReader.RR);
        assertThat(r.reportBlockCount()).isEqualTo(2);
        assertThat(r.blockSsrc(1)).isEqualTo(2);
        assertThat(r.blockFractionLost(1)).isEqualTo(255);
        assertThat(r.blockCumulativeLost(1)).isEqualTo(0x7fffff);
        assertThat(r.blockJitter(1)).isEqualTo(99);
        assertThat(r.next()).isFalse();
    }

    @Test
    void pliFirAndNackRoundTrip() {
        byte[] b = new byte[100];
        int n = RtcpWriter.pli(b, 0, 1, 2);
        n += RtcpWriter.fir(b, n, 3, 4, 9);
        n += RtcpWriter.nack(b, n, 5, 6, 100, 0b101);
        RtcpReader r = RtcpReader.of(b, 0, n);
        assertThat(r.next()).isTrue();
        assertThat(r.isPli()).isTrue();
        assertThat(r.senderSsrc()).isEqualTo(1);
        assertThat(r.mediaSsrc()).isEqualTo(2);
        r.setMediaSsrc(0x99);
        assertThat(r.mediaSsrc()).isEqualTo(0x99);
        assertThat(r.next()).isTrue();
        assertThat(r.isFir()).isTrue();
        assertThat(r.firCount()).isEqualTo(1);
        assertThat(r.firSsrc(0)).isEqualTo(4);
        assertThat(r.firSequence(0)).isEqualTo(9);
        assertThat(r.next()).isTrue();
        assertThat(r.isNack()).isTrue();
        assertThat(r.nackedSequences()).containsExactly(100, 101, 103);
        assertThat(r.next()).isFalse();
    }

    @Test
    void nackPacksSequencesIntoPidAndBitmask() {
        byte[] b = new byte[100];
        int[] lost = {65534, 65535, 0, 15, 40};
        int n = RtcpWriter.nack(b, 0, 1, 2, lost, lost.length);
        RtcpReader r = RtcpReader.of(b, 0, n);
        assertThat(r.next()).isTrue();
        assertThat(r.nackCount()).isEqualTo(3); // 65534 + {65535, 0} (bits cover +1..+16), then 15, then 40
        assertThat(r.nackedSequences()).containsExactly(65534, 65535, 0, 15, 40);
    }

    @Test
    void parsesRembAsChromeSendsIt() {
        // PSFB FMT 15, sender 1, media 0, "REMB", 1 SSRC, exp 5 mantissa 0x3d090 (250000) -> 8,000,000 bit/s
        byte[] b = hex("8fce0005 00000001 00000000 52454d42 0117d090 cafebabe");
        RtcpReader r = RtcpReader.of(b, 0, b.length);
        assertThat(r.next()).isTrue();
        assertThat(r.isRemb()).isTrue();
        assertThat(r.rembBitrate()).isEqualTo(0x3d090L << 5);
        assertThat(r.rembSsrcCount()).isEqualTo(1);
        assertThat(r.rembSsrc(0)).isEqualTo(0xcafebabeL);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "header cut,                 80c8",
        "version 1,                  40c90001 00000001",
        "length beyond the buffer,   80c90005 00000001",
        "SR too short for itself,    80c80001 00000001",
        "RR count beyond length,     81c90001 00000001",
        "PLI without media SSRC,     81ce0001 00000001",
        "second packet cut,          80c90001 00000001 80c9",
    })
    void malformedCompoundsStopWithoutThrowing(String name, String hexBytes) {
        byte[] b = hex(hexBytes);
        RtcpReader r = RtcpReader.of(b, 0, b.length);
        int packets = 0;
        while (r.next()) {
            packets++;
        }
        assertThat(r.malformed()).as(name).isTrue();
        assertThat(packets).isLessThanOrEqualTo(1);
    }

    @Test
    void malformedSdesGivesNoItems() {
        byte[] b = hex("81ca0002 00000001 010a6162"); // CNAME claims 10 bytes, 2 present
        RtcpReader r = RtcpReader.of(b, 0, b.length);
        assertThat(r.next()).isTrue();
        assertThat(r.sdesItems()).isEmpty();
        assertThat(r.sdesCname()).isNull();
    }

    @Test
    void randomBytesNeverThrow() {
        java.util.Random rnd = new java.util.Random(7);
        RtcpReader r = new RtcpReader();
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[rnd.nextInt(80)];
            rnd.nextBytes(b);
            if (b.length > 1) {
                b[0] = (byte) (0x80 | (b[0] & 0x3f));
                b[1] = (byte) (200 + rnd.nextInt(7));
            }
            r.reset(b, 0, b.length);
            while (r.next()) {
                r.senderSsrc();
                r.reportBlockCount();
                r.sdesItems();
                r.nackedSequences();
                if (r.isRemb()) {
                    r.rembBitrate();
                }
                for (int k = 0; k < r.reportBlockCount(); k++) {
                    r.reportBlock(k);
                }
            }
        }
    }
}
