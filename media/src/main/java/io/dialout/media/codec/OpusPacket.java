package io.dialout.media.codec;

/** What an Opus packet's table of contents says without decoding it (RFC 6716 section 3.1). */
final class OpusPacket {

    private OpusPacket() {}

    /** Frame durations in 48 kHz samples by configuration number (RFC 6716 section 3.1, Table 2). */
    private static final int[] FRAME_SAMPLES = {
        480,
        960,
        1920,
        2880, // SILK NB 10, 20, 40, 60 ms
        480,
        960,
        1920,
        2880, // SILK MB
        480,
        960,
        1920,
        2880, // SILK WB
        480,
        960, // hybrid SWB 10, 20 ms
        480,
        960, // hybrid FB
        120,
        240,
        480,
        960, // CELT NB 2.5, 5, 10, 20 ms
        120,
        240,
        480,
        960, // CELT WB
        120,
        240,
        480,
        960, // CELT SWB
        120,
        240,
        480,
        960 // CELT FB
    };

    /**
     * The audio a packet holds, in 48 kHz samples, or -1 when its TOC is malformed: code 0 one frame, codes 1 and 2
     * two, code 3 the count in the second byte (RFC 6716 section 3.2.5), at most 120 ms (section 3.2.5, R5).
     */
    static int samples(byte[] p, int off, int len) {
        if (len < 1) {
            return -1;
        }
        int toc = p[off] & 0xFF;
        int frame = FRAME_SAMPLES[toc >>> 3];
        int frames;
        switch (toc & 3) {
            case 0 -> frames = 1;
            case 1, 2 -> frames = 2;
            default -> {
                if (len < 2) {
                    return -1;
                }
                frames = p[off + 1] & 0x3F;
            }
        }
        int total = frames * frame;
        return frames == 0 || total > 5760 ? -1 : total;
    }
}
