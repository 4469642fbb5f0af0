/**
 * Audio codecs and transcoding for legs that share no codec.
 * <p>
 * Entry points: {@link io.dialout.media.codec.AudioFormat} (what a leg negotiated) and
 * {@link io.dialout.media.codec.AudioTranscoder} (one direction: jitter buffer, decoder with loss concealment,
 * resampler, encoder; 20 ms frames, owned by one thread, no allocation per frame).
 * <ul>
 *   <li>G.711 mu-law/A-law ({@link io.dialout.media.codec.G711}): table lookup, bit-exact with spandsp.</li>
 *   <li>G.722 64 kbit/s (G722Codec, G722Band): written from ITU-T G.722, bit-exact with spandsp; libjitsi's jar has
 *       no G.722 native library, so there is nothing to load there.</li>
 *   <li>Opus: libjitsi's JNI libopus (LibjitsiOpusLoader explains how it is loaded without LibJitsi or JVM flags), or
 *       Concentus when that cannot load; {@link io.dialout.media.codec.CodecOptions} forces either.</li>
 *   <li>{@link io.dialout.media.codec.Resampler}: polyphase Kaiser-windowed sinc, 48k/16k/8k in any direction.</li>
 *   <li>{@link io.dialout.media.codec.JitterBuffer}: adaptive (RFC 3550 section 6.4.1 jitter, 20-60 ms target),
 *       reordering, duplicates, wrap-around, loss as gaps (Opus FEC from the next packet) or underruns.</li>
 * </ul>
 */
package io.dialout.media.codec;
