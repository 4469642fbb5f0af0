package io.dialout.media.codec;

/**
 * Mixes a meeting's audio sources into one stream: each source (an SSRC) is decoded through its own jitter buffer and
 * loss concealment, brought to 48 kHz, summed in int with headroom, passed through a soft limiter (no clipping when
 * several talk at once), and the mix is encoded once in the output format.
 * <p>
 * Cost follows who speaks: a source with no packets for {@link #IDLE_MS} (departed, or muted without DTX) is not
 * decoded at all; an Opus DTX packet (RFC 7587 section 3.1.3: at most 2 bytes, comfort noise only) is not decoded
 * either; a decoded frame below {@link #SILENCE_DBOV} is not added to the mix. Owned by one thread (the call's I/O
 * thread); buffers are allocated when a source first appears, the per-frame path allocates nothing.
 */
public final class AudioMixer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(AudioMixer.class.getName());

    public static final int MIX_RATE = 48_000;
    public static final int MIX_FRAME = MIX_RATE / 50;
    /** A source silent this long is idle: nothing is decoded for it until it sends again. */
    public static final int IDLE_MS = 500;
    /** Frames quieter than this (dBov, RFC 6464 scale) are left out of the mix. */
    public static final int SILENCE_DBOV = -60;
    /** The limiter is linear up to here (half of full scale: 6 dB of headroom before it bends). */
    static final int KNEE = 16_384;

    static final int MAX_SOURCES = 32;

    private final AudioFormat in;
    private final AudioFormat out;
    private final CodecOptions options;
    private final AudioEncoder encoder;
    private final Resampler toOut;
    private final Channel[] channels = new Channel[MAX_SOURCES];
    private final int[] sum = new int[MIX_FRAME];
    private final short[] mixed = new short[MIX_FRAME];
    private final short[] resampled;

    private int count;
    private boolean anyReceived;
    private long framesProduced;
    private long framesMixed;
    private long framesSkipped;

    public AudioMixer(AudioFormat in, AudioFormat out, CodecOptions options) {
        this.in = in;
        this.out = out;
        this.options = options;
        this.encoder = AudioCodecs.encoder(out, options, Math.min(MIX_RATE, out.sampleRate()) / 2);
        this.toOut = new Resampler(MIX_RATE, out.sampleRate(), MIX_FRAME);
        this.resampled = new short[out.samplesPerFrame()];
    }

    public AudioMixer(AudioFormat in, AudioFormat out) {
        this(in, out, CodecOptions.DEFAULT);
    }

    /** A received payload of source {@code ssrc}; a new SSRC becomes a new source (up to {@link #MAX_SOURCES}). */
    public void receive(long ssrc, int seq, long rtpTimestamp, byte[] p, int off, int len, long arrivalNanos) {
        Channel c = channel(ssrc);
        if (c == null) {
            if (count == MAX_SOURCES) {
                return;
            }
            c = new Channel(ssrc, in, options);
            channels[count++] = c;
        }
        c.lastArrivalNanos = arrivalNanos;
        c.idle = false;
        if (c.jitterBuffer.insert(seq, rtpTimestamp, p, off, len, arrivalNanos)) {
            anyReceived = true;
        }
    }

    /** Forgets a source that left (its decoder is released). */
    public void remove(long ssrc) {
        for (int i = 0; i < count; i++) {
            if (channels[i].ssrc == ssrc) {
                channels[i].close();
                System.arraycopy(channels, i + 1, channels, i, count - i - 1);
                channels[--count] = null;
                return;
            }
        }
    }

    /**
     * Produces the next 20 ms frame of the mix in the output format into {@code dst[off..]}.
     *
     * @param nowNanos the tick's time, to find idle sources
     * @return the payload length, or -1 while nothing has been received
     */
    public int produce(byte[] dst, int off, long nowNanos) {
        if (!anyReceived) {
            return -1;
        }
        java.util.Arrays.fill(sum, 0);
        for (int i = 0; i < count; i++) {
            Channel c = channels[i];
            if (c.idle || nowNanos - c.lastArrivalNanos > IDLE_MS * 1_000_000L) {
                if (!c.idle) {
                    c.idle = true;
                    c.jitterBuffer.restart(); // when it speaks again, playout starts afresh
                    c.fifoLength = 0;
                }
                c.level = -127;
                framesSkipped++;
                continue;
            }
            if (c.pull() && c.level > SILENCE_DBOV) {
                short[] f = c.frame;
                for (int k = 0; k < MIX_FRAME; k++) {
                    sum[k] += f[k];
                }
                framesMixed++;
            } else {
                framesSkipped++;
            }
        }
        for (int k = 0; k < MIX_FRAME; k++) {
            mixed[k] = limit(sum[k]);
        }
        toOut.process(mixed, 0, MIX_FRAME, resampled, 0);
        framesProduced++;
        return encoder.encode(resampled, 0, dst, off);
    }

    /**
     * A soft limiter: linear up to {@link #KNEE}, then a rational curve with slope 1 at the knee that approaches
     * full scale without reaching it, so a sum of loud talkers bends instead of wrapping or clipping.
     */
    static short limit(int x) {
        int a = Math.abs(x);
        if (a <= KNEE) {
            return (short) x;
        }
        long room = 32_767 - KNEE;
        long e = a - KNEE;
        int y = (int) (KNEE + room * e / (e + room));
        return (short) (x < 0 ? -y : y);
    }

    /** The level of a source's last frame in dBov (-127: silent, idle or unknown). */
    public int level(long ssrc) {
        Channel c = channel(ssrc);
        return c == null ? -127 : c.level;
    }

    public int sources() {
        return count;
    }

    public int outTimestampIncrement() {
        return out.timestampIncrement();
    }

    public long framesProduced() {
        return framesProduced;
    }

    /** Source frames added to the mix. */
    public long framesMixed() {
        return framesMixed;
    }

    /** Source frames not added: idle, DTX or below the silence level. */
    public long framesSkipped() {
        return framesSkipped;
    }

    /** Source frames run through a decoder (or its concealment). */
    public long framesDecoded() {
        long n = 0;
        for (int i = 0; i < count; i++) {
            n += channels[i].decodes;
        }
        return n;
    }

    public String describe() {
        return "mix of " + count + " " + in.name() + " -> " + encoder.describe();
    }

    private Channel channel(long ssrc) {
        for (int i = 0; i < count; i++) {
            if (channels[i].ssrc == ssrc) {
                return channels[i];
            }
        }
        return null;
    }

    @Override
    public void close() {
        LOG.log(
                System.Logger.Level.INFO,
                "{0} closed: produced {1}, source frames mixed {2}, skipped {3}",
                describe(),
                framesProduced,
                framesMixed,
                framesSkipped);
        for (int i = 0; i < count; i++) {
            channels[i].close();
        }
        encoder.close();
    }

    /** One source: jitter buffer, decoder with concealment, resampler to the mix rate. */
    private static final class Channel {
        private static final int MAX_DECODED = 5760;
        private static final int MAX_POLLS = 10;

        final long ssrc;
        final JitterBuffer jitterBuffer;
        final AudioDecoder decoder;
        final Resampler toMix;
        final boolean opus;
        final int rtpClock;
        final int inRate;
        final int inFrame;
        final short[] decoded = new short[MAX_DECODED];
        final short[] fifo;
        final short[] frame = new short[MIX_FRAME];
        int fifoLength;
        long lastArrivalNanos;
        boolean idle;
        boolean started;
        /** The last packet was DTX: until real audio comes, gaps are silence, not concealment work. */
        boolean dtx;

        int level = -127;
        long decodes;

        Channel(long ssrc, AudioFormat in, CodecOptions options) {
            this.ssrc = ssrc;
            this.opus = in.name().equals(AudioFormat.OPUS);
            this.jitterBuffer = new JitterBuffer(in.rtpClockRate(), opus ? 40 : 20);
            this.decoder = AudioCodecs.decoder(in, options);
            this.rtpClock = in.rtpClockRate();
            this.inRate = decoder.sampleRate();
            this.inFrame = inRate / 50;
            this.fifo = new short[MAX_DECODED + inFrame];
            this.toMix = new Resampler(inRate, MIX_RATE, inFrame);
        }

        /** Fills {@link #frame} with the next 20 ms; false when there is nothing to add (not started, DTX). */
        boolean pull() {
            boolean sound = false;
            for (int polls = 0; fifoLength < inFrame && polls < MAX_POLLS; polls++) {
                int d = jitterBuffer.poll();
                if (d == JitterBuffer.IDLE) {
                    if (!started) {
                        level = -127;
                        return false;
                    }
                    silenceOrConceal(inFrame - fifoLength);
                    break;
                }
                started = true;
                if (jitterBuffer.takeDiscontinuity()) {
                    decoder.reset();
                }
                if (d == JitterBuffer.FRAME) {
                    int len = jitterBuffer.payloadLength();
                    if (opus && len <= 2) {
                        // DTX: comfort noise only; not decoded, silence in its place
                        dtx = true;
                        java.util.Arrays.fill(decoded, 0, inFrame, (short) 0);
                        append(inFrame);
                        jitterBuffer.consumed((long) inFrame * rtpClock / inRate);
                        continue;
                    }
                    dtx = false;
                    int n = decoder.decode(jitterBuffer.payload(), 0, len, decoded);
                    decodes++;
                    sound = true;
                    if (n <= 0 || fifoLength + n > fifo.length) {
                        conceal(inFrame, null, 0);
                        jitterBuffer.consumed((long) inFrame * rtpClock / inRate);
                    } else {
                        append(n);
                        jitterBuffer.consumed((long) n * rtpClock / inRate);
                    }
                } else if (dtx) {
                    // between DTX packets (RFC 7587 section 3.1.3: up to 400 ms apart) there is nothing to conceal
                    silenceOrConceal(
                            d == JitterBuffer.GAP ? (int) (jitterBuffer.gapTicks() * inRate / rtpClock) : inFrame);
                    if (d == JitterBuffer.GAP) {
                        jitterBuffer.concealed(jitterBuffer.gapTicks());
                    }
                } else if (d == JitterBuffer.GAP) {
                    int samples = (int) (jitterBuffer.gapTicks() * inRate / rtpClock);
                    boolean fec = jitterBuffer.nextFollowsGap();
                    conceal(samples, fec ? jitterBuffer.payload() : null, fec ? jitterBuffer.payloadLength() : 0);
                    sound = true;
                    jitterBuffer.concealed(jitterBuffer.gapTicks());
                } else {
                    conceal(inFrame, null, 0); // UNDERRUN
                    sound = true;
                }
            }
            if (fifoLength < inFrame) {
                java.util.Arrays.fill(fifo, fifoLength, inFrame, (short) 0);
                fifoLength = inFrame;
            }
            toMix.process(fifo, 0, inFrame, frame, 0);
            fifoLength -= inFrame;
            System.arraycopy(fifo, inFrame, fifo, 0, fifoLength);
            level = sound ? dbov(frame) : -127;
            return sound;
        }

        private void silenceOrConceal(int samples) {
            if (dtx) {
                samples = Math.min(samples, decoded.length);
                java.util.Arrays.fill(decoded, 0, samples, (short) 0);
                append(samples);
            } else {
                conceal(samples, null, 0);
            }
        }

        private void conceal(int samples, byte[] next, int nextLength) {
            samples = Math.min(samples, decoded.length);
            decoder.conceal(decoded, samples, next, 0, nextLength);
            decodes++;
            append(samples);
        }

        private void append(int n) {
            System.arraycopy(decoded, 0, fifo, fifoLength, n);
            fifoLength += n;
        }

        void close() {
            decoder.close();
        }
    }

    /** RMS level of a frame in dBov, as RFC 6464 section 3 defines it (0 = full-scale square wave), -127 floor. */
    static int dbov(short[] f) {
        long energy = 0;
        for (short s : f) {
            energy += (long) s * s;
        }
        if (energy == 0) {
            return -127;
        }
        double rms = Math.sqrt((double) energy / f.length) / 32768.0;
        return (int) Math.max(-127, Math.round(20 * Math.log10(rms)));
    }
}
