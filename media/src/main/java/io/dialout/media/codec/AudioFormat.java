package io.dialout.media.codec;

import java.util.Locale;

/**
 * An RTP audio format the gateway can decode and encode.
 * <p>
 * {@code rtpClockRate} is the rate of the RTP timestamp; {@code sampleRate} is the rate of the PCM the codec works on.
 * They differ only for G.722, whose RTP clock is 8000 although it samples at 16000 (RFC 3551 section 4.5.2).
 * {@code channels} is as written in the SDP rtpmap (Opus is always "opus/48000/2", RFC 7587 section 7); the codecs
 * themselves decode and encode mono, which is what a phone call carries.
 *
 * @param name         encoding name as in SDP: "opus", "PCMU", "PCMA" or "G722" (case-insensitive on input)
 * @param rtpClockRate RTP timestamp rate in Hz
 * @param sampleRate   PCM sample rate of the codec in Hz
 * @param channels     rtpmap channel count
 * @param payloadType  RTP payload type (0-127)
 */
public record AudioFormat(String name, int rtpClockRate, int sampleRate, int channels, int payloadType) {

    public static final String OPUS = "opus";
    public static final String PCMU = "PCMU";
    public static final String PCMA = "PCMA";
    public static final String G722 = "G722";

    /** Every frame the transcoder handles is 20 ms long. */
    public static final int FRAME_MS = 20;

    public AudioFormat {
        name = canonicalName(name);
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type out of range: " + payloadType);
        }
        int expectedClock = name.equals(OPUS) ? 48000 : 8000;
        int expectedRate = switch (name) {
            case OPUS -> 48000;
            case G722 -> 16000;
            default -> 8000;
        };
        if (rtpClockRate != expectedClock || sampleRate != expectedRate) {
            throw new IllegalArgumentException(name + " needs RTP clock " + expectedClock + " and sample rate "
                    + expectedRate + ", got " + rtpClockRate + "/" + sampleRate);
        }
        if (channels < 1 || channels > 2) {
            throw new IllegalArgumentException("channels must be 1 or 2: " + channels);
        }
    }

    /** Opus as WebRTC offers it: opus/48000/2 (RFC 7587 section 7). */
    public static AudioFormat opus(int payloadType) {
        return new AudioFormat(OPUS, 48000, 48000, 2, payloadType);
    }

    /** G.711 mu-law, static payload type 0 (RFC 3551 section 6). */
    public static AudioFormat pcmu() {
        return new AudioFormat(PCMU, 8000, 8000, 1, 0);
    }

    /** G.711 A-law, static payload type 8 (RFC 3551 section 6). */
    public static AudioFormat pcma() {
        return new AudioFormat(PCMA, 8000, 8000, 1, 8);
    }

    /** G.722, static payload type 9, RTP clock 8000 but 16 kHz audio (RFC 3551 section 4.5.2). */
    public static AudioFormat g722() {
        return new AudioFormat(G722, 8000, 16000, 1, 9);
    }

    /**
     * The format for an SDP rtpmap entry ({@code name/clockRate[/channels]}), filling in the sample rate. The clock
     * rate is the one each codec's RTP payload format fixes (Opus 48000, RFC 7587 section 4.1; G.711 and G.722 8000,
     * RFC 3551 section 6), whatever the SDP says: a phone that writes "G722/16000" still stamps 8000 Hz.
     *
     * @throws IllegalArgumentException when the codec is not one the gateway transcodes
     */
    public static AudioFormat fromRtpmap(String name, int clockRate, int channels, int payloadType) {
        String canonical = canonicalName(name);
        return switch (canonical) {
            case OPUS -> new AudioFormat(OPUS, 48000, 48000, Math.max(1, Math.min(2, channels)), payloadType);
            case G722 -> new AudioFormat(G722, 8000, 16000, 1, payloadType);
            default -> new AudioFormat(canonical, 8000, 8000, 1, payloadType);
        };
    }

    /** True when {@link #fromRtpmap} accepts this encoding name. */
    public static boolean isSupported(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return upper.equals("OPUS") || upper.equals(PCMU) || upper.equals(PCMA) || upper.equals(G722);
    }

    /** PCM samples (mono) in one 20 ms frame at {@link #sampleRate()}. */
    public int samplesPerFrame() {
        return sampleRate / 1000 * FRAME_MS;
    }

    /** RTP timestamp units in one 20 ms frame at {@link #rtpClockRate()}. */
    public int timestampIncrement() {
        return rtpClockRate / 1000 * FRAME_MS;
    }

    /** Same codec (payload type aside): audio can pass through without transcoding. */
    public boolean sameCodec(AudioFormat other) {
        return name.equals(other.name) && rtpClockRate == other.rtpClockRate;
    }

    private static String canonicalName(String name) {
        if (name == null) {
            throw new IllegalArgumentException("codec name is null");
        }
        String upper = name.toUpperCase(Locale.ROOT);
        return switch (upper) {
            case "OPUS" -> OPUS;
            case PCMU, PCMA, G722 -> upper;
            default -> throw new IllegalArgumentException("unsupported audio codec: " + name);
        };
    }
}
