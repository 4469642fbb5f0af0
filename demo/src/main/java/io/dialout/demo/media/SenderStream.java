package io.dialout.demo.media;

import io.dialout.demo.sdp.Format;
import io.dialout.media.Direction;
import io.dialout.media.codec.AudioEncoder;
import io.dialout.media.dtmf.DtmfReceiver;
import io.dialout.media.dtmf.DtmfSender;
import io.dialout.media.rtp.NtpTime;
import io.dialout.media.rtp.RtcpWriter;
import io.dialout.media.rtp.RtpPacket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Sends 20 ms audio frames from a {@link PcmSource}, paced by the shared scheduler thread, interleaved with RFC 4733
 * digits when asked; reads what the caller sends only to latch its address (symmetric RTP, RFC 4961) and to detect
 * its digits. Sends an RTCP sender report with a CNAME every 5 s (RFC 3550 section 6.2).
 */
final class SenderStream implements MediaStream {
    private static final int TICK_MS = 20;
    private static final int RTCP_EVERY_TICKS = 250;
    private static final int DIGIT_MS = 100;

    private final PortPair ports;
    private final AudioEncoder encoder;
    private final PcmSource source;
    private final int payloadType;
    private final int eventPayloadType;
    private final int tsPerTick;
    private final long ssrc;
    private final String cname;
    private final DtmfSender digits;
    private final DtmfReceiver detector = new DtmfReceiver();
    private final DigitListener listener;
    private final short[] pcm;
    private final byte[] packet = new byte[1500];
    private final byte[] rtcp = new byte[256];
    private final RtpPacket view = new RtpPacket();
    private final ScheduledFuture<?> task;
    private final ScheduledExecutorService scheduler;
    private volatile InetSocketAddress remoteRtp;
    private volatile InetSocketAddress remoteRtcp;
    private volatile boolean sending;
    private volatile long received;
    private volatile long sent;
    private long octets;
    private int seq = ThreadLocalRandom.current().nextInt(0x10000);
    private long ts = ThreadLocalRandom.current().nextLong(0x1_0000_0000L);
    private long ticks;

    SenderStream(
            MediaLoop loop,
            ScheduledExecutorService scheduler,
            PortPair ports,
            Format codec,
            Format telephoneEvent,
            Direction direction,
            InetSocketAddress remoteRtp,
            InetSocketAddress remoteRtcp,
            PcmSource source,
            long ssrc,
            String cname,
            DigitListener listener) {
        this.ports = ports;
        this.scheduler = scheduler;
        this.encoder = Encoders.forFormat(codec);
        this.source = source;
        this.payloadType = codec.payloadType();
        this.eventPayloadType = telephoneEvent == null ? -1 : telephoneEvent.payloadType();
        this.tsPerTick = codec.clockRate() * TICK_MS / 1000;
        this.ssrc = ssrc;
        this.cname = cname;
        this.digits = telephoneEvent == null ? null : new DtmfSender(telephoneEvent.clockRate());
        this.listener = listener;
        this.pcm = new short[encoder.sampleRate() * TICK_MS / 1000];
        this.sending = direction.sends();
        this.remoteRtp = usable(remoteRtp);
        this.remoteRtcp = usable(remoteRtcp);
        loop.register(ports.rtp(), this::onRtp);
        loop.register(ports.rtcp(), this::onRtcp);
        this.task = scheduler.scheduleAtFixedRate(this::safeTick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    /** The RFC 2543 hold address 0.0.0.0 (and port 0) means "do not send" until the caller's packets show where. */
    private static InetSocketAddress usable(InetSocketAddress a) {
        InetSocketAddress r = new InetSocketAddress(a.getHostString(), a.getPort());
        return r.getPort() == 0 || r.getAddress() == null || r.getAddress().isAnyLocalAddress() ? null : r;
    }

    /** Whether digits can go out as RFC 4733 events (the caller accepted telephone-event). */
    boolean sendsEvents() {
        return digits != null;
    }

    /** Queues a digit to send as RFC 4733 events; scheduler thread only. */
    void sendDigit(char digit) {
        if (digits != null) {
            digits.enqueue(String.valueOf(digit), DIGIT_MS);
        }
    }

    private void onRtp(DatagramChannel ch, byte[] buf, int len, SocketAddress from) {
        if (RtpPacket.looksLikeRtcp(buf, 0, len) || !view.wrap(buf, 0, len)) {
            return;
        }
        received++;
        if (!from.equals(remoteRtp)) {
            remoteRtp = (InetSocketAddress) from; // symmetric RTP: answer where the caller really sends from
        }
        if (listener != null && view.payloadType() == eventPayloadType && eventPayloadType >= 0) {
            char d = detector.receive(view.marker(), view.timestamp(), buf, view.payloadOffset(), view.payloadLength());
            if (d != DtmfReceiver.NONE) {
                listener.digit(d);
            }
        }
    }

    private void onRtcp(DatagramChannel ch, byte[] buf, int len, SocketAddress from) {
        if (!from.equals(remoteRtcp)) {
            remoteRtcp = (InetSocketAddress) from;
        }
    }

    /** A periodic task that throws is never run again: log it and carry on with the next frame. */
    private void safeTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            System.getLogger(SenderStream.class.getName()).log(System.Logger.Level.WARNING, "frame not sent", e);
        }
    }

    /** Every 20 ms on the scheduler thread: one packet, an event or an audio frame. */
    private void tick() {
        long frameTs = ts;
        ts = (ts + tsPerTick) & 0xffffffffL; // time runs on while on hold: the next packet's timestamp says so
        ticks++;
        InetSocketAddress to = remoteRtp;
        if (!sending || to == null) {
            return;
        }
        int len;
        // The tick count is the sender's clock: digits are timed in media time, not by the scheduler's jitter.
        DtmfSender.Packet event = digits == null ? null : digits.poll(ticks * TICK_MS, frameTs);
        if (event != null) {
            RtpPacket.writeHeader(packet, 0, event.marker(), eventPayloadType, seq, event.timestamp(), ssrc);
            len = RtpPacket.FIXED_HEADER_LENGTH + event.writePayload(packet, RtpPacket.FIXED_HEADER_LENGTH);
        } else if (digits != null && digits.isActive()) {
            return; // the event replaces the audio while it lasts; updates go out every 50 ms or so
        } else {
            source.next(pcm, pcm.length);
            int n = encoder.encode(pcm, 0, packet, RtpPacket.FIXED_HEADER_LENGTH);
            RtpPacket.writeHeader(packet, 0, false, payloadType, seq, frameTs, ssrc);
            len = RtpPacket.FIXED_HEADER_LENGTH + n;
        }
        seq = (seq + 1) & 0xffff;
        try {
            if (ports.rtp().send(ByteBuffer.wrap(packet, 0, len), to) > 0) {
                sent++;
                octets += len - RtpPacket.FIXED_HEADER_LENGTH;
            }
        } catch (IOException ignored) {
            // like loss on the wire
        }
        if (ticks % RTCP_EVERY_TICKS == 0) {
            sendReport(frameTs);
        }
    }

    private void sendReport(long rtpTs) {
        InetSocketAddress to = remoteRtcp;
        if (to == null) {
            return;
        }
        long ntp = NtpTime.fromEpochMillis(System.currentTimeMillis());
        int n = RtcpWriter.senderReport(rtcp, 0, ssrc, ntp, rtpTs, sent, octets, List.of());
        n += RtcpWriter.sdesCname(rtcp, n, ssrc, cname);
        try {
            ports.rtcp().send(ByteBuffer.wrap(rtcp, 0, n), to);
        } catch (IOException ignored) {
            // the next report follows in 5 s
        }
    }

    @Override
    public void setDirection(Direction d) {
        sending = d.sends();
    }

    @Override
    public PortPair ports() {
        return ports;
    }

    @Override
    public long packetsReceived() {
        return received;
    }

    @Override
    public long packetsSent() {
        return sent;
    }

    @Override
    public void close() {
        sending = false;
        task.cancel(false);
        // The encoder is closed on the thread that uses it, after any tick that is running.
        try {
            scheduler.execute(encoder::close);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            encoder.close(); // the scheduler is gone, so no tick can be running
        }
    }
}
