package io.dialout.media.codec;

import java.lang.System.Logger.Level;

/**
 * Transcodes one direction of a call's audio: payloads of {@code in} arrive through {@link #receive} (in any order,
 * with loss and duplicates), and every 20 ms the owner calls {@link #produce} for one encoded frame of {@code out}.
 * Inside: jitter buffer, decoder with loss concealment, rate conversion, encoder. Opus encodes straight from the
 * other codec's rate (8 kHz from G.711, 16 kHz from G.722) and decodes to 16 kHz: straight into G.722, and through
 * a {@link HalfBandDecimator} into G.711 (see {@link #decodeRate}).
 * <p>
 * Owned by one thread (the call's I/O thread): no locks. Buffers are allocated once, in the constructor; the per-frame
 * path allocates nothing. {@link #close()} releases native codec state.
 */
public final class AudioTranscoder implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(AudioTranscoder.class.getName());
    /** 120 ms at 48 kHz: the longest packet any of our codecs can carry. */
    private static final int MAX_DECODED = 5760;
    /** Polls per produced frame before giving up (packets of 2.5 ms are the shortest Opus allows: 8 per frame). */
    private static final int MAX_POLLS = 10;

    private final AudioFormat in;
    private final AudioFormat out;
    private final JitterBuffer jitterBuffer;
    private final AudioDecoder decoder;
    private final AudioEncoder encoder;
    /** Null when the decoder's PCM rate is the encoder's. */
    private final RateConverter resampler;

    private final int decodeRate;

    private final int inFrame;
    private final int outFrame;
    private final short[] decoded = new short[MAX_DECODED];
    /** Decoded PCM waiting to be resampled, at the input rate. */
    private final short[] fifo;

    private int fifoLength;
    private final short[] resampled;

    private final boolean usesFec;
    private boolean anyReceived;
    private long lastSsrc = -1;

    private long framesProduced;
    private long framesDecoded;
    private long framesConcealed;
    private long fecRecovered;
    private long decodeErrors;

    /** Transcoder with the default codec options (native Opus when it loads). */
    public AudioTranscoder(AudioFormat in, AudioFormat out) {
        this(in, out, CodecOptions.DEFAULT);
    }

    public AudioTranscoder(AudioFormat in, AudioFormat out, CodecOptions options) {
        this.in = in;
        this.out = out;
        // Opus input: keep 40 ms buffered so that the packet after a loss is at hand for in-band FEC.
        this.jitterBuffer = new JitterBuffer(in.rtpClockRate(), in.name().equals(AudioFormat.OPUS) ? 40 : 20);
        this.decoder = AudioCodecs.decoder(in, options, decodeRate(out));
        AudioEncoder enc;
        try {
            enc = AudioCodecs.encoder(
                    out, options, Math.min(in.sampleRate(), out.sampleRate()) / 2, decoder.sampleRate());
        } catch (RuntimeException e) {
            decoder.close();
            throw e;
        }
        this.encoder = enc;
        this.usesFec = in.name().equals(AudioFormat.OPUS);
        this.decodeRate = decoder.sampleRate();
        this.inFrame = decodeRate / 50;
        this.outFrame = encoder.sampleRate() / 50;
        this.fifo = new short[MAX_DECODED + inFrame];
        this.resampler = RateConverter.of(decodeRate, encoder.sampleRate(), inFrame);
        this.resampled = new short[outFrame];
        LOG.log(
                Level.DEBUG,
                () -> String.format(
                        "transcoder %s -> %s (%s -> %s)",
                        in.name(), out.name(), decoder.describe(), encoder.describe()));
    }

    /**
     * A received payload of the input stream. The payload is copied; {@code p} may be reused after the call.
     *
     * @param seq          RTP sequence number (16 bits)
     * @param rtpTimestamp RTP timestamp (32 bits)
     * @param arrivalNanos arrival time on the {@link System#nanoTime()} scale
     */
    public void receive(int seq, long rtpTimestamp, byte[] p, int off, int len, long arrivalNanos) {
        if (jitterBuffer.insert(seq, rtpTimestamp, p, off, len, arrivalNanos)) {
            anyReceived = true;
        }
    }

    /** As {@link #receive(int, long, byte[], int, int, long)}, restarting the stream when the SSRC changes. */
    public void receive(long ssrc, int seq, long rtpTimestamp, byte[] p, int off, int len, long arrivalNanos) {
        if (lastSsrc != -1 && ssrc != lastSsrc) {
            restart();
        }
        lastSsrc = ssrc;
        receive(seq, rtpTimestamp, p, off, len, arrivalNanos);
    }

    /** Forgets the input stream (new source): buffered packets, decoder state. */
    public void restart() {
        jitterBuffer.restart();
        decoder.reset();
        fifoLength = 0;
    }

    /**
     * Produces the next 20 ms frame of the output format into {@code dst[off..]} (at least 1500 bytes of room).
     *
     * @return the payload length, or -1 while nothing has been received (or playout has not started yet)
     */
    public int produce(byte[] dst, int off) {
        if (!anyReceived) {
            return -1;
        }
        for (int polls = 0; fifoLength < inFrame && polls < MAX_POLLS; polls++) {
            int decision = jitterBuffer.poll();
            if (decision == JitterBuffer.IDLE) {
                if (framesProduced == 0) {
                    return -1; // playout has not started: nothing to send yet
                }
                // Restarting on a new stream: keep the output flowing (concealment fades to silence).
                concealInto(inFrame - fifoLength, null, 0);
                break;
            }
            act(decision);
        }
        if (fifoLength < inFrame) {
            java.util.Arrays.fill(fifo, fifoLength, inFrame, (short) 0);
            fifoLength = inFrame;
        }
        framesProduced++;
        if (resampler == null) {
            int length = encoder.encode(fifo, 0, dst, off);
            shift();
            return length;
        }
        int n = resampler.process(fifo, 0, inFrame, resampled, 0);
        shift();
        if (n != outFrame) {
            throw new IllegalStateException("resampler gave " + n + " samples, expected " + outFrame);
        }
        return encoder.encode(resampled, 0, dst, off);
    }

    /**
     * The rate to decode at for an {@code out} encoder: Opus decodes to 16 kHz for G.711 (then a {@link
     * HalfBandDecimator}: libopus decodes to 16 kHz more cheaply than to 8 kHz, and its own 2:1 step lets more fold
     * back, 35-40 dB down where ours keeps it 70 dB down) and to the encoder's own rate otherwise. Other decoders have
     * one rate anyway.
     */
    static int decodeRate(AudioFormat out) {
        return out.sampleRate() == 8000 ? 16000 : out.sampleRate();
    }

    /** Drops the frame just produced from the FIFO. */
    private void shift() {
        fifoLength -= inFrame;
        if (fifoLength > 0) {
            System.arraycopy(fifo, inFrame, fifo, 0, fifoLength);
        }
    }

    private void act(int decision) {
        if (jitterBuffer.takeDiscontinuity() && framesDecoded > 0) {
            decoder.reset();
        }
        switch (decision) {
            case JitterBuffer.FRAME -> {
                int n = decoder.decode(jitterBuffer.payload(), 0, jitterBuffer.payloadLength(), decoded);
                if (n <= 0 || fifoLength + n > fifo.length) {
                    decodeErrors++;
                    concealInto(inFrame, null, 0);
                    jitterBuffer.consumed(in.timestampIncrement());
                    return;
                }
                framesDecoded++;
                append(n);
                jitterBuffer.consumed((long) n * in.rtpClockRate() / decodeRate);
            }
            case JitterBuffer.GAP -> {
                int samples = (int) (jitterBuffer.gapTicks() * decodeRate / in.rtpClockRate());
                boolean fec = jitterBuffer.nextFollowsGap();
                concealInto(samples, fec ? jitterBuffer.payload() : null, fec ? jitterBuffer.payloadLength() : 0);
                if (fec && usesFec) {
                    fecRecovered++;
                }
                jitterBuffer.concealed(jitterBuffer.gapTicks());
            }
            default -> concealInto(inFrame, null, 0); // UNDERRUN
        }
    }

    private void concealInto(int samples, byte[] next, int nextLength) {
        samples = Math.min(samples, decoded.length);
        decoder.conceal(decoded, samples, next, 0, nextLength);
        framesConcealed++;
        append(samples);
    }

    private void append(int n) {
        System.arraycopy(decoded, 0, fifo, fifoLength, n);
        fifoLength += n;
    }

    /** RTP timestamp increment of each produced frame, in the output format's clock. */
    public int outTimestampIncrement() {
        return out.timestampIncrement();
    }

    public AudioFormat inFormat() {
        return in;
    }

    public AudioFormat outFormat() {
        return out;
    }

    /** e.g. "opus(native) -> PCMU". */
    public String describe() {
        return decoder.describe() + " -> " + encoder.describe();
    }

    public long framesProduced() {
        return framesProduced;
    }

    public long framesDecoded() {
        return framesDecoded;
    }

    /** Concealment operations (gaps, underruns, undecodable packets). */
    public long framesConcealed() {
        return framesConcealed;
    }

    /** Opus gaps concealed from the next packet's in-band FEC (RFC 6716 section 2.1.7) rather than PLC. */
    public long fecRecovered() {
        return fecRecovered;
    }

    public long decodeErrors() {
        return decodeErrors;
    }

    public JitterBuffer jitterBuffer() {
        return jitterBuffer;
    }

    @Override
    public void close() {
        LOG.log(
                Level.INFO,
                () -> String.format(
                        "transcoder %s closed: produced %s, decoded %s, concealed %s, fec %s, decode errors %s, jitter buffer:"
                                + " received %s, duplicates %s, late %s, shrink drops %s, jumps %s, restarts %s, jitter %s ms",
                        describe(),
                        framesProduced,
                        framesDecoded,
                        framesConcealed,
                        fecRecovered,
                        decodeErrors,
                        jitterBuffer.received(),
                        jitterBuffer.duplicates(),
                        jitterBuffer.late(),
                        jitterBuffer.shrinkDrops(),
                        jitterBuffer.jumps(),
                        jitterBuffer.restarts(),
                        String.format("%.1f", jitterBuffer.jitterMs())));
        decoder.close();
        encoder.close();
    }
}
