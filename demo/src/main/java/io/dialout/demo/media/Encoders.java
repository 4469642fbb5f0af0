package io.dialout.demo.media;

import io.dialout.demo.sdp.Format;
import io.dialout.media.codec.AudioCodecs;
import io.dialout.media.codec.AudioEncoder;
import io.dialout.media.codec.AudioFormat;
import io.dialout.media.codec.CodecOptions;

/** The media module's encoder for a negotiated format (PCMU, PCMA or G.722 for the demo's own audio). */
final class Encoders {
    private Encoders() {}

    static AudioEncoder forFormat(Format f) {
        AudioFormat af = AudioFormat.fromRtpmap(f.name(), f.clockRate(), f.channels(), f.payloadType());
        return AudioCodecs.encoder(af, CodecOptions.DEFAULT);
    }
}
