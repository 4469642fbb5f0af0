package io.dialout.media.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dialout.media.rtp.NtpTime;
import org.junit.jupiter.api.Test;

/** RFC 3550 section 6.4.1: RTT = A - LSR - DLSR, in 1/65536 s. */
class RttTest {

    @Test
    void theRfcExample() {
        // RFC 3550 figure 2: A = 0xb710:8000 (46864.500 s), LSR = 0xb705:2000 (46853.125 s), DLSR = 0x0005:4000
        // (5.250 s): the round trip is 6.125 s.
        assertThat(Rtt.millis(0xb7108000L, 0xb7052000L, 0x00054000L)).isCloseTo(6125, within(0.001));
    }

    @Test
    void fromWallClockTimes() {
        long sentSr = NtpTime.middle32(NtpTime.fromEpochMillis(1_700_000_000_000L));
        long arrival = NtpTime.middle32(NtpTime.fromEpochMillis(1_700_000_000_000L + 1_080));
        long held = 1_000L * 65536 / 1000; // the peer held our SR 1 s
        assertThat(Rtt.millis(arrival, sentSr, held)).isCloseTo(80, within(0.1));
    }

    @Test
    void wrapsModulo32Bits() {
        assertThat(Rtt.millis(0x0000_0010L, 0xffff_fff0L, 0)).isCloseTo(32 * 1000.0 / 65536, within(1e-9));
    }

    @Test
    void noLsrOrImplausibleGivesNone() {
        assertThat(Rtt.millis(1000, 0, 0)).isEqualTo(-1);
        assertThat(Rtt.millis(1000, 2000, 0)).isEqualTo(-1); // negative: clocks stepped
    }
}
