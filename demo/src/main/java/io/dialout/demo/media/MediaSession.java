package io.dialout.demo.media;

import io.dialout.demo.sdp.MediaAnswer;
import io.dialout.demo.sdp.SdpAnswerWriter.LocalPorts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The media of one call: a stream per accepted m-line, on its own RTP/RTCP ports. Created and updated on the
 * endpoint's control thread (the answer to the INVITE, then each re-INVITE); {@link #close()} frees every port.
 */
public final class MediaSession implements AutoCloseable {
    /** The level of the tone: -12 dBFS RMS. */
    static final double TONE_RMS_DBFS = -12;

    private static final double BEEP_HZ = 1000;
    private static final int BEEP_MS = 200;

    private final MediaContext context;
    private final MediaRole role;
    private final double toneHz;
    private final DigitListener digits;
    private final String cname;
    private final List<MediaStream> streams = new ArrayList<>();
    private final List<PortPair> ports = new ArrayList<>();
    private final List<MediaAnswer> applied = new ArrayList<>();
    private boolean closed;

    private MediaSession(MediaContext context, MediaRole role, double toneHz, DigitListener digits) {
        this.context = context;
        this.role = role;
        this.toneHz = toneHz;
        this.digits = digits;
        this.cname = "demo-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    /**
     * Binds ports and starts a stream for each accepted answer line.
     *
     * @param digits told of RFC 4733 digits received (IVR only), on the selector thread
     */
    public static MediaSession open(
            MediaContext context, MediaRole role, double toneHz, List<MediaAnswer> answers, DigitListener digits)
            throws IOException {
        MediaSession s = new MediaSession(context, role, toneHz, digits);
        try {
            s.update(answers);
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /**
     * Applies a new answer (a re-INVITE): a stream whose codec and remote address are unchanged only takes the new
     * direction (hold and resume keep sequence numbers and ports); a changed one is restarted on the same ports; a
     * refused one is stopped and its ports freed; a new one gets ports.
     */
    public void update(List<MediaAnswer> answers) throws IOException {
        for (int i = 0; i < answers.size(); i++) {
            MediaAnswer a = answers.get(i);
            MediaStream cur = get(streams, i);
            if (!a.accepted()) {
                release(i);
            } else if (cur != null && get(applied, i).sameMedia(a)) {
                cur.setDirection(a.direction());
                set(applied, i, a);
            } else {
                PortPair p =
                        get(ports, i) != null ? get(ports, i) : context.ports().allocate();
                if (cur != null) {
                    cur.close();
                }
                set(ports, i, p);
                set(streams, i, start(a, p));
                set(applied, i, a);
            }
        }
        for (int i = answers.size(); i < streams.size(); i++) {
            release(i);
        }
    }

    /** The ports of each answer line, null for refused ones (for the SDP answer). */
    public List<LocalPorts> localPorts() {
        List<LocalPorts> out = new ArrayList<>();
        for (PortPair p : ports) {
            out.add(p == null ? null : new LocalPorts(p.rtpPort(), p.rtcpPort()));
        }
        return out;
    }

    /**
     * Sends a digit to the caller as RFC 4733 events on the audio stream.
     *
     * @return false when the caller did not accept telephone-event (send SIP INFO instead); scheduler thread only
     */
    public boolean sendDigit(char digit) {
        for (MediaStream s : streams) {
            if (s instanceof SenderStream sender && sender.sendsEvents()) {
                sender.sendDigit(digit);
                return true;
            }
        }
        return false;
    }

    public long packetsReceived() {
        return streams.stream()
                .filter(s -> s != null)
                .mapToLong(MediaStream::packetsReceived)
                .sum();
    }

    public long packetsSent() {
        return streams.stream()
                .filter(s -> s != null)
                .mapToLong(MediaStream::packetsSent)
                .sum();
    }

    private MediaStream start(MediaAnswer a, PortPair p) {
        long ssrc = ThreadLocalRandom.current().nextLong(1, 0x1_0000_0000L);
        if (role == MediaRole.ECHO) {
            return new EchoStream(context.loop(), p, ssrc, a.codec().clockRate(), a.direction());
        }
        // RFC 3551 section 4.5.2: G.722 encodes 16 kHz audio though its RTP clock says 8000.
        int rate = a.codec().is("G722") ? 16000 : a.codec().clockRate();
        PcmSource source = role == MediaRole.TONE
                ? new SineSource(toneHz, rate, SineSource.peakForRmsDbfs(TONE_RMS_DBFS))
                : new BeepSource(BEEP_HZ, BEEP_MS, rate, SineSource.peakForRmsDbfs(TONE_RMS_DBFS));
        InetSocketAddress rtp = a.offer().rtp();
        InetSocketAddress rtcp = a.offer().rtcp();
        return new SenderStream(
                context.loop(),
                context.scheduler(),
                p,
                a.codec(),
                a.telephoneEvent(),
                a.direction(),
                rtp,
                rtcp,
                source,
                ssrc,
                cname,
                role == MediaRole.IVR ? digits : null);
    }

    private void release(int i) {
        if (i < streams.size() && streams.get(i) != null) {
            streams.get(i).close();
            streams.set(i, null);
            applied.set(i, null);
        }
        if (i < ports.size() && ports.get(i) != null) {
            context.loop().close(ports.get(i).rtp());
            context.loop().close(ports.get(i).rtcp());
            ports.set(i, null);
        }
    }

    private static <T> T get(List<T> list, int i) {
        return i < list.size() ? list.get(i) : null;
    }

    private static <T> void set(List<T> list, int i, T v) {
        while (list.size() <= i) {
            list.add(null);
        }
        list.set(i, v);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = 0; i < Math.max(streams.size(), ports.size()); i++) {
            release(i);
        }
    }
}
