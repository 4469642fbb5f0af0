package io.dialout.media.codec;

/** Builds the decoder and encoder for an {@link AudioFormat}. */
public final class AudioCodecs {

    private AudioCodecs() {}

    /** True when libjitsi's native Opus loaded in this JVM (logged once, at first use). */
    public static boolean nativeOpusAvailable() {
        return OpusNative.available();
    }

    public static AudioDecoder decoder(AudioFormat format, CodecOptions options) {
        return switch (format.name()) {
            case AudioFormat.PCMU -> new G711Codec.Decoder(false);
            case AudioFormat.PCMA -> new G711Codec.Decoder(true);
            case AudioFormat.G722 -> new G722Codec.Decoder();
            case AudioFormat.OPUS -> useNative(options) ? new NativeOpus.Decoder() : new JavaOpus.Decoder();
            default -> throw new IllegalArgumentException("no decoder for " + format);
        };
    }

    public static AudioEncoder encoder(AudioFormat format, CodecOptions options) {
        return switch (format.name()) {
            case AudioFormat.PCMU -> new G711Codec.Encoder(false);
            case AudioFormat.PCMA -> new G711Codec.Encoder(true);
            case AudioFormat.G722 -> new G722Codec.Encoder();
            case AudioFormat.OPUS -> useNative(options)
                    ? new NativeOpus.Encoder(options.opusSettings())
                    : new JavaOpus.Encoder(options.opusSettings());
            default -> throw new IllegalArgumentException("no encoder for " + format);
        };
    }

    private static boolean useNative(CodecOptions options) {
        return switch (options.opus()) {
            case JAVA -> false;
            case AUTO -> OpusNative.available();
            case NATIVE -> {
                if (!OpusNative.available()) {
                    throw new IllegalStateException("native Opus unavailable: " + OpusNative.FAILURE);
                }
                yield true;
            }
        };
    }
}
