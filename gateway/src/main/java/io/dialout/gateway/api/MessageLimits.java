package io.dialout.gateway.api;

/**
 * Bounds applied while validating client messages.
 *
 * @param maxMessageChars    longest text frame accepted (a Chromium offer with video is about 6-12 kB)
 * @param maxRingTimeoutSec  upper bound of {@code ringTimeoutSec}
 * @param maxDurationSec     upper bound of {@code maxDurationSec}
 */
public record MessageLimits(int maxMessageChars, int maxRingTimeoutSec, int maxDurationSec) {
    public static final int MIN_DTMF_MS = 40;
    public static final int MAX_DTMF_MS = 2000;
    public static final int DEFAULT_DTMF_MS = 100;
    public static final int MAX_DIGITS = 64;
    public static final int MAX_HEADERS = 16;
}
