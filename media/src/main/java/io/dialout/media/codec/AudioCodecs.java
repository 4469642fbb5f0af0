package io.dialout.media.codec;

/** Builds the decoder and encoder for an {@link AudioFormat}. */
public final class AudioCodecs {

    private AudioCodecs() {}

    /** True when libjitsi's native Opus loaded in this JVM (logged once, at first use). */
    public static boolean nativeOpusAvailable() {
        return LibjitsiOpusLoader.available();
    }

    public static AudioDecoder decoder(AudioFormat format, CodecOptions options) {
        return switch (format.name()) {
            case AudioFormat.PCMU -> new G711Codec.Decoder(false);
            case AudioFormat.PCMA -> new G711Codec.Decoder(true);
            case AudioFormat.G722 -> new G722Codec.Decoder();
            case AudioFormat.OPUS ->
                useNative(options) ? new NativeOpusCodec.Decoder() : new ConcentusOpusCodec.Decoder();
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
        return switch (format.name()) {
            case AudioFormat.PCMU -> new G711Codec.Encoder(false);
            case AudioFormat.PCMA -> new G711Codec.Encoder(true);
            case AudioFormat.G722 -> new G722Codec.Encoder();
            case AudioFormat.OPUS ->
                useNative(options)
                        ? new NativeOpusCodec.Encoder(options.opusSettings(), audioBandwidthHz)
                        : new ConcentusOpusCodec.Encoder(options.opusSettings(), audioBandwidthHz);
            default -> throw new IllegalArgumentException("no encoder for " + format);
        };
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
