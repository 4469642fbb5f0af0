package io.dialout.media.rtp;

/**
 * One reception report block (RFC 3550 section 6.4.1).
 *
 * @param fractionLost  8-bit fixed point fraction of packets lost since the previous report
 * @param cumulativeLost signed 24-bit total of packets lost
 * @param jitter        interarrival jitter in RTP timestamp units
 * @param lastSr        middle 32 bits of the NTP timestamp of the last SR from that source (0 if none)
 * @param delaySinceLastSr delay since that SR, in units of 1/65536 s
 */
public record ReportBlock(
        long ssrc,
        int fractionLost,
        int cumulativeLost,
        long extendedHighestSequence,
        long jitter,
        long lastSr,
        long delaySinceLastSr) {}
