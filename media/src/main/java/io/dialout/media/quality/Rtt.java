package io.dialout.media.quality;

/**
 * Round-trip time from a reception report block (RFC 3550 section 6.4.1): {@code A - LSR - DLSR}, where {@code A} is
 * when the report arrived, LSR the middle 32 bits of the NTP timestamp of the last SR we sent that the reporter had
 * received, and DLSR the delay the reporter held it; all three in units of 1/65536 s.
 */
public final class Rtt {
    private Rtt() {}

    /**
     * @param arrivalMiddle32 the middle 32 bits of the NTP time when the report arrived
     * @return the round trip in ms, or -1 when the block has no LSR (the reporter has not had an SR from us yet) or
     *     the result is not plausible (clocks stepped: negative, or over a minute)
     */
    public static double millis(long arrivalMiddle32, long lsr, long dlsr) {
        if (lsr == 0) {
            return -1; // RFC 3550 6.4.1: LSR is zero when no SR has been received
        }
        long units = (arrivalMiddle32 - lsr - dlsr) & 0xffffffffL; // modulo 2^32, as the fields wrap
        if (units >= 0x8000_0000L) {
            return -1;
        }
        double ms = units * 1000.0 / 65536.0;
        return ms > 60_000 ? -1 : ms;
    }
}
