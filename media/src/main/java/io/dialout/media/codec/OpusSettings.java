package io.dialout.media.codec;

/**
 * Opus encoder settings for a mono voice leg (RFC 7587; in-band FEC per RFC 6716 section 2.1.7).
 *
 * @param bitrate            target bits per second
 * @param complexity         0-10: CPU against quality
 * @param inbandFec          put LBRR data for the previous frame in each packet, so the receiver can recover a loss
 * @param expectedLossPercent what the encoder plans FEC for (FEC is only sent when this is above 0)
 */
public record OpusSettings(int bitrate, int complexity, boolean inbandFec, int expectedLossPercent) {

    /**
     * 32 kbit/s (transparent for one voice), complexity 5 (a gateway codes many calls: docs/benchmarks.md has the
     * cost per complexity), FEC planned for 10% loss.
     */
    public static final OpusSettings DEFAULT = new OpusSettings(32000, 5, true, 10);

    public OpusSettings {
        if (bitrate < 6000 || bitrate > 510000) {
            throw new IllegalArgumentException("bitrate out of range: " + bitrate);
        }
        if (complexity < 0 || complexity > 10) {
            throw new IllegalArgumentException("complexity out of range: " + complexity);
        }
        if (expectedLossPercent < 0 || expectedLossPercent > 100) {
            throw new IllegalArgumentException("loss percent out of range: " + expectedLossPercent);
        }
    }
}
