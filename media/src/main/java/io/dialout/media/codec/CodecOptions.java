package io.dialout.media.codec;

/**
 * How the codecs are built.
 *
 * @param opus         which Opus implementation to use
 * @param opusSettings Opus encoder settings
 */
public record CodecOptions(OpusImplementation opus, OpusSettings opusSettings) {

    public static final CodecOptions DEFAULT = new CodecOptions(OpusImplementation.AUTO, OpusSettings.DEFAULT);

    public enum OpusImplementation {
        /** libjitsi's native Opus when it loads here, else Concentus. */
        AUTO,
        /** libjitsi's native Opus; fails when it cannot load. */
        NATIVE,
        /** Concentus, pure Java. */
        JAVA
    }
}
