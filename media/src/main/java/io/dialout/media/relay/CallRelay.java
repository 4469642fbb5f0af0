package io.dialout.media.relay;

import io.dialout.media.rtp.RtpPacket;
import io.dialout.media.sipleg.SipLeg;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.nio.channels.DatagramChannel;

/**
 * The media bridge of one call: the SIP leg's sockets, the packets queued from the room, both direction pipelines,
 * RTCP per leg, DTMF and the media timeout. Every method runs on the one I/O thread that owns the call, so none of
 * this state is shared (room packets read by another thread come in through the {@link PacketRing}).
 */
public final class CallRelay {

    private static final System.Logger LOG = System.getLogger(CallRelay.class.getName());

    /** Packets read per socket per wake-up before giving other calls a turn. */
    private static final int MAX_READS_PER_WAKEUP = 256;

    private final String tag;
    private final SipLeg sip;
    private final SipLeg sipVideo;
    /** The owning loop's scratch buffers and delay counters; replaced when the call moves to another loop. */
    private IoBuffers io;
    /** The I/O loop that owns this relay (set by the engine; changes only when the call moves). */
    private volatile Object owner;

    private final RelayEvents events;
    private final PacketRing fromRoom;
    private final LegCounters roomCounters = new LegCounters();
    private final LegCounters sipCounters = new LegCounters();
    private final DirectionPipeline roomToSip;
    private final DirectionPipeline sipToRoom;
    private final RtcpLeg roomRtcp;
    private final RtcpLeg sipRtcp;
    private final PacketRing.Consumer roomConsumer = this::roomPacket;
    /** In its loop's ready queue (set by the room reader, cleared by the loop before it drains the ring). */
    private final java.util.concurrent.atomic.AtomicBoolean queued = new java.util.concurrent.atomic.AtomicBoolean();

    private long nowNanos;
    private boolean timeoutArmed;
    private long timeoutNanos;
    private long lastSipRtpNanos;
    private long ticks;
    private boolean closed;

    /**
     * @param sipVideo the SIP leg's video m-line sockets, or null when video is not offered to SIP
     */
    public CallRelay(
            String tag,
            SipLeg sip,
            SipLeg sipVideo,
            PacketSink room,
            IoBuffers io,
            RelayEvents events,
            Ssrcs ssrcs,
            String cname,
            int ringCapacity) {
        this.tag = tag;
        this.sip = sip;
        this.sipVideo = sipVideo;
        this.io = io;
        this.events = events;
        this.fromRoom = new PacketRing(ringCapacity, IoBuffers.MAX_PACKET + IoBuffers.SPARE);
        PacketSink sipSink = sinkOf(sip);
        roomToSip = new DirectionPipeline(
                "room->sip",
                sipSink,
                roomCounters,
                sipCounters,
                ssrcs.sipAudio(),
                ssrcs.sipVideo(),
                events::dtmfFromRoom);
        sipToRoom = new DirectionPipeline(
                "sip->room",
                room,
                sipCounters,
                roomCounters,
                ssrcs.roomAudio(),
                ssrcs.roomVideo(),
                (digit, forwarded) -> events.dtmfFromSip(digit));
        roomToSip.recordDelays(io.delays);
        sipToRoom.recordDelays(io.delays);
        roomRtcp = new RtcpLeg("room-rtcp", room, roomToSip, sipToRoom, cname);
        sipRtcp = new RtcpLeg("sip-rtcp", sipSink, sipToRoom, roomToSip, cname);
        roomRtcp.setPeer(sipRtcp);
        sipRtcp.setPeer(roomRtcp);
        if (sipVideo != null) {
            PacketSink videoSink = sinkOf(sipVideo);
            roomToSip.setVideoSink(videoSink);
            sipRtcp.setVideoRtcpSink(videoSink);
        }
        // Video starting toward a leg: ask the other leg for a keyframe so the receiver can decode at once.
        roomToSip.onVideoStart(() -> roomRtcp.requestKeyframe(System.nanoTime()));
        sipToRoom.onVideoStart(() -> sipRtcp.requestKeyframe(System.nanoTime()));
    }

    private PacketSink sinkOf(SipLeg leg) {
        return new PacketSink() {
            @Override
            public boolean ready() {
                return leg.rtpDestination() != null;
            }

            @Override
            public boolean sendRtp(byte[] buf, int off, int len) {
                return leg.sendRtp(buf, off, len, io.tx);
            }

            @Override
            public boolean sendRtcp(byte[] buf, int off, int len) {
                return leg.sendRtcp(buf, off, len, io.tx);
            }
        };
    }

    /**
     * Hands the relay to another I/O loop: its scratch buffers and delay counters from now on. Called by the loop
     * giving it up, which touches the relay no more; the volatile owner write publishes the relay's state to the
     * new owner, which reads it before its first use.
     */
    public void assignTo(Object newOwner, IoBuffers buffers) {
        this.io = buffers;
        roomToSip.recordDelays(buffers.delays);
        sipToRoom.recordDelays(buffers.delays);
        this.owner = newOwner;
    }

    /** The I/O loop that owns the relay (see {@link #assignTo}). */
    public Object owner() {
        return owner;
    }

    /** The SSRCs we send with: toward the room (they are in our room answer) and toward SIP. */
    public record Ssrcs(long roomAudio, long roomVideo, long sipAudio, long sipVideo) {}

    public String tag() {
        return tag;
    }

    public SipLeg sipLeg() {
        return sip;
    }

    /** The SIP video leg, or null. */
    public SipLeg sipVideoLeg() {
        return sipVideo;
    }

    /** Producer side for the room port's reader thread(s); see {@link PacketRing}. */
    public PacketRing fromRoom() {
        return fromRoom;
    }

    public void configure(DirectionConfig toSip, DirectionConfig toRoom) {
        roomToSip.configure(toSip);
        sipToRoom.configure(toRoom);
    }

    /** Queues digits toward SIP as RFC 4733 events; false when SIP has no telephone-event. */
    public boolean sendDtmfToSip(String digits, int durationMs) {
        return roomToSip.sendDigits(digits, durationMs);
    }

    public void armMediaTimeout(boolean armed, long timeout, long now) {
        this.timeoutArmed = armed;
        this.timeoutNanos = timeout;
        this.lastSipRtpNanos = now; // the silence is counted from arming
    }

    /** True when the caller should put this relay in its loop's ready queue (it was not there yet). */
    public boolean markQueued() {
        // Always the CAS (a full fence): a plain read first could be ordered before the producer's ring write and
        // see the flag still set just as the loop clears it, leaving the packet to wait for the next tick.
        return queued.compareAndSet(false, true);
    }

    public void clearQueued() {
        queued.set(false);
    }

    /** Processes what the room's reader queued. */
    public boolean drainRoom(long now) {
        this.nowNanos = now;
        return fromRoom.drain(roomConsumer, 1024) > 0;
    }

    /**
     * A room packet read by this relay's own I/O loop (its room socket): relayed at once, after anything other threads
     * queued in the ring before it, so the call's packets keep their order. {@code buf} needs
     * {@link IoBuffers#SPARE} bytes after {@code len} (SRTP toward SIP protects in place).
     */
    public void roomPacketInLoop(int kind, byte[] buf, int len, long now) {
        if (!fromRoom.isEmpty()) {
            drainRoom(now);
        }
        this.nowNanos = now;
        roomPacket(kind, buf, len, now);
    }

    private void roomPacket(int kind, byte[] buf, int len, long arrival) {
        if (closed) {
            return;
        }
        if (kind == PacketRing.RTP) {
            roomToSip.onRtp(buf, len, arrival);
        } else {
            roomCounters.received(len);
            roomRtcp.onRtcp(buf, 0, len, nowNanos);
        }
    }

    /** Reads every datagram ready on the SIP RTP socket. */
    public void sipRtpReadable(long now) throws IOException {
        rtpReadable(sip, now, MAX_READS_PER_WAKEUP);
    }

    /** Reads every datagram ready on the SIP RTCP socket. */
    public void sipRtcpReadable(long now) throws IOException {
        rtcpReadable(sip, now, MAX_READS_PER_WAKEUP);
    }

    public void sipVideoRtpReadable(long now) throws IOException {
        rtpReadable(sipVideo, now, MAX_READS_PER_WAKEUP);
    }

    public void sipVideoRtcpReadable(long now) throws IOException {
        rtcpReadable(sipVideo, now, MAX_READS_PER_WAKEUP);
    }

    /**
     * Reads at most {@code maxReads} datagrams from one of the call's SIP sockets ({@code socket}: 0 audio RTP, 1
     * audio RTCP, 2 video RTP, 3 video RTCP). A busy loop reads one per readiness: the selector reports a socket
     * with more queued again (level triggered), which costs less than the receive that finds the socket empty.
     */
    public void sipReadable(int socket, long now, int maxReads) throws IOException {
        switch (socket) {
            case 0 -> rtpReadable(sip, now, maxReads);
            case 1 -> rtcpReadable(sip, now, maxReads);
            case 2 -> rtpReadable(sipVideo, now, maxReads);
            default -> rtcpReadable(sipVideo, now, maxReads);
        }
    }

    private void rtpReadable(SipLeg leg, long now, int maxReads) throws IOException {
        DatagramChannel ch = leg.ports().rtp();
        for (int i = 0; i < maxReads && !closed; i++) {
            SocketAddress src = leg.read(ch, io.rx, io.in);
            if (src == null) {
                return;
            }
            if (RtpPacket.looksLikeRtcp(io.in, 0, leg.lastLength())) { // a peer multiplexing RTCP (RFC 5761)
                int n = leg.acceptRtcp(io.in, leg.lastLength(), src, now);
                if (n > 0) {
                    sipCounters.received(n);
                    sipRtcp.onRtcp(io.in, 0, n, now);
                }
                continue;
            }
            int len = leg.acceptRtp(io.in, leg.lastLength(), src, now);
            if (len > 0) {
                if (leg == sip) {
                    lastSipRtpNanos = now; // the media timeout watches the audio m-line
                }
                sipToRoom.onRtp(io.in, len, now);
            }
        }
    }

    private void rtcpReadable(SipLeg leg, long now, int maxReads) throws IOException {
        DatagramChannel ch = leg.ports().rtcp();
        for (int i = 0; i < maxReads && !closed; i++) {
            SocketAddress src = leg.read(ch, io.rx, io.in);
            if (src == null) {
                return;
            }
            int len = leg.acceptRtcp(io.in, leg.lastLength(), src, now);
            if (len > 0) {
                sipCounters.received(len);
                sipRtcp.onRtcp(io.in, 0, len, now);
            }
        }
    }

    /** The 20 ms tick: transcoded frames and DTMF, RTCP reports, the media timeout, published statistics. */
    public void tick(long now) {
        if (closed) {
            return;
        }
        ticks++;
        roomToSip.tick(io.work, now);
        sipToRoom.tick(io.work, now);
        roomRtcp.tick(io.work, now);
        sipRtcp.tick(io.work, now);
        if ((ticks & 15) == 0) {
            roomToSip.publishQuality(now);
            sipToRoom.publishQuality(now);
        }
        if (timeoutArmed && now - lastSipRtpNanos >= timeoutNanos) {
            timeoutArmed = false; // reported once
            events.mediaTimeout("no RTP from SIP for " + seconds(timeoutNanos) + " s");
        }
    }

    private static String seconds(long nanos) {
        return nanos % 1_000_000_000L == 0
                ? Long.toString(nanos / 1_000_000_000L)
                : String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e9);
    }

    public LegCounters roomCounters() {
        return roomCounters;
    }

    public LegCounters sipCounters() {
        return sipCounters;
    }

    public DirectionPipeline roomToSip() {
        return roomToSip;
    }

    public DirectionPipeline sipToRoom() {
        return sipToRoom;
    }

    public RtcpLeg roomRtcp() {
        return roomRtcp;
    }

    public RtcpLeg sipRtcp() {
        return sipRtcp;
    }

    /** Releases the SIP ports (and the SRTP contexts). */
    public void close() {
        if (!closed) {
            closed = true;
            if (fromRoom.dropped() > 0) {
                LOG.log(
                        Level.INFO,
                        () -> String.format("%s: %s room packets dropped (queue full)", tag, fromRoom.dropped()));
            }
            long now = System.nanoTime();
            roomToSip.publishQuality(now);
            sipToRoom.publishQuality(now);
            sip.close();
            if (sipVideo != null) {
                sipVideo.close();
            }
        }
    }

    public boolean isClosed() {
        return closed;
    }
}
