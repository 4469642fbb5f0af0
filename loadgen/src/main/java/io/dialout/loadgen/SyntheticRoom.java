package io.dialout.loadgen;

import io.dialout.loadgen.LoadConfig.Mode;
import io.dialout.media.rtp.RtpPacket;
import io.dialout.media.sdp.Candidate;
import io.dialout.media.sdp.Fingerprint;
import io.dialout.media.sdp.MediaDescription;
import io.dialout.media.sdp.RtpMap;
import io.dialout.media.sdp.SdpException;
import io.dialout.media.sdp.SessionDescription;
import io.dialout.media.srtp.SrtpSession;
import io.dialout.media.webrtc.RoomEndpoint;
import io.dialout.media.webrtc.dtls.DtlsFactory;
import io.dialout.media.webrtc.dtls.DtlsSession;
import io.dialout.media.webrtc.dtls.DtlsSrtpKeys;
import io.dialout.media.webrtc.stun.Stun;
import io.dialout.media.webrtc.stun.StunCredentials;
import io.dialout.media.webrtc.stun.StunMessage;
import io.dialout.media.webrtc.stun.StunWriter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;

/**
 * One room's side of one call, as a browser would play it but without a browser: a browser-shaped offer, ICE
 * connectivity checks as the controlling agent (RFC 8445 section 7.2.5) with consent refreshes (RFC 7675), a DTLS
 * handshake in the role the answer leaves us (the gateway answers a=setup:passive: we are the client; Janus answers
 * a=setup:active: we are the server, RFC 5763 section 5), SRTP both ways, and 20 ms media whose payload carries the
 * send time so the echo coming back gives the round trip through the gateway.
 * <p>
 * The far end may be ICE-lite (our gateway) or a full ICE agent (Janus): we also answer its connectivity checks
 * (RFC 8445 section 7.3: a success response with XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY keyed with OUR password,
 * FINGERPRINT), since a full agent sends no DTLS before its own check has succeeded.
 * <p>
 * Threads: {@link #onDatagram} runs on the I/O thread, {@link #tick} on the ticker; they share only volatile flags and
 * the SRTP session, whose two directions are independent.
 */
final class SyntheticRoom {
    static final int MAGIC = 0x4C475254; // "LGRT": a payload the generator wrote, with its send time after it
    private static final int AUDIO_BYTES = 160;
    private static final int VIDEO_PACKET_PAYLOAD = 1100;
    private static final long CHECK_INTERVAL_NS = 100_000_000L;
    private static final long CONSENT_INTERVAL_NS = 2_000_000_000L;
    static final long MEDIA_PERIOD_NS = 20_000_000L;

    final String callId;
    final Mode mode;
    final DatagramChannel channel;
    final Results results;
    private final DtlsFactory dtlsFactory;
    private final int videoKbps;
    private final String ufrag = RoomEndpoint.randomUfrag();
    private final String pwd = RoomEndpoint.randomPassword();
    private final long audioSsrc = ThreadLocalRandom.current().nextInt() & 0xFFFFFFFFL;
    private final long videoSsrc = ThreadLocalRandom.current().nextInt() & 0xFFFFFFFFL;
    private final long tieBreaker = ThreadLocalRandom.current().nextLong();
    private final byte[] sendBuf = new byte[1500 + SrtpSession.MAX_OVERHEAD];
    private final byte[] stunBuf = new byte[512];
    private final byte[] stunReplyBuf = new byte[512];
    private final byte[] integrityScratch = new byte[20];
    private final Mac localKey;
    private final byte[] ufragBytes;
    private final byte[] lastTx = new byte[12];
    private final byte[][] opusFrames;

    final AtomicLong audioSent = new AtomicLong();
    final AtomicLong audioReceived = new AtomicLong();
    final AtomicLong videoSent = new AtomicLong();
    final AtomicLong videoReceived = new AtomicLong();
    final AtomicLong srtpErrors = new AtomicLong();

    volatile long dialNanos;
    volatile long answerNanos;
    volatile long connectedNanos;
    volatile long answeredNanos;
    volatile boolean ended;
    volatile boolean mediaOn;
    /** Set at the end of the hold: no more media is sent, so what is still in flight can come back and be counted. */
    volatile boolean paused;

    private volatile InetSocketAddress target;
    private volatile String remoteUfrag;
    private volatile Mac remoteKey;
    private volatile Fingerprint remoteFingerprint;
    private volatile boolean iceUp;
    private volatile SrtpSession srtp;
    private volatile DtlsSession dtls;
    private volatile boolean plain;
    private volatile boolean dtlsServer;
    private int audioPt = 0;
    private int videoPt = 96;
    private int seq = ThreadLocalRandom.current().nextInt(0, 30000);
    private int vseq = ThreadLocalRandom.current().nextInt(0, 30000);
    private long ts = ThreadLocalRandom.current().nextInt() & 0xFFFFFFFFL;
    private long vts = ThreadLocalRandom.current().nextInt() & 0xFFFFFFFFL;
    private long lastCheckNanos;
    /** When this room sends its next 20 ms of media: rooms start at random phases, as real, unsynchronised rooms. */
    private long nextMediaNanos =
            System.nanoTime() + ThreadLocalRandom.current().nextLong(MEDIA_PERIOD_NS);

    private int opusIndex;

    SyntheticRoom(
            String callId, Mode mode, DtlsFactory dtlsFactory, int videoKbps, byte[][] opusFrames, Results results)
            throws IOException {
        this.callId = callId;
        this.mode = mode;
        this.dtlsFactory = dtlsFactory;
        this.videoKbps = videoKbps;
        this.opusFrames = opusFrames;
        this.results = results;
        this.localKey = StunCredentials.hmacSha1(pwd);
        this.ufragBytes = ufrag.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        this.channel = DatagramChannel.open();
        channel.bind(new InetSocketAddress("127.0.0.1", 0));
        channel.configureBlocking(false);
    }

    int localPort() throws IOException {
        return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }

    /** A Chromium-shaped offer: BUNDLE, rtcp-mux, ICE credentials, our certificate's fingerprint, one host candidate. */
    String offer() throws IOException {
        StringBuilder s = new StringBuilder();
        s.append("v=0\r\no=- ")
                .append(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE))
                .append(" 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
        s.append("a=group:BUNDLE 0").append(mode == Mode.VIDEO ? " 1" : "").append("\r\n");
        s.append("a=msid-semantic: WMS loadgen\r\n");
        String audioFormats = mode == Mode.TRANSCODE ? "111 0 8 126" : "0 8 111 126";
        section(s, "audio", audioFormats, "0", audioSsrc);
        s.append("a=rtpmap:111 opus/48000/2\r\na=fmtp:111 minptime=10;useinbandfec=1\r\n");
        s.append("a=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n");
        s.append("a=rtpmap:126 telephone-event/8000\r\n");
        if (mode == Mode.VIDEO) {
            section(s, "video", "96", "1", videoSsrc);
            s.append("a=rtpmap:96 VP8/90000\r\na=rtcp-fb:96 nack\r\na=rtcp-fb:96 nack pli\r\n")
                    .append("a=rtcp-fb:96 ccm fir\r\n");
        }
        return s.toString();
    }

    private void section(StringBuilder s, String kind, String formats, String mid, long ssrc) throws IOException {
        s.append("m=")
                .append(kind)
                .append(" ")
                .append(localPort())
                .append(" UDP/TLS/RTP/SAVPF ")
                .append(formats)
                .append("\r\n");
        s.append("c=IN IP4 127.0.0.1\r\na=rtcp:9 IN IP4 0.0.0.0\r\n");
        s.append("a=candidate:1 1 udp 2130706431 127.0.0.1 ")
                .append(localPort())
                .append(" typ host\r\n");
        s.append("a=ice-ufrag:")
                .append(ufrag)
                .append("\r\na=ice-pwd:")
                .append(pwd)
                .append("\r\n");
        s.append("a=ice-options:trickle\r\n");
        s.append("a=fingerprint:sha-256 ")
                .append(dtlsFactory.identity().fingerprintSha256())
                .append("\r\n");
        s.append("a=setup:actpass\r\na=mid:").append(mid).append("\r\na=sendrecv\r\n");
        s.append("a=msid:loadgen ").append(kind).append("\r\na=rtcp-mux\r\na=rtcp-rsize\r\n");
        s.append("a=ssrc:").append(ssrc).append(" cname:loadgen\r\n");
    }

    /** The gateway's answer: where to send checks, its ICE password, its fingerprint, the payload types it kept. */
    void onAnswer(String sdp) throws SdpException {
        SessionDescription answer = SessionDescription.parse(sdp);
        MediaDescription audio = answer.firstMedia("audio");
        if (audio == null) {
            throw new SdpException("the answer has no audio");
        }
        Candidate c = audio.candidates().stream()
                .filter(Candidate::isUdp)
                .filter(x -> x.address().indexOf(':') < 0)
                .findFirst() // we bind IPv4 loopback only
                .orElseThrow(() -> new SdpException("the answer has no UDP IPv4 candidate"));
        audioPt = audio.payloadTypes().get(0);
        for (RtpMap m : audio.formatMaps()) {
            if (!m.encoding().equalsIgnoreCase("telephone-event")) {
                audioPt = m.payloadType();
                break;
            }
        }
        MediaDescription video = answer.firstMedia("video");
        if (video != null && !video.isRejected()) {
            videoPt = video.payloadTypes().get(0);
        }
        remoteUfrag = answer.iceUfrag(audio);
        remoteKey = StunCredentials.hmacSha1(answer.icePwd(audio));
        remoteFingerprint = answer.fingerprints(audio).get(0);
        // RFC 5763 section 5: the answerer's a=setup:active makes it the DTLS client, so we (actpass) serve
        dtlsServer = "active".equalsIgnoreCase(answer.setup(audio));
        answerNanos = System.nanoTime();
        InetSocketAddress t = new InetSocketAddress(c.address(), c.port());
        target = t;
        if (dtlsServer) {
            // a full ICE peer may send its ClientHello as soon as its own check succeeded, before ours has: be ready
            startDtls(t);
        }
    }

    /** SRTP keys are in place (or no SRTP at all): media flows from the next tick. */
    boolean mediaReady() {
        return plain || srtp != null;
    }

    /** Baseline: plain RTP straight to the echo peer, no gateway, no ICE, no SRTP. */
    void startBaseline(InetSocketAddress echo) {
        plain = true;
        iceUp = true;
        mediaOn = true;
        dialNanos = answerNanos = connectedNanos = answeredNanos = System.nanoTime();
        target = echo;
    }

    /**
     * Called every millisecond by the ticker: ICE checks until connected, consent refreshes, then media once per 20 ms
     * at this room's own phase (so that, as with real rooms, the calls' packets are spread over the period rather
     * than all sent in one burst).
     */
    void tick(long now) {
        InetSocketAddress t = target;
        if (t == null || ended) {
            return;
        }
        boolean media = now - nextMediaNanos >= 0 && !paused;
        if (media) {
            nextMediaNanos += MEDIA_PERIOD_NS;
            if (now - nextMediaNanos > 5 * MEDIA_PERIOD_NS) { // the ticker stalled: don't burst to catch up
                nextMediaNanos = now + MEDIA_PERIOD_NS;
            }
        }
        try {
            if (plain) {
                if (media) {
                    sendAudio(null, t);
                    if (mode.video()) {
                        sendVideo(null, t);
                    }
                }
                return;
            }
            if (!iceUp ? now - lastCheckNanos >= CHECK_INTERVAL_NS : now - lastCheckNanos >= CONSENT_INTERVAL_NS) {
                lastCheckNanos = now;
                sendCheck(t);
            }
            SrtpSession s = srtp;
            if (s != null && mediaOn && media) {
                sendAudio(s, t);
                if (mode == Mode.VIDEO) {
                    sendVideo(s, t);
                }
            }
        } catch (IOException e) {
            if (ended) {
                return; // hung up while this tick was sending: its channel closed under it
            }
            results.ioErrors.incrementAndGet();
            results.error("io:" + e.getClass().getSimpleName() + ":" + e.getMessage());
        } catch (RuntimeException e) {
            // one room's fault must not stop the shared ticker (a periodic task that throws is never run again)
            results.error("client:" + e.getClass().getSimpleName());
        }
    }

    private void sendCheck(InetSocketAddress t) throws IOException {
        ThreadLocalRandom.current().nextBytes(lastTx);
        StunWriter w = new StunWriter()
                .start(stunBuf, 0, Stun.BINDING_REQUEST, lastTx, 0)
                .addString(Stun.ATTR_USERNAME, remoteUfrag + ":" + ufrag)
                .addInt(Stun.ATTR_PRIORITY, 0x6e7f1eff)
                .addLong(Stun.ATTR_ICE_CONTROLLING, tieBreaker)
                .addFlag(Stun.ATTR_USE_CANDIDATE)
                .addMessageIntegrity(remoteKey)
                .addFingerprint();
        channel.send(ByteBuffer.wrap(stunBuf, 0, w.length()), t);
    }

    private void sendAudio(SrtpSession s, InetSocketAddress t) throws IOException {
        int n = RtpPacket.writeHeader(sendBuf, 0, false, audioPt, seq++ & 0xFFFF, ts, audioSsrc);
        if (mode == Mode.TRANSCODE) {
            ts += 960;
            byte[] f = opusFrames[opusIndex++ % opusFrames.length];
            System.arraycopy(f, 0, sendBuf, n, f.length);
            n += f.length;
        } else {
            ts += 160;
            Arrays.fill(sendBuf, n, n + AUDIO_BYTES, (byte) 0xFF);
            stamp(sendBuf, n);
            n += AUDIO_BYTES;
        }
        send(s, n, t);
        audioSent.incrementAndGet();
    }

    private void sendVideo(SrtpSession s, InetSocketAddress t) throws IOException {
        int bytesPerTick = videoKbps * 1000 / 8 / 50;
        vts += 1800;
        for (int left = bytesPerTick; left > 0; left -= VIDEO_PACKET_PAYLOAD) {
            int len = Math.min(left, VIDEO_PACKET_PAYLOAD);
            boolean last = left <= VIDEO_PACKET_PAYLOAD;
            int n = RtpPacket.writeHeader(sendBuf, 0, last, videoPt, vseq++ & 0xFFFF, vts, videoSsrc);
            sendBuf[n] = (byte) (left == bytesPerTick ? 0x10 : 0x00); // VP8 descriptor: S bit on a frame's first
            Arrays.fill(sendBuf, n + 1, n + len, (byte) 0x5A);
            stamp(sendBuf, n + 1);
            send(s, n + Math.max(len, 13), t);
            videoSent.incrementAndGet();
        }
    }

    /** The send time is read per packet, just before protection, so no packet carries an earlier time. */
    private static void stamp(byte[] b, int off) {
        ByteBuffer.wrap(b, off, 12).putInt(MAGIC).putLong(System.nanoTime());
    }

    private void send(SrtpSession s, int len, InetSocketAddress t) throws IOException {
        int n = s == null ? len : s.protectRtp(sendBuf, 0, len);
        if (n > 0) {
            channel.send(ByteBuffer.wrap(sendBuf, 0, n), t);
        }
    }

    /** A datagram from the gateway (I/O thread). */
    void onDatagram(byte[] b, int len, long now, java.net.SocketAddress from) {
        int first = b[0] & 0xFF;
        if (first < 4) {
            onStun(b, len, from);
        } else if (first >= 20 && first < 64) {
            DtlsSession d = dtls;
            if (d != null) {
                d.deliver(b, 0, len);
                if (!d.isStarted()) {
                    d.start(); // server: the handshake starts on the first ClientHello (queued just above)
                }
            }
        } else if (first >= 128 && first < 192) {
            onSrtp(b, len, now);
        }
    }

    private void onStun(byte[] b, int len, java.net.SocketAddress from) {
        StunMessage m = new StunMessage();
        if (!m.wrap(b, 0, len)) {
            return;
        }
        if (m.isBindingRequest()) {
            answerCheck(m, from);
            return;
        }
        if (m.type() != Stun.BINDING_SUCCESS || iceUp) {
            return;
        }
        iceUp = true;
        connectedNanos = System.nanoTime();
        if (!dtlsServer) {
            startDtls(target);
        }
    }

    /**
     * A full ICE agent's connectivity check (RFC 8445 section 7.3): USERNAME is "ourUfrag:theirUfrag" and
     * MESSAGE-INTEGRITY is keyed with our password; the success response echoes the transaction id and carries the
     * source address as XOR-MAPPED-ADDRESS (RFC 5389 section 15.2), then MESSAGE-INTEGRITY and FINGERPRINT.
     */
    private void answerCheck(StunMessage m, java.net.SocketAddress from) {
        if (!(from instanceof InetSocketAddress src)
                || !m.hasUsername()
                || !m.usernameStartsWithFragment(ufragBytes)
                || !m.hasMessageIntegrity()
                || !m.verifyMessageIntegrity(localKey, integrityScratch)) {
            return; // not for us, or not authenticated: a full agent retransmits, nothing to answer (RFC 8445 7.3)
        }
        StunWriter w = new StunWriter()
                .start(stunReplyBuf, 0, Stun.BINDING_SUCCESS, m.buffer(), m.transactionIdOffset())
                .addXorMappedAddress(src)
                .addMessageIntegrity(localKey)
                .addFingerprint();
        try {
            channel.send(ByteBuffer.wrap(stunReplyBuf, 0, w.length()), src);
        } catch (IOException e) {
            results.ioErrors.incrementAndGet();
        }
    }

    private synchronized void startDtls(InetSocketAddress t) {
        if (dtls != null) {
            return;
        }
        boolean server = dtlsServer;
        DtlsSession d = dtlsFactory.create(
                server,
                remoteFingerprint.algorithm(),
                remoteFingerprint.value(),
                Duration.ofSeconds(20),
                (buf, off, l) -> channel.send(ByteBuffer.wrap(buf, off, l), t),
                new DtlsSession.Listener() {
                    @Override
                    public void dtlsConnected(DtlsSrtpKeys keys) {
                        srtp = keys.session(server);
                        results.dtlsConnected(SyntheticRoom.this);
                    }

                    @Override
                    public void dtlsFailed(String reason) {
                        if (srtp == null) {
                            results.dtlsFailures.incrementAndGet();
                        }
                    }
                });
        dtls = d;
        if (!server) {
            d.start();
        }
    }

    private void onSrtp(byte[] b, int len, long now) {
        SrtpSession s = srtp;
        if ((s == null && !plain) || RtpPacket.looksLikeRtcp(b, 0, len)) {
            return; // RTCP from the gateway: not measured
        }
        int n = plain ? len : s.unprotectRtp(b, 0, len);
        if (n < 0) {
            srtpErrors.incrementAndGet();
            results.srtpErrors.incrementAndGet();
            return;
        }
        RtpPacket p = RtpPacket.of(b, 0, n);
        int pt = p.payloadType();
        results.received(pt);
        int off = p.payloadOffset();
        boolean video = mode.video() && pt == videoPt;
        if (video) {
            videoReceived.incrementAndGet();
            off += 1;
        } else {
            audioReceived.incrementAndGet();
        }
        if (p.payloadLength() >= 13 && ByteBuffer.wrap(b, off, 12).getInt() == MAGIC) {
            long sent = ByteBuffer.wrap(b, off + 4, 8).getLong();
            results.roundTrip(now - sent);
        }
    }

    /** For the report: where this room stands (ice, dtls, media). */
    String stage() {
        return (target == null
                ? "no-answer"
                : plain ? "media" : !iceUp ? "ice" : srtp == null ? "dtls" : !mediaOn ? "not-answered" : "media");
    }

    void close() {
        ended = true;
        DtlsSession d = dtls;
        if (d != null) {
            d.close();
        }
        SrtpSession s = srtp;
        if (s != null) {
            s.close();
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
