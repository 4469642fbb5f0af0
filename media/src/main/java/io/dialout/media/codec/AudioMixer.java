package io.dialout.media.codec;

/**
 * Mixes a meeting's audio sources into one stream: each source (an SSRC) is decoded through its own jitter buffer and
 * loss concealment at {@link #mixRate()} (16 kHz toward G.711 or G.722, 48 kHz toward Opus: see
 * {@link AudioTranscoder#decodeRate}; Opus decodes straight to it, RFC 6716 section 2), summed in int with headroom,
 * passed through a soft limiter (no clipping when several talk at once), brought to the output's rate once, and
 * encoded once in the output format. Summing there is summing at 48 kHz and resampling after, with fewer samples: both are linear, and
 * the output keeps nothing above its own band.
 * <p>
 * Cost follows who speaks:
 * <ul>
 * <li>a source with no packets for {@link #IDLE_MS} (departed, or muted without DTX) is not decoded at all;
 * <li>an Opus DTX packet (RFC 7587 section 3.1.3: at most 2 bytes, comfort noise only) is not decoded, and the gaps
 *     between DTX packets are silence, not concealment;
 * <li>an Opus packet whose RFC 6464 audio level (section 3, the room's ssrc-audio-level header extension, passed to
 *     {@link #receive(long, int, long, byte[], int, int, long, int)}) is at or below {@link #SILENCE_DBOV} is not
 *     decoded either: its time is silence. The edges stay clean: the first silent packet after speech is still
 *     decoded (it carries the codec's look-ahead, the end of the speech before it), and the last silent packet is
 *     kept and decoded unheard just before speech resumes, so that the decoder's state (SILK's prediction, CELT's
 *     overlap and band energies) is the sender's again; the first frame after silence also fades in over
 *     {@link #FADE_IN_MS};
 * <li>a decoded frame below {@link #SILENCE_DBOV} is not added to the mix.
 * </ul>
 * A silent source thus costs its jitter buffer's bookkeeping and nothing else. Owned by one thread (the call's I/O
 * thread); buffers are allocated when a source first appears, the per-frame path allocates nothing.
 */
public final class AudioMixer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(AudioMixer.class.getName());

    /** A source silent this long is idle: nothing is decoded for it until it sends again. */
    public static final int IDLE_MS = 500;
    /** Frames quieter than this (dBov, RFC 6464 scale) are left out of the mix, and packets so marked undecoded. */
    public static final int SILENCE_DBOV = -60;
    /** The ramp at the first frame decoded after silence the decoder did not make. */
    static final int FADE_IN_MS = 5;
    /** The limiter is linear up to here (half of full scale: 6 dB of headroom before it bends). */
    static final int KNEE = 16_384;

    static final int MAX_SOURCES = 32;

    private final AudioFormat in;
    private final AudioFormat out;
    private final CodecOptions options;
    private final AudioEncoder encoder;
    private final int mixRate;
    private final int mixFrame;
    private final Channel[] channels = new Channel[MAX_SOURCES];
    private final int[] sum;
    private final short[] mixed;
    /** From the mix rate to the encoder's, or null. */
    private final RateConverter toOut;

    private final short[] converted;

    private int count;
    private boolean anyReceived;
    private long framesProduced;
    private long framesMixed;
    private long framesSkipped;

    public AudioMixer(AudioFormat in, AudioFormat out, CodecOptions options) {
        this.in = in;
        this.out = out;
        this.options = options;
        this.encoder = AudioCodecs.encoder(out, options, out.sampleRate() / 2);
        this.mixRate = AudioTranscoder.decodeRate(out);
        this.mixFrame = mixRate / 50;
        this.sum = new int[mixFrame];
        this.mixed = new short[mixFrame];
        this.toOut = RateConverter.of(mixRate, encoder.sampleRate(), mixFrame);
        this.converted = toOut == null ? mixed : new short[encoder.sampleRate() / 50];
    }

    public AudioMixer(AudioFormat in, AudioFormat out) {
        this(in, out, CodecOptions.DEFAULT);
    }

    /** A received payload of source {@code ssrc} whose audio level is unknown (it is decoded, then measured). */
    public void receive(long ssrc, int seq, long rtpTimestamp, byte[] p, int off, int len, long arrivalNanos) {
        receive(ssrc, seq, rtpTimestamp, p, off, len, arrivalNanos, -1);
    }

    /**
     * A received payload of source {@code ssrc}; a new SSRC becomes a new source (up to {@link #MAX_SOURCES}).
     *
     * @param audioLevel the packet's RFC 6464 audio level (0-127, in -dBov), or -1 when it came without one
     */
    public void receive(
            long ssrc, int seq, long rtpTimestamp, byte[] p, int off, int len, long arrivalNanos, int audioLevel) {
        Channel c = channel(ssrc);
        if (c == null) {
            if (count == MAX_SOURCES) {
                return;
            }
            c = new Channel(ssrc, in, options, mixRate);
            channels[count++] = c;
        }
        c.lastArrivalNanos = arrivalNanos;
        c.idle = false;
        if (c.jitterBuffer.insert(seq, rtpTimestamp, p, off, len, arrivalNanos, audioLevel)) {
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
        int added = 0;
        for (int i = 0; i < count; i++) {
            Channel c = channels[i];
            if (c.idle || nowNanos - c.lastArrivalNanos > IDLE_MS * 1_000_000L) {
                if (!c.idle) {
                    c.goIdle();
                }
                framesSkipped++;
                continue;
            }
            if (c.pull() && c.level > SILENCE_DBOV) {
                short[] f = c.frame;
                if (added++ == 0) {
                    for (int k = 0; k < mixFrame; k++) {
                        sum[k] = f[k];
                    }
                } else {
                    for (int k = 0; k < mixFrame; k++) {
                        sum[k] += f[k];
                    }
                }
                framesMixed++;
            } else {
                framesSkipped++;
            }
        }
        if (added == 0) {
            java.util.Arrays.fill(mixed, (short) 0);
        } else {
            for (int k = 0; k < mixFrame; k++) {
                mixed[k] = limit(sum[k]);
            }
        }
        framesProduced++;
        if (toOut != null) {
            toOut.process(mixed, 0, mixFrame, converted, 0);
        }
        return encoder.encode(converted, 0, dst, off);
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

    /** Packets whose RFC 6464 level said silence and that were not decoded. */
    public long packetsSkippedSilent() {
        long n = 0;
        for (int i = 0; i < count; i++) {
            n += channels[i].skips;
        }
        return n;
    }

    /** The PCM rate the sources are decoded and summed at. */
    public int mixRate() {
        return mixRate;
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
                "{0} closed: produced {1}, source frames mixed {2}, skipped {3}, silent packets not decoded {4}",
                describe(),
                framesProduced,
                framesMixed,
                framesSkipped,
                packetsSkippedSilent());
        for (int i = 0; i < count; i++) {
            channels[i].close();
        }
        encoder.close();
    }

    /** One source: jitter buffer, decoder with concealment, resampler to the mix rate when its codec needs one. */
    private static final class Channel {
        private static final int MAX_DECODED = 5760;
        private static final int MAX_POLLS = 10;
        /** Silent packets still decoded after speech: the first carries the codec's look-ahead of the speech. */
        private static final int HANGOVER_FRAMES = 1;

        final long ssrc;
        final JitterBuffer jitterBuffer;
        final AudioDecoder decoder;
        /** Null when the decoder's rate is the mix rate. */
        final RateConverter toMix;

        final boolean opus;
        final int rtpClock;
        final int inRate;
        final int inFrame;
        final int fadeIn;
        final short[] decoded = new short[MAX_DECODED];
        final short[] fifo;
        final short[] frame;
        int fifoLength;
        /** The fifo's first frame was given to the mix: drop it at the next pull. */
        boolean taken;
        /** The fifo holds only zeros from here on. */
        int soundLength;

        long lastArrivalNanos;
        boolean idle;
        boolean started;
        /** Silence that the decoder did not make is playing (DTX, or packets left undecoded): gaps are silence too. */
        boolean quiet;
        /** Decoded frames owed after speech before silent packets are skipped. */
        int hangover;
        /** The last packet left undecoded, to bring the decoder up to date before the next decode. */
        final byte[] prime = new byte[JitterBuffer.MAX_PAYLOAD];

        int primeLength;
        /** The next decoded audio follows silence the decoder did not make: ramp it in. */
        boolean rampNext;
        /** The next decoded audio is followed by silence the decoder does not make: ramp it out. */
        boolean fadeOutNext;

        int level = -127;
        long decodes;
        long skips;

        Channel(long ssrc, AudioFormat in, CodecOptions options, int mixRate) {
            this.ssrc = ssrc;
            this.opus = in.name().equals(AudioFormat.OPUS);
            this.jitterBuffer = new JitterBuffer(in.rtpClockRate(), opus ? 40 : 20);
            this.decoder = AudioCodecs.decoder(in, options, mixRate);
            this.rtpClock = in.rtpClockRate();
            this.inRate = decoder.sampleRate();
            this.inFrame = inRate / 50;
            this.fadeIn = inRate / 1000 * FADE_IN_MS;
            this.fifo = new short[MAX_DECODED + inFrame];
            this.toMix = RateConverter.of(inRate, mixRate, inFrame);
            this.frame = toMix == null ? fifo : new short[mixRate / 50];
        }

        /**
         * Fills {@link #frame} with the next 20 ms; false when there is nothing to add (not started, DTX, silent).
         * When the decoder's rate is the mix rate, {@link #frame} is the head of the fifo, valid until the next pull.
         */
        boolean pull() {
            if (taken) {
                advance();
            }
            int headerLevel = -127;
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
                if (jitterBuffer.takeDiscontinuity() && decodes > 0) {
                    decoder.reset();
                    primeLength = 0;
                }
                if (d == JitterBuffer.FRAME) {
                    headerLevel = Math.max(headerLevel, play());
                } else if (quiet) {
                    // between DTX or silent packets (RFC 7587 section 3.1.3: up to 400 ms apart) nothing is concealed
                    silenceOrConceal(
                            d == JitterBuffer.GAP ? (int) (jitterBuffer.gapTicks() * inRate / rtpClock) : inFrame);
                    if (d == JitterBuffer.GAP) {
                        jitterBuffer.concealed(jitterBuffer.gapTicks());
                    }
                } else if (d == JitterBuffer.GAP) {
                    int samples = (int) (jitterBuffer.gapTicks() * inRate / rtpClock);
                    boolean fec = jitterBuffer.nextFollowsGap();
                    conceal(samples, fec ? jitterBuffer.payload() : null, fec ? jitterBuffer.payloadLength() : 0);
                    jitterBuffer.concealed(jitterBuffer.gapTicks());
                } else {
                    conceal(inFrame, null, 0); // UNDERRUN
                }
            }
            if (fifoLength < inFrame) {
                java.util.Arrays.fill(fifo, fifoLength, inFrame, (short) 0);
                fifoLength = inFrame;
            }
            taken = true;
            boolean sound = soundLength > 0;
            if (sound) {
                if (toMix != null) {
                    toMix.process(fifo, 0, inFrame, frame, 0);
                }
                level = dbov(frame, toMix == null ? inFrame : frame.length);
            } else {
                if (toMix != null) {
                    toMix.reset(); // its history is silence now
                }
                level = headerLevel;
            }
            return sound;
        }

        /** Drops the frame the last pull gave from the fifo. */
        private void advance() {
            taken = false;
            fifoLength -= inFrame;
            soundLength = Math.max(0, soundLength - inFrame);
            if (fifoLength > 0) {
                System.arraycopy(fifo, inFrame, fifo, 0, fifoLength);
            }
        }

        /** Plays the packet at the playout point; the RFC 6464 level it came with, in dBov (-127 when unknown). */
        private int play() {
            byte[] p = jitterBuffer.payload();
            int len = jitterBuffer.payloadLength();
            int headerLevel = jitterBuffer.level();
            if (opus && len <= 2) {
                // DTX: comfort noise only; not decoded, silence in its place (and no use for bringing a decoder up).
                // Right after sound, one frame of the decoder's concealment fades out what was playing first: the
                // codec's look-ahead of it would otherwise stop dead, a click.
                primeLength = 0;
                hangover = 0;
                if (!quiet && decodes > 0) {
                    fadeOutNext = true;
                    conceal(inFrame, null, 0);
                    jitterBuffer.consumed((long) inFrame * rtpClock / inRate);
                } else {
                    skip(inFrame);
                }
                quiet = true;
                return -127;
            }
            if (opus && headerLevel >= -SILENCE_DBOV && hangover == 0) {
                int samples = OpusPacket.samples(p, 0, len);
                if (samples > 0) {
                    System.arraycopy(p, 0, prime, 0, len);
                    primeLength = len;
                    quiet = true;
                    skips++;
                    skip(samples / (NativeOpusCodec.SAMPLE_RATE / inRate));
                    return -headerLevel;
                }
            }
            if (quiet) {
                if (primeLength > 0) {
                    decoder.decode(prime, 0, primeLength, decoded); // heard by nobody: the decoder catches up
                    decodes++;
                    primeLength = 0;
                }
                quiet = false;
                rampNext = true;
            }
            hangover = headerLevel >= -SILENCE_DBOV ? Math.max(0, hangover - 1) : HANGOVER_FRAMES;
            int n = decoder.decode(p, 0, len, decoded);
            decodes++;
            if (n <= 0 || fifoLength + n > fifo.length) {
                conceal(inFrame, null, 0);
                jitterBuffer.consumed((long) inFrame * rtpClock / inRate);
            } else {
                appendSound(n);
                jitterBuffer.consumed((long) n * rtpClock / inRate);
            }
            return headerLevel < 0 ? -127 : -headerLevel;
        }

        /** Silence in place of a packet of {@code samples} that is not decoded. */
        private void skip(int samples) {
            appendSilence(samples);
            jitterBuffer.consumed((long) samples * rtpClock / inRate);
        }

        private void silenceOrConceal(int samples) {
            if (quiet) {
                appendSilence(samples);
            } else {
                conceal(samples, null, 0);
            }
        }

        private void conceal(int samples, byte[] next, int nextLength) {
            samples = Math.min(samples, decoded.length);
            decoder.conceal(decoded, samples, next, 0, nextLength);
            decodes++;
            appendSound(samples);
        }

        private void appendSound(int n) {
            n = Math.min(n, fifo.length - fifoLength);
            if (rampNext) {
                rampNext = false;
                int ramp = Math.min(fadeIn, n);
                for (int i = 0; i < ramp; i++) {
                    decoded[i] = (short) (decoded[i] * i / ramp);
                }
            }
            if (fadeOutNext) {
                fadeOutNext = false;
                for (int i = 0; i < n; i++) {
                    decoded[i] = (short) (decoded[i] * (n - i) / n);
                }
            }
            System.arraycopy(decoded, 0, fifo, fifoLength, n);
            fifoLength += n;
            soundLength = fifoLength;
        }

        private void appendSilence(int n) {
            n = Math.min(n, fifo.length - fifoLength);
            java.util.Arrays.fill(fifo, fifoLength, fifoLength + n, (short) 0);
            fifoLength += n;
        }

        /** No packets for a while: playout starts afresh when it speaks again. */
        void goIdle() {
            idle = true;
            jitterBuffer.restart();
            fifoLength = 0;
            soundLength = 0;
            taken = false;
            level = -127;
        }

        void close() {
            decoder.close();
        }
    }

    /** RMS level of a frame in dBov, as RFC 6464 section 3 defines it (0 = full-scale square wave), -127 floor. */
    static int dbov(short[] f, int n) {
        long energy = 0;
        for (int i = 0; i < n; i++) {
            energy += (long) f[i] * f[i];
        }
        if (energy == 0) {
            return -127;
        }
        double rms = Math.sqrt((double) energy / n) / 32768.0;
        return (int) Math.max(-127, Math.round(20 * Math.log10(rms)));
    }
}
