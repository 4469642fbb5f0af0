package io.dialout.media.codec;

/** Builds the decoder and encoder for an {@link AudioFormat}. */
public final class AudioCodecs {

    private AudioCodecs() {}

    /** True when libjitsi's native Opus loaded in this JVM (logged once, at first use). */
    public static boolean nativeOpusAvailable() {
        return LibjitsiOpusLoader.available();
    }

    public static AudioDecoder decoder(AudioFormat format, CodecOptions options) {
        return decoder(format, options, format.sampleRate());
    }

    /**
     * A decoder whose PCM comes at {@code pcmRate} where the codec can decode at that rate itself: Opus decodes at
     * 8, 12, 16, 24 or 48 kHz (RFC 6716 section 2: it then codes only the bands below the rate's Nyquist frequency,
     * and its own resampler is cheaper than decoding everything and resampling afterwards). Other codecs, and rates
     * Opus cannot run at, keep the format's sample rate: check {@link AudioDecoder#sampleRate()}.
     */
    public static AudioDecoder decoder(AudioFormat format, CodecOptions options, int pcmRate) {
        return switch (format.name()) {
            case AudioFormat.PCMU -> new G711Codec.Decoder(false);
            case AudioFormat.PCMA -> new G711Codec.Decoder(true);
            case AudioFormat.G722 -> new G722Codec.Decoder();
            case AudioFormat.OPUS ->
                // Concentus 1.0.2 decodes CELT and hybrid packets to silence below 48 kHz: the fallback stays there
                useNative(options)
                        ? new NativeOpusCodec.Decoder(opusRate(pcmRate))
                        : new ConcentusOpusCodec.Decoder(NativeOpusCodec.SAMPLE_RATE);
            default -> throw new IllegalArgumentException("no decoder for " + format);
        };
    }

    public static AudioEncoder encoder(AudioFormat format, CodecOptions options) {
        return encoder(format, options, format.sampleRate() / 2);
    }

    /**
     * An encoder for audio that holds nothing above {@code audioBandwidthHz} (half the sample rate it was decoded
     * at). Opus then codes only that band: from G.711 narrowband, from G.722 wideband. Nothing is lost, and the
     * encoder runs SILK alone instead of SILK plus CELT, at a fraction of the CPU.
     */
    public static AudioEncoder encoder(AudioFormat format, CodecOptions options, int audioBandwidthHz) {
        return encoder(format, options, audioBandwidthHz, format.sampleRate());
    }

    /**
     * As {@link #encoder(AudioFormat, CodecOptions, int)}, taking PCM at {@code pcmRate} where the codec can: Opus
     * encodes from 8, 12, 16, 24 or 48 kHz PCM (RFC 6716 section 2), so G.711's 8 kHz audio goes to SILK's narrowband
     * coder without being brought to 48 kHz and back down inside the encoder. Check {@link AudioEncoder#sampleRate()}.
     */
    public static AudioEncoder encoder(AudioFormat format, CodecOptions options, int audioBandwidthHz, int pcmRate) {
        return switch (format.name()) {
            case AudioFormat.PCMU -> new G711Codec.Encoder(false);
            case AudioFormat.PCMA -> new G711Codec.Encoder(true);
            case AudioFormat.G722 -> new G722Codec.Encoder();
            case AudioFormat.OPUS -> {
                int rate = opusRate(pcmRate);
                yield useNative(options)
                        ? new NativeOpusCodec.Encoder(options.opusSettings(), audioBandwidthHz, rate)
                        : new ConcentusOpusCodec.Encoder(options.opusSettings(), audioBandwidthHz, rate);
            }
            default -> throw new IllegalArgumentException("no encoder for " + format);
        };
    }

    /** {@code pcmRate} when Opus can run at it, else Opus's own 48 kHz. */
    static int opusRate(int pcmRate) {
        return NativeOpusCodec.supportedRate(pcmRate) ? pcmRate : NativeOpusCodec.SAMPLE_RATE;
    }

    private static boolean useNative(CodecOptions options) {
        return switch (options.opus()) {
            case JAVA -> false;
            case AUTO -> LibjitsiOpusLoader.available();
            case NATIVE -> {
                if (!LibjitsiOpusLoader.available()) {
                    throw new IllegalStateException("native Opus unavailable: " + LibjitsiOpusLoader.FAILURE);
                }
                yield true;
            }
        };
    }
}
