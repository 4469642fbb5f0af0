package io.dialout.media.engine;

import io.dialout.media.CallMedia;
import io.dialout.media.CallMediaRequest;
import io.dialout.media.CallMediaStats;
import io.dialout.media.Direction;
import io.dialout.media.MediaConfig;
import io.dialout.media.MediaException;
import io.dialout.media.MediaListener;
import io.dialout.media.negotiation.room.CodecPolicy;
import io.dialout.media.negotiation.room.RoomLocalParams;
import io.dialout.media.negotiation.room.RoomNegotiation;
import io.dialout.media.negotiation.room.RoomNegotiator;
import io.dialout.media.negotiation.room.RoomStream;
import io.dialout.media.negotiation.sip.SipAnswer;
import io.dialout.media.negotiation.sip.SipLocalParams;
import io.dialout.media.negotiation.sip.SipReofferAnswerer;
import io.dialout.media.negotiation.sip.SipSdpSession;
import io.dialout.media.relay.AudioMix;
import io.dialout.media.relay.CallRelay;
import io.dialout.media.relay.DirectionConfig;
import io.dialout.media.relay.DirectionConfig.LegFormats;
import io.dialout.media.relay.DirectionConfig.Payload;
import io.dialout.media.relay.DirectionPipeline;
import io.dialout.media.relay.IoBuffers;
import io.dialout.media.relay.PacketRing;
import io.dialout.media.relay.PacketSink;
import io.dialout.media.relay.RelayEvents;
import io.dialout.media.relay.RoomSource;
import io.dialout.media.relay.RoomSources;
import io.dialout.media.relay.VideoSwitch;
import io.dialout.media.sdp.Candidate;
import io.dialout.media.sdp.CodecSpec;
import io.dialout.media.sdp.SdpException;
import io.dialout.media.sdp.SessionDescription;
import io.dialout.media.sipleg.PortPair;
import io.dialout.media.sipleg.SipLeg;
import io.dialout.media.srtp.SdesKeys;
import io.dialout.media.srtp.SdesTransform;
import io.dialout.media.webrtc.RoomEndpoint;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The media of one call. Control methods run on the gateway's per-call executor: they negotiate there and hand
 * the result to the call's I/O thread as a task, so the relay itself is only ever touched by that thread.
 */
final class DefaultCallMedia implements CallMedia {

    private static final System.Logger LOG = System.getLogger(DefaultCallMedia.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    /** A latched SIP source may be replaced by another only after this much silence from it. */
    private static final long RELATCH_SILENCE_NANOS = 2_000_000_000L;

    private static final Duration CONSENT_TIMEOUT = Duration.ofSeconds(30);

    private final DefaultMediaEngine engine;
    private final String tag;
    private final MediaListener listener;
    /** The room's current negotiation: replaced by a re-offer (on the call executor), read from anywhere. */
    private volatile RoomNegotiation room;

    private final SipSdpSession sipSdp;
    private final SdesKeys localKeys;
    /** The I/O loop that owns the relay: the one picked at creation, then the one reading the room's packets. */
    private volatile IoLoop loop;

    private final CallRelay relay;
    private final RoomEndpoint endpoint;
    private final AtomicBoolean closed = new AtomicBoolean();
    private RoomHandler handler;
    private final AtomicBoolean moving = new AtomicBoolean();
    private volatile int moves;

    // Control state: written on the gateway's call executor, read by stats() from anywhere.
    private volatile boolean sipTelephoneEvent;
    private volatile String sipAudioCodec;
    private volatile String sipVideoCodec;
    private volatile boolean transcoding;
    private CodecSpec currentSipAudio;
    private CodecBridge.Adapter toSipTranscoder;
    private CodecBridge.Adapter toRoomTranscoder;
    /** The room sends several audio sources (a meeting): its audio is mixed toward SIP. A re-offer may change it. */
    private volatile boolean mixed;
    /** What the room's offers are answered with (set once by create, used again by a re-offer). */
    private RoomLocalParams roomLocal;

    private CodecPolicy roomPolicy;

    private DefaultCallMedia(
            DefaultMediaEngine engine,
            String tag,
            MediaListener listener,
            RoomNegotiation room,
            SipSdpSession sipSdp,
            SdesKeys localKeys,
            IoLoop loop,
            CallRelay relay,
            RoomEndpoint endpoint) {
        this.engine = engine;
        this.tag = tag;
        this.listener = listener;
        this.room = room;
        this.sipSdp = sipSdp;
        this.localKeys = localKeys;
        this.loop = loop;
        this.relay = relay;
        this.endpoint = endpoint;
        this.mixed = roomSources(room).mixed();
    }

    static DefaultCallMedia create(DefaultMediaEngine engine, CallMediaRequest request, MediaListener listener)
            throws MediaException {
        MediaConfig cfg = engine.config();
        CallMediaRequest.SipLegOptions opts =
                request.sipLeg() == null ? CallMediaRequest.SipLegOptions.DEFAULT : request.sipLeg();
        SessionDescription offer = SessionDescription.parse(request.roomOffer());
        String ufrag = RoomEndpoint.randomUfrag();
        String pwd = RoomEndpoint.randomPassword();
        CallRelay.Ssrcs ssrcs = new CallRelay.Ssrcs(ssrc(), ssrc(), ssrc(), ssrc());
        String cname = "dialout-" + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE);
        RoomLocalParams local = new RoomLocalParams(
                ufrag,
                pwd,
                engine.identity().fingerprintSha256(),
                engine.roomAddresses(),
                engine.roomPort(),
                ssrcs.roomAudio(),
                ssrcs.roomVideo(),
                cname);
        CodecPolicy policy = new CodecPolicy(opts.g711Only(), opts.video(), cfg.opusFec());
        RoomNegotiation room = RoomNegotiator.answer(offer, local, policy);

        PortPair audioPorts = engine.ports().allocate();
        PortPair videoPorts = null;
        boolean ok = false;
        try {
            boolean video = opts.video() && room.video() != null;
            if (video) {
                videoPorts = engine.ports().allocate(); // a video m-line toward SIP has its own RTP/RTCP pair
            }
            SdesKeys keys = opts.srtp() ? SdesKeys.generate() : null;
            String sipAddress = cfg.sipAdvertisedAddress() != null ? cfg.sipAdvertisedAddress() : cfg.sipBindAddress();
            SipLocalParams sipLocal = new SipLocalParams(
                    sipAddress,
                    audioPorts.rtpPort(),
                    audioPorts.rtcpPort(),
                    video ? videoPorts.rtpPort() : 0,
                    video ? videoPorts.rtcpPort() : 0,
                    keys == null ? null : keys.toCryptoAttribute(1),
                    RANDOM.nextLong() & 0xffffffffL,
                    1,
                    Direction.SENDRECV,
                    video);
            SipSdpSession sipSdp = new SipSdpSession(room, sipLocal);

            IoLoop loop = engine.pickLoop();
            SipLeg sip = new SipLeg(audioPorts, RELATCH_SILENCE_NANOS);
            SipLeg sipVideo = video ? new SipLeg(videoPorts, RELATCH_SILENCE_NANOS) : null;
            RoomSink roomSink = new RoomSink();
            Events events = new Events();
            // Room packets wait here only until the call's I/O thread wakes: 32 slots hold 640 ms of audio, 256 a
            // keyframe burst of 1.5 Mb/s video; each slot is a full-size packet, so this is most of a call's heap.
            // A meeting's further audio sources arrive at the same rate each: 32 slots per audio source, rounded up to
            // a power of two (the ring's size), up to 256.
            int perSource = 32 * Math.max(1, room.audioStreams().size());
            int ring = room.video() != null ? 256 : Math.min(256, Integer.highestOneBit(perSource - 1) << 1);
            CallRelay relay = new CallRelay(
                    request.callTag(), sip, sipVideo, roomSink, loop.buffers(), events, ssrcs, cname, ring);
            relay.assignTo(loop, loop.buffers());
            RoomHandler handler = new RoomHandler(relay, loop);
            RoomEndpoint endpoint = engine.roomPortObject()
                    .open(
                            new RoomEndpoint.Config(
                                    ufrag,
                                    pwd,
                                    room.remoteUfrag(),
                                    room.remotePwd(),
                                    room.remoteFingerprintAlgorithm(),
                                    room.remoteFingerprint(),
                                    room.dtlsServer(),
                                    cfg.connectTimeout(),
                                    CONSENT_TIMEOUT),
                            handler);
            roomSink.endpoint = endpoint;
            DefaultCallMedia call = new DefaultCallMedia(
                    engine, request.callTag(), listener, room, sipSdp, keys, loop, relay, endpoint);
            events.call = call;
            handler.call = call;
            call.handler = handler;
            call.roomLocal = local;
            call.roomPolicy = policy;
            call.speakers();
            DirectionConfig toSip = roomOnly(room);
            DirectionConfig toRoom = new DirectionConfig(
                    LegFormats.NONE, roomFormats(room), room.audioDirection().sends(), null);
            RoomSources sources = roomSources(room);
            loop.execute(() -> {
                try {
                    loop.add(relay);
                    relay.roomToSip().sources(sources);
                    relay.configure(toSip, toRoom);
                } catch (Exception e) {
                    LOG.log(
                            Level.WARNING,
                            "{0}: cannot register the SIP sockets: {1}",
                            request.callTag(),
                            e.toString());
                    call.fail("media I/O: " + e.getMessage());
                }
            });
            ok = true;
            return call;
        } catch (IllegalArgumentException | IllegalStateException e) { // from a builder or the room port
            throw new MediaException("call media could not be set up: " + e.getMessage(), e);
        } finally {
            if (!ok) {
                audioPorts.close();
                if (videoPorts != null) {
                    videoPorts.close();
                }
            }
        }
    }

    /** The room's sources; a classic single-stream room keeps {@link RoomSources#SINGLE} (nothing filtered). */
    static RoomSources roomSources(RoomNegotiation room) {
        if (room.streams().size() <= 2
                && room.audioStreams().size() <= 1
                && room.videoStreams().size() <= 1) {
            return RoomSources.SINGLE;
        }
        List<RoomSource> out = new ArrayList<>();
        for (RoomStream s : room.streams()) {
            out.add(new RoomSource(
                    s.isAudio() ? RoomSource.Kind.AUDIO : RoomSource.Kind.VIDEO,
                    s.mid(),
                    s.msid(),
                    s.ssrc(),
                    s.main()));
        }
        return new RoomSources(out);
    }

    private static long ssrc() {
        long s;
        do {
            s = RANDOM.nextInt() & 0xffffffffL;
        } while (s == 0);
        return s;
    }

    /** Before the SIP answer: room packets are accounted, nothing is sent toward SIP. */
    private static DirectionConfig roomOnly(RoomNegotiation r) {
        return new DirectionConfig(roomFormats(r), LegFormats.NONE, false, null);
    }

    /** The room leg's formats: its audio codec, telephone-event at the audio's clock (RFC 4733 section 2.1), video. */
    private static LegFormats roomFormats(RoomNegotiation r) {
        int clock = r.audio().clockRate();
        return new LegFormats(
                new Payload(r.audio().payloadType(), clock),
                r.roomTelephoneEventPt() < 0 ? Payload.NONE : new Payload(r.roomTelephoneEventPt(), clock),
                LegFormats.video(r.video() == null ? -1 : r.video().payloadType()));
    }

    @Override
    public String roomAnswer() {
        return room.answerSdp();
    }

    @Override
    public String answerRoomReoffer(String sdp) throws SdpException {
        if (closed.get()) {
            throw new SdpException("the call's media is closed");
        }
        RoomNegotiation before = room;
        RoomNegotiation next = RoomNegotiator.reanswer(SessionDescription.parse(sdp), roomLocal, roomPolicy, before);
        RoomSources sources = roomSources(next);
        boolean mixChanges = sources.mixed() != mixed;
        room = next;
        mixed = sources.mixed();
        if (mixChanges && sipSdp.current() != null) {
            try {
                apply(sipSdp.current()); // the mixer in or out of the room-to-SIP direction; the SIP leg stays
            } catch (SdpException | RuntimeException e) {
                room = before;
                mixed = !mixed;
                throw e instanceof SdpException se ? se : new SdpException("re-offer: " + e.getMessage());
            }
        }
        onLoop(() -> {
            DirectionPipeline toSip = relay.roomToSip();
            // the sources that stay keep their counters and levels; the ones gone are dropped (see SourceSelect)
            RoomSources now =
                    sources == RoomSources.SINGLE ? sources : toSip.sources().update(sources.all());
            toSip.sources(now);
            if (toSip.config() != null && toSip.config().transcoder() instanceof AudioMix mix) {
                for (long gone : now.departedSsrcs()) {
                    mix.remove(gone);
                }
            }
        });
        speakers();
        LOG.log(
                Level.DEBUG,
                "{0}: room re-offer answered: {1} audio and {2} video sources",
                tag,
                next.audioStreams().size(),
                next.videoStreams().size());
        return next.answerSdp();
    }

    @Override
    public void addRoomCandidate(String candidate, String sdpMid) throws SdpException {
        if (candidate == null || candidate.isBlank()) {
            return; // end of trickle
        }
        // ICE-lite (RFC 8445 section 2.5): we never send checks, the room's checks find us; a candidate is only
        // validated so that a malformed one is reported to the client.
        Candidate.parse(candidate);
    }

    @Override
    public String sipOffer() {
        return sipSdp.offer().toString();
    }

    @Override
    public void applySipAnswer(String sdp, boolean provisional) throws SdpException {
        apply(sipSdp.applyAnswer(sdp));
    }

    @Override
    public void applySipNewLegAnswer(String sdp) throws SdpException {
        apply(sipSdp.applyNewDialogAnswer(sdp));
    }

    @Override
    public String sipReoffer(Direction direction) {
        String offer = sipSdp.reoffer(direction).toString();
        if (sipSdp.current() != null) {
            try {
                apply(sipSdp.current()); // stop sending at once when the new direction does not send
            } catch (SdpException e) {
                LOG.log(Level.DEBUG, "{0}: re-offer keeps the previous media: {1}", tag, e.getMessage());
            }
        }
        return offer;
    }

    @Override
    public void applySipReofferAnswer(String sdp) throws SdpException {
        apply(sipSdp.applyReofferAnswer(sdp));
    }

    @Override
    public SipReofferAnswer answerSipReoffer(String offer) throws SdpException {
        SipReofferAnswerer.Result r = sipSdp.answerReoffer(offer);
        if (r.remote() != null) {
            apply(r.remote());
        }
        return new SipReofferAnswer(r.answerSdp(), r.remoteDirection());
    }

    /**
     * Turns the far end's SDP into the relay's configuration: pass-through when the codec equals the room's, else
     * a transcoder per direction (kept across a 183 and a 200 that choose the same codec).
     */
    private void apply(SipAnswer a) throws SdpException {
        if (closed.get()) {
            return;
        }
        CodecSpec roomAudio = room.audio();
        CodecSpec sipAudio = a.audio();
        boolean pass = CodecBridge.sameCodec(roomAudio, sipAudio);
        CodecBridge.Adapter oldToSip = null;
        CodecBridge.Adapter oldToRoom = null;
        if (mixed) {
            // A meeting: the room's sources are mixed toward SIP whatever the codecs; the phone's audio goes to the
            // room as one track (passed through, or transcoded as in a classic call).
            boolean sameSip = currentSipAudio != null && sameFormat(currentSipAudio, sipAudio);
            if (toSipTranscoder == null || !sameSip) {
                oldToSip = toSipTranscoder;
                oldToRoom = toRoomTranscoder;
                toSipTranscoder = CodecBridge.mixer(roomAudio, sipAudio);
                try {
                    toRoomTranscoder = pass ? null : CodecBridge.transcoder(sipAudio, roomAudio);
                } catch (SdpException | RuntimeException e) {
                    toSipTranscoder.close();
                    toSipTranscoder = null;
                    throw e;
                }
            }
        } else if (pass) {
            oldToSip = toSipTranscoder;
            oldToRoom = toRoomTranscoder;
            toSipTranscoder = null;
            toRoomTranscoder = null;
        } else if (toSipTranscoder == null || currentSipAudio == null || !sameFormat(currentSipAudio, sipAudio)) {
            CodecBridge.Adapter ts = CodecBridge.transcoder(roomAudio, sipAudio);
            CodecBridge.Adapter tr;
            try {
                tr = CodecBridge.transcoder(sipAudio, roomAudio);
            } catch (SdpException | RuntimeException e) {
                ts.close();
                throw e;
            }
            oldToSip = toSipTranscoder;
            oldToRoom = toRoomTranscoder;
            toSipTranscoder = ts;
            toRoomTranscoder = tr;
        }
        currentSipAudio = sipAudio;
        int sipTe = a.telephoneEventPt();
        Direction local = sipSdp.localDirection();
        boolean sendToSip = local.sends() && a.direction().receives();
        boolean sendToRoom = room.audioDirection().sends();
        // Video passes through when the callee kept the video m-line (port 0 = refused: the room leg stays up).
        boolean video = relay.sipVideoLeg() != null && a.video() != null && room.video() != null;
        int sipVideoPt = video ? a.video().payloadType() : -1;
        LegFormats roomLeg = roomFormats(room);
        // SIP's telephone-event is 8 kHz whatever the audio clock (RFC 4733 section 2.1, and what we offer)
        LegFormats sipLeg = new LegFormats(
                new Payload(sipAudio.payloadType(), sipAudio.clockRate()),
                sipTe < 0 ? Payload.NONE : new Payload(sipTe, 8000),
                LegFormats.video(sipVideoPt));
        DirectionConfig toSip = new DirectionConfig(roomLeg, sipLeg, sendToSip, toSipTranscoder);
        DirectionConfig toRoom = new DirectionConfig(
                sipLeg,
                video ? roomLeg : new LegFormats(roomLeg.audio(), roomLeg.event(), Payload.NONE),
                sendToRoom,
                toRoomTranscoder);
        SdesTransform srtp = null;
        SdesTransform videoSrtp = null;
        if (localKeys != null) {
            srtp = sdes(a.crypto());
            if (video) {
                videoSrtp = sdes(a.videoCrypto() != null ? a.videoCrypto() : a.crypto());
            }
        }
        sipTelephoneEvent = sipTe >= 0;
        sipAudioCodec = sipAudio.encoding();
        sipVideoCodec = video ? a.video().encoding() : null;
        transcoding = !pass || mixed;
        final SdesTransform crypto = srtp;
        final SdesTransform videoCrypto = videoSrtp;
        final CodecBridge.Adapter closeToSip = oldToSip;
        final CodecBridge.Adapter closeToRoom = oldToRoom;
        onLoop(() -> {
            SipLeg sip = relay.sipLeg();
            sip.signal(a.audioAddress(), a.audioRtcpAddress());
            sip.expectPayloadTypes(sipAudio.payloadType(), sipTe);
            if (crypto != null) {
                sip.setSrtp(crypto);
            }
            SipLeg sv = relay.sipVideoLeg();
            if (video && sv != null) {
                sv.signal(a.videoAddress(), a.videoRtcpAddress());
                sv.expectPayloadTypes(sipVideoPt);
                if (videoCrypto != null) {
                    sv.setSrtp(videoCrypto);
                }
            }
            relay.configure(toSip, toRoom);
            if (closeToSip != null) { // replaced transcoders are closed by the thread that used them
                closeToSip.close();
            }
            if (closeToRoom != null) {
                closeToRoom.close();
            }
        });
    }

    /** The SRTP contexts for one m-line: our offered key to protect, the callee's answered key to unprotect. */
    private SdesTransform sdes(io.dialout.media.sdp.Crypto remote) throws SdpException {
        if (remote == null) {
            throw new SdpException("the answer has no a=crypto for our RTP/SAVP offer");
        }
        try {
            return new SdesTransform(SdesKeys.session(localKeys, SdesKeys.parse(remote.attributeValue())));
        } catch (RuntimeException e) {
            throw new SdpException("unusable a=crypto in the answer: " + e.getMessage());
        }
    }

    private static boolean sameFormat(CodecSpec a, CodecSpec b) {
        return CodecBridge.sameCodec(a, b) && a.payloadType() == b.payloadType();
    }

    @Override
    public boolean sipAcceptsTelephoneEvent() {
        return sipTelephoneEvent;
    }

    @Override
    public void sendDtmfToSip(String digits, int durationMs) {
        if (!sipTelephoneEvent || digits == null || digits.isEmpty()) {
            return; // the gateway sends SIP INFO instead (sipAcceptsTelephoneEvent() is false)
        }
        onLoop(() -> {
            if (!relay.sendDtmfToSip(digits, durationMs)) {
                LOG.log(
                        Level.DEBUG,
                        "{0}: DTMF {1} not sent: no telephone-event toward SIP or not DTMF digits",
                        tag,
                        digits);
            }
        });
    }

    @Override
    public void armMediaTimeout(boolean armed) {
        long timeout = engine.config().mediaTimeout().toNanos();
        onLoop(() -> relay.armMediaTimeout(armed, timeout, System.nanoTime()));
    }

    @Override
    public CallMediaStats stats() {
        String roomVideo = room.video() == null ? null : room.video().encoding();
        return new CallMediaStats(
                relay.roomCounters().snapshot(room.audio().encoding(), roomVideo),
                relay.sipCounters().snapshot(sipAudioCodec, sipVideoCodec).withPacketsRefused(sipRefusedPackets()),
                transcoding,
                endpoint.isConnected(),
                relay.roomToSip().stageStats(),
                relay.sipToRoom().stageStats(),
                sources());
    }

    /** The room's streams with their levels and which is on the SIP video (read from any thread: may lag a packet). */
    private List<CallMediaStats.SourceStats> sources() {
        RoomNegotiation r = room;
        if (roomSources(r) == RoomSources.SINGLE) {
            return List.of();
        }
        long now = System.nanoTime();
        DirectionPipeline p = relay.roomToSip();
        long shownVideo = p.shownVideo();
        long speaker = p.speaker();
        List<CallMediaStats.SourceStats> out = new ArrayList<>();
        for (RoomStream st : r.streams()) {
            boolean audio = st.isAudio();
            out.add(new CallMediaStats.SourceStats(
                    st.mid(),
                    st.msid() == null ? "" : st.msid(),
                    st.kind(),
                    st.ssrc(),
                    audio ? Math.round(p.levelOf(st.ssrc(), now) * 10) / 10.0 : null,
                    audio ? st.ssrc() == speaker : st.ssrc() == shownVideo));
        }
        return out;
    }

    /**
     * Chooses the room participant on the SIP video from the audio levels (see SpeakerSelector) and tells the
     * listener who it is. Runs the wiring on the call's I/O thread, which owns the pipeline; the streams are looked
     * up in the current negotiation, so a re-offer's participants are found too.
     */
    private void speakers() {
        RoomNegotiation r = room;
        DirectionPipeline p = relay.roomToSip();
        VideoSwitch.Codec codec = r.video() == null
                ? VideoSwitch.Codec.OTHER
                : switch (r.video().name().toUpperCase(java.util.Locale.ROOT)) { // the rtpmap name, not "VP8/90000"
                    case "VP8" -> VideoSwitch.Codec.VP8;
                    case "H264" -> VideoSwitch.Codec.H264;
                    default -> VideoSwitch.Codec.OTHER;
                };
        boolean fir = r.videoRtcpFeedback().contains("ccm fir");
        int levelId = r.audioLevelId();
        onLoop(() -> {
            p.videoCodec(codec);
            relay.roomRtcp().useFir(fir);
            p.onSwitchKeyframe(ssrc -> relay.roomRtcp().requestKeyframe(ssrc, System.nanoTime()));
            p.onSpeaker(levelId, audioSsrc -> {
                RoomNegotiation now = room;
                RoomStream a = now.stream(audioSsrc);
                long video = now.videoOf(audioSsrc);
                RoomStream v = video < 0 ? null : now.stream(video);
                if (v != null) {
                    p.showVideo(video, System.nanoTime());
                }
                RoomStream named = v != null ? v : a;
                if (named != null) {
                    safely(() -> listener.speaker(named.mid(), named.msid() == null ? "" : named.msid()));
                }
            });
        });
    }

    /** Packets the SIP-side latches refused (other sources than the callee), audio and video. */
    private long sipRefusedPackets() {
        long n = relay.sipLeg().refusedPackets();
        return relay.sipVideoLeg() == null ? n : n + relay.sipVideoLeg().refusedPackets();
    }

    /**
     * Runs a task on the loop that owns the relay. A task that reaches a loop the call has just left is passed on
     * to the new one, so the relay is only ever touched by its owner.
     */
    private void onLoop(Runnable task) {
        IoLoop l = loop;
        l.execute(() -> {
            if (loop == l) {
                task.run();
            } else {
                onLoop(task);
            }
        });
    }

    /** The loop that owns the call now (tests). */
    IoLoop ioLoop() {
        return loop;
    }

    /** How many times the call moved to another loop (tests). */
    int moves() {
        return moves;
    }

    /** Calls move between loops at most this often (a room alternating between two paths must not ping-pong). */
    private static final int MAX_MOVES = 4;

    /**
     * Moves the call to {@code target}, the loop that reads the room's packets (Linux hashed the room's address to
     * that loop's socket), so they are relayed on the thread that read them. The current owner detaches the SIP
     * sockets, hands the relay over and queues the attach on the target; packets the target reads meanwhile are
     * relayed at once (the owner field's volatile write publishes the relay's state).
     */
    void moveTo(IoLoop target) {
        if (moving.get() || moves >= MAX_MOVES || closed.get() || !moving.compareAndSet(false, true)) {
            return;
        }
        IoLoop from = loop;
        if (from == target) {
            moving.set(false);
            return;
        }
        from.execute(() -> {
            if (closed.get() || loop != from) {
                moving.set(false);
                return;
            }
            moves++;
            from.detach(relay);
            relay.assignTo(target, target.buffers());
            handler.loop = target;
            loop = target;
            target.execute(() -> {
                try {
                    if (!relay.isClosed() && loop == target) {
                        target.add(relay);
                    }
                } catch (java.nio.channels.ClosedChannelException e) { // closed while moving: close() releases it
                    LOG.log(Level.DEBUG, "{0}: moved while closing", tag);
                } finally {
                    moving.set(false);
                }
            });
        });
    }

    /** An ICE/DTLS failure or a media timeout: reported once, whatever reports it. */
    private final AtomicBoolean failed = new AtomicBoolean();

    void fail(String reason) {
        if (!closed.get() && failed.compareAndSet(false, true)) {
            safely(() -> listener.mediaFailure(reason));
        }
    }

    private void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "{0}: media listener threw {1}", tag, e.toString());
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        endpoint.close();
        CompletableFuture<Void> done = new CompletableFuture<>();
        CodecBridge.Adapter ts = toSipTranscoder;
        CodecBridge.Adapter tr = toRoomTranscoder;
        onLoop(() -> {
            loop.remove(relay);
            if (ts != null) {
                ts.close();
            }
            if (tr != null) {
                tr.close();
            }
            done.complete(null);
        });
        if (!loop.inLoop()) {
            try {
                done.get(2, TimeUnit.SECONDS);
            } catch (Exception e) { // the loop is gone (engine closing): release here
                relay.close();
            }
        }
        engine.released(this);
    }

    // ---- glue between the room endpoint, the relay and the listener

    /** Sends toward the room through the endpoint (SRTP with the DTLS keys); used on the I/O thread only. */
    private static final class RoomSink implements PacketSink {
        volatile RoomEndpoint endpoint;

        @Override
        public boolean ready() {
            RoomEndpoint e = endpoint;
            return e != null && e.isConnected();
        }

        @Override
        public boolean sendRtp(byte[] buf, int off, int len) {
            return endpoint.sendRtp(buf, off, len);
        }

        @Override
        public boolean sendRtcp(byte[] buf, int off, int len) {
            return endpoint.sendRtcp(buf, off, len);
        }
    }

    /**
     * Room events on the thread that read the room socket: packets read by the call's own I/O loop are relayed at
     * once, those read by another thread go into the call's ring; the rest goes to the listener.
     */
    private static final class RoomHandler implements RoomEndpoint.Handler {
        private final CallRelay relay;
        private final PacketRing ring;
        volatile IoLoop loop; // the relay's owner
        volatile DefaultCallMedia call;

        RoomHandler(CallRelay relay, IoLoop loop) {
            this.relay = relay;
            this.ring = relay.fromRoom();
            this.loop = loop;
        }

        @Override
        public void connected() {
            DefaultCallMedia c = call;
            if (c != null && !c.closed.get()) {
                c.safely(c.listener::roomConnected);
            }
        }

        @Override
        public void failed(String reason) {
            DefaultCallMedia c = call;
            if (c != null) {
                c.fail("room: " + reason);
            }
        }

        @Override
        public void rtp(byte[] buf, int off, int len) {
            queue(PacketRing.RTP, buf, off, len);
        }

        @Override
        public void rtcp(byte[] buf, int off, int len) {
            queue(PacketRing.RTCP, buf, off, len);
        }

        private void queue(int kind, byte[] buf, int off, int len) {
            if (len > IoBuffers.MAX_PACKET) {
                return;
            }
            IoLoop owner = loop;
            if (off == 0 && buf.length >= len + IoBuffers.SPARE && owner.inLoop()) {
                if (!relay.isClosed()) {
                    relay.roomPacketInLoop(kind, buf, len, System.nanoTime());
                }
                return;
            }
            if (ring.offer(kind, buf, off, len, System.nanoTime())) {
                owner.roomPacketsQueued(relay);
            }
            IoLoop here = IoLoop.current(); // another loop read it: move the call there
            DefaultCallMedia c = call;
            if (here != null && c != null) {
                c.moveTo(here);
            }
        }
    }

    /** Relay events on the I/O thread, passed to the listener (which must not block). */
    private static final class Events implements RelayEvents {
        volatile DefaultCallMedia call;

        @Override
        public void dtmfFromRoom(char digit, boolean forwarded) {
            DefaultCallMedia c = call;
            if (c != null) {
                c.safely(() -> c.listener.dtmfFromRoom(digit, forwarded));
            }
        }

        @Override
        public void dtmfFromSip(char digit) {
            DefaultCallMedia c = call;
            if (c != null) {
                c.safely(() -> c.listener.dtmfFromSip(digit));
            }
        }

        @Override
        public void mediaTimeout(String reason) {
            DefaultCallMedia c = call;
            if (c != null) {
                c.fail(reason);
            }
        }
    }
}
