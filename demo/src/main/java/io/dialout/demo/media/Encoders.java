package io.dialout.demo.media;

import io.dialout.demo.sdp.Format;

/** The encoder for a negotiated format. TEMPORARY: G.711 only until the media module's codec package lands. */
final class Encoders {
    private Encoders() {}

    static PcmEncoder forFormat(Format f) {
        if (f.is("PCMU") || f.is("PCMA")) {
            boolean alaw = f.is("PCMA");
            return new PcmEncoder() {
                @Override
                public int sampleRate() {
                    return 8000;
                }

                @Override
                public int encode(short[] pcm, byte[] out, int off) {
                    for (int i = 0; i < 160; i++) {
                        out[off + i] = alaw ? alaw(pcm[i]) : ulaw(pcm[i]);
                    }
                    return 160;
                }
            };
        }
        throw new IllegalArgumentException("no encoder for " + f.name());
    }

    static boolean supports(Format f) {
        return f.is("PCMU") || f.is("PCMA");
    }

    private static byte ulaw(short s) {
        int sign = (s >> 8) & 0x80;
        int v = sign != 0 ? -s : s;
        v = Math.min(v, 32635) + 0x84;
        int exp = 7;
        for (int mask = 0x4000; (v & mask) == 0 && exp > 0; mask >>= 1) {
            exp--;
        }
        int mant = (v >> (exp + 3)) & 0x0f;
        return (byte) ~(sign | (exp << 4) | mant);
    }

    private static byte alaw(short s) {
        int sign = s >= 0 ? 0x80 : 0;
        int v = s >= 0 ? s : Math.min(32767, -s);
        int out;
        if (v < 256) {
            out = v >> 4;
        } else {
            int exp = 7;
            for (int mask = 0x4000; (v & mask) == 0 && exp > 1; mask >>= 1) {
                exp--;
            }
            out = (exp << 4) | ((v >> (exp + 3)) & 0x0f);
        }
        return (byte) ((sign | out) ^ 0x55);
    }
}
