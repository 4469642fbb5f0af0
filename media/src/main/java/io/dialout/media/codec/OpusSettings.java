package io.dialout.media.codec;

/**
 * Opus encoder settings for a mono voice leg (RFC 7587; in-band FEC per RFC 6716 section 2.1.7).
 *
 * @param bitrate             target bits per second
 * @param complexity          0-10: CPU against quality, for audio wider than 8 kHz (CELT or hybrid coding: a mix,
 *                            or Opus from Opus)
 * @param inbandFec           put LBRR data for the previous frame in each packet, so the receiver can recover a loss
 * @param expectedLossPercent what the encoder plans FEC for (FEC is only sent when this is above 0)
 * @param silkComplexity      0-10, for audio that holds nothing above 8 kHz (from G.711 or G.722): SILK alone codes
 *                            it (RFC 6716 section 2.1), and SILK's cost rises steeply with complexity (the delayed
 *                            decision quantiser from 2 on: docs/benchmarks.md has the figures)
 */
public record OpusSettings(
        int bitrate, int complexity, boolean inbandFec, int expectedLossPercent, int silkComplexity) {

    /** Complexity for narrowband and wideband input unless told otherwise: one SILK quantiser state, no warping. */
    public static final int DEFAULT_SILK_COMPLEXITY = 1;

    /**
     * 32 kbit/s (transparent for one voice), complexity 5 (a gateway codes many calls: docs/benchmarks.md has the
     * cost per complexity), FEC planned for 10% loss; complexity 1 for what G.711 and G.722 can carry.
     */
    public static final OpusSettings DEFAULT = new OpusSettings(32000, 5, true, 10);

    public OpusSettings {
        if (bitrate < 6000 || bitrate > 510000) {
            throw new IllegalArgumentException("bitrate out of range: " + bitrate);
        }
        if (complexity < 0 || complexity > 10) {
            throw new IllegalArgumentException("complexity out of range: " + complexity);
        }
        if (silkComplexity < 0 || silkComplexity > 10) {
            throw new IllegalArgumentException("SILK complexity out of range: " + silkComplexity);
        }
        if (expectedLossPercent < 0 || expectedLossPercent > 100) {
            throw new IllegalArgumentException("loss percent out of range: " + expectedLossPercent);
        }
    }

    /** Settings with {@link #DEFAULT_SILK_COMPLEXITY} (or {@code complexity}, if lower) for SILK-only input. */
    public OpusSettings(int bitrate, int complexity, boolean inbandFec, int expectedLossPercent) {
        this(bitrate, complexity, inbandFec, expectedLossPercent, Math.min(complexity, DEFAULT_SILK_COMPLEXITY));
    }

    /**
     * The complexity for input that holds nothing above {@code audioBandwidthHz}: up to 8 kHz (wideband, RFC 6716
     * section 2 Table 1) the encoder runs SILK alone, and {@link #silkComplexity} applies.
     */
    public int complexityFor(int audioBandwidthHz) {
        return audioBandwidthHz <= 8000 ? silkComplexity : complexity;
    }
}
