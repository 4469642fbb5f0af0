package io.dialout.demo;

import java.time.Duration;

/**
 * Settings of the demo SIP endpoint.
 *
 * @param bindAddress     address for SIP (UDP and TCP) and RTP, normally 127.0.0.1
 * @param sipPort         SIP port on UDP and TCP; 0 picks a free one ({@link DemoSipEndpoint#sipPort()} tells which)
 * @param rtpPortMin      first port of the RTP/RTCP range (inclusive); 0 with {@code rtpPortMax} 0: ephemeral ports
 * @param rtpPortMax      last port of the RTP/RTCP range (inclusive)
 * @param toneHz          frequency of the {@code tone} user's sine (440 Hz unless told)
 * @param maxCallDuration every call (ringing or answered) ends after this, so nothing leaks
 */
public record DemoConfig(
        String bindAddress, int sipPort, int rtpPortMin, int rtpPortMax, double toneHz, Duration maxCallDuration) {

    public static final Duration DEFAULT_MAX_CALL_DURATION = Duration.ofHours(1);
    public static final double DEFAULT_TONE_HZ = 440;

    public DemoConfig {
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("bindAddress is required");
        }
        if (sipPort < 0 || sipPort > 65535) {
            throw new IllegalArgumentException("sipPort out of range: " + sipPort);
        }
        boolean ephemeral = rtpPortMin == 0 && rtpPortMax == 0;
        if (!ephemeral && (rtpPortMin < 1024 || rtpPortMax > 65535 || rtpPortMax - rtpPortMin < 1)) {
            throw new IllegalArgumentException("RTP range needs at least two ports in 1024..65535 (or 0-0 for"
                    + " ephemeral ports): " + rtpPortMin + "-" + rtpPortMax);
        }
        if (!(toneHz > 0 && toneHz < 4000)) {
            throw new IllegalArgumentException("toneHz must be in (0, 4000): " + toneHz);
        }
        if (maxCallDuration == null || maxCallDuration.isNegative() || maxCallDuration.isZero()) {
            throw new IllegalArgumentException("maxCallDuration must be positive");
        }
    }

    /** The five settings the gateway passes; calls end after {@link #DEFAULT_MAX_CALL_DURATION}. */
    public DemoConfig(String bindAddress, int sipPort, int rtpPortMin, int rtpPortMax, double toneHz) {
        this(bindAddress, sipPort, rtpPortMin, rtpPortMax, toneHz, DEFAULT_MAX_CALL_DURATION);
    }

    /** Loopback, a free SIP port, ephemeral RTP ports, 440 Hz. */
    public static DemoConfig loopback() {
        return new DemoConfig("127.0.0.1", 0, 0, 0, DEFAULT_TONE_HZ);
    }

    public DemoConfig withMaxCallDuration(Duration d) {
        return new DemoConfig(bindAddress, sipPort, rtpPortMin, rtpPortMax, toneHz, d);
    }

    boolean ephemeralRtpPorts() {
        return rtpPortMin == 0 && rtpPortMax == 0;
    }
}
