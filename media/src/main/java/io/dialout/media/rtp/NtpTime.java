package io.dialout.media.rtp;

/** NTP timestamps for sender reports (RFC 3550 section 4: seconds since 1900 in 32.32 fixed point). */
public final class NtpTime {
    private static final long EPOCH_OFFSET_SECONDS = 2_208_988_800L; // 1900-01-01 to 1970-01-01

    private NtpTime() {}

    public static long fromEpochMillis(long millis) {
        long seconds = millis / 1000 + EPOCH_OFFSET_SECONDS;
        long fraction = ((millis % 1000) << 32) / 1000;
        return (seconds << 32) | fraction;
    }

    /** The middle 32 bits, as carried in the LSR field of a report block (RFC 3550 section 6.4.1). */
    public static long middle32(long ntp) {
        return (ntp >>> 16) & 0xffffffffL;
    }
}
