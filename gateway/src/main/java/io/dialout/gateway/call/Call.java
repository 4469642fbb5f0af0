package io.dialout.gateway.call;

import io.dialout.gateway.call.CallEvent.Candidate;
import io.dialout.gateway.call.CallEvent.DigitReceived;
import io.dialout.gateway.call.CallEvent.DtmfRequest;
import io.dialout.gateway.call.CallEvent.Ending;
import io.dialout.gateway.call.CallEvent.InfoDigit;
import io.dialout.gateway.call.CallEvent.Kind;
import io.dialout.gateway.call.CallEvent.Reoffer;
import io.dialout.gateway.call.CallEvent.Routed;
import io.dialout.gateway.call.CallEvent.Signal;
import io.dialout.gateway.call.CallEvent.SipResponse;
import io.dialout.gateway.concurrent.SerialExecutor;
import io.dialout.gateway.dialplan.Refusal;
import io.dialout.gateway.dialplan.Route;
import io.dialout.gateway.dialplan.Routing;
import io.dialout.gateway.sip.CallerIdentity;
import io.dialout.gateway.sip.InviteRequest;
import io.dialout.gateway.sip.OutboundCall;
import io.dialout.gateway.sip.ReInviteResponder;
import io.dialout.gateway.sip.SipCallListener;
import io.dialout.gateway.sip.SipFailure;
import io.dialout.media.CallMedia;
import io.dialout.media.CallMediaRequest;
import io.dialout.media.CallMediaStats;
import io.dialout.media.Direction;
import io.dialout.media.MediaException;
import io.dialout.media.MediaListener;
import io.dialout.media.sdp.SdpException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * One outbound call. Every input (client request, SIP event, media event, timer) is posted to the call's own
 * {@link SerialExecutor} as a {@link CallEvent}; {@link CallTransitions#on} picks the next state and the effect from
 * the event's kind, and the {@code on(...)} method of the event's record carries the effect out with the record's
 * data. Fields are only touched on that executor, so they need no locks.
 */
public final class Call implements MediaListener {

    private static final Logger LOG = Logger.getLogger(Call.class);
    /** Pause between two SIP INFO digits, after each digit's duration. */
    static final long INFO_GAP_MS = 50;
    /** How long a room's RFC 4733 digit lasts when relayed as SIP INFO. */
    static final int ROOM_INFO_DIGIT_MS = 100;

    private final String id = UUID.randomUUID().toString();
    private final DialRequest dial;
    private final ClientLink client;
    private final CallServices services;
    private final SerialExecutor executor;
    private final Instant startedAt = Instant.now();
    private final long startedNanos = System.nanoTime();
    private final Duration ringTimeout;
    private final Duration maxDuration;

    // Confined to the executor.
    private CallState state = CallState.VALIDATING;
    private Route route;
    private CallMedia media;
    private volatile OutboundCall sip; // volatile: another call reads it for an attended transfer
    /** The leg whose SIP events are the call's: 0 the dialled one, then each transfer target that answered. */
    private int sipLeg;

    private int legs;
    private Transfer transfer;
    private String referTarget;
    private java.util.function.Predicate<String> destinationAllowed = to -> true;
    private final List<Candidate> pendingCandidates = new ArrayList<>();
    private ScheduledFuture<?> ringTimer;
    private ScheduledFuture<?> maxTimer;
    private final DtmfBacklog dtmfBacklog = new DtmfBacklog();
    private final java.util.ArrayDeque<InfoDigit> infoDigits = new java.util.ArrayDeque<>();
    private ScheduledFuture<?> infoTimer;
    private Instant answeredAt;
    /** The far end's direction from its last early UPDATE offer, null while none changed the early session. */
    private Direction earlyUpdateDirection;

    private long answeredNanos;
    private long inviteNanos;
    // The set-up's other marks (SetupStages); the two set on SIP threads are volatile, the rest are the executor's.
    private long routedNanos;
    private long allocatedNanos;
    private long answerSentNanos;
    private volatile long inviteOnWireNanos;
    private volatile long okReceivedNanos;
    private long answeredSentNanos;
    private long provisionalNanos;
    private long roomConnectedNanos;

    public Call(DialRequest dial, ClientLink client, CallServices services) {
        this.dial = dial;
        this.client = client;
        this.services = services;
        this.executor = new SerialExecutor(services.pool(), "call");
        this.ringTimeout = dial.ringTimeoutSec() != null
                ? Duration.ofSeconds(dial.ringTimeoutSec())
                : services.defaults().ringTimeout();
        this.maxDuration = dial.maxDurationSec() != null
                ? Duration.ofSeconds(dial.maxDurationSec())
                : services.defaults().maxDuration();
    }

    public String id() {
        return id;
    }

    public String callId() {
        return dial.callId();
    }

    // ---- inputs from the client, the gateway and the admin API: each posts one event ----

    /** Starts the call: dial plan, then media, then INVITE. */
    public void start() {
        post(this::route);
    }

    public void hangup(String reason) {
        post(() -> on(new Ending(Kind.LOCAL_HANGUP, CallEnd.localHangup(reason))));
    }

    public void controllerGone() {
        post(() -> on(new Ending(Kind.CONTROLLER_GONE, CallEnd.controllerGone())));
    }

    public void shutdown() {
        post(() -> on(new Ending(Kind.SHUTDOWN, CallEnd.shutdown())));
    }

    public void hold() {
        post(() -> on(new Signal(Kind.HOLD_REQUESTED)));
    }

    public void resume() {
        post(() -> on(new Signal(Kind.RESUME_REQUESTED)));
    }

    public void sendDtmf(String digits, int durationMs) {
        post(() -> on(new DtmfRequest(digits, durationMs)));
    }

    public void addCandidate(String candidate, String sdpMid) {
        post(() -> on(new Candidate(candidate, sdpMid)));
    }

    /**
     * The destinations the client's token allows (its allow-list); a transfer target is checked against it as a dial
     * target is. Set before {@link #start()}.
     */
    public void allowDestinations(java.util.function.Predicate<String> allowed) {
        this.destinationAllowed = allowed;
    }

    /**
     * The client's {@code transfer}: REFER the callee to {@code target} (through the dial plan, as a dial), or, when
     * {@code attended} is another answered call of the client, to that call's far end replacing its dialog (RFC 3891).
     * Refused with an {@code error} when the target is not allowed or the call cannot be transferred now.
     */
    public void transfer(String target, Call attended) {
        post(() -> {
            String referTo = referTo(target, attended);
            if (referTo != null) {
                on(new CallEvent.TransferOrder(referTo, target != null ? target : referTo));
            }
        });
    }

    /** The Refer-To for the client's transfer, or null (the client was told why). */
    private String referTo(String target, Call attended) {
        if (attended != null) {
            OutboundCall other = attended.sip;
            OutboundCall.DialogReference ref = other == null ? null : other.dialogReference();
            if (ref == null || attended == this) {
                client.rejected("the attended transfer needs another answered call");
                return null;
            }
            return io.dialout.gateway.sip.ReferTarget.withReplaces(ref.remoteTarget(), ref.replaces());
        }
        if (!destinationAllowed.test(target)) {
            client.rejected("the token does not allow transferring to " + target);
            return null;
        }
        Routing routing;
        try {
            routing = services.router().route(target);
        } catch (RuntimeException e) {
            routing = new Refusal(Refusal.Kind.NO_ROUTE, "dial plan failure: " + e.getMessage());
        }
        if (routing instanceof Refusal refusal) {
            client.rejected("transfer target refused: " + refusal.reason());
            return null;
        }
        return ((Route) routing).requestUri();
    }

    /** The room's new offer (participants joining or leaving): see {@link RoomReoffers}. */
    public void reoffer(String sdp) {
        post(() -> RoomReoffers.answer(media, state, sdp, client));
    }

    /** A consistent view of the call for GET /v1/calls, taken on the call's executor. */
    public CompletableFuture<CallSnapshot> snapshot() {
        CompletableFuture<CallSnapshot> f = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                CallMediaStats m = media == null ? null : media.stats();
                f.complete(new CallSnapshot(
                        id,
                        dial.callId(),
                        dial.to(),
                        state.reportedName(),
                        startedAt,
                        answeredAt,
                        sip == null ? null : sip.sipCallId(),
                        m,
                        timeline(m),
                        setup()));
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    private CallTimeline timeline(CallMediaStats m) {
        return new CallTimeline(
                CallTimeline.offset(startedNanos, inviteNanos),
                CallTimeline.offset(startedNanos, provisionalNanos),
                CallTimeline.offset(startedNanos, answeredNanos),
                CallTimeline.offset(startedNanos, roomConnectedNanos),
                CallTimeline.offset(
                        startedNanos,
                        m == null || m.room() == null ? 0 : m.room().firstRtpNanos()),
                CallTimeline.offset(
                        startedNanos, m == null || m.sip() == null ? 0 : m.sip().firstRtpNanos()));
    }

    private SetupStages setup() {
        return new SetupStages(
                SetupStages.micros(startedNanos, routedNanos),
                SetupStages.micros(startedNanos, allocatedNanos),
                SetupStages.micros(startedNanos, answerSentNanos),
                SetupStages.micros(startedNanos, inviteNanos),
                SetupStages.micros(startedNanos, inviteOnWireNanos),
                SetupStages.micros(startedNanos, okReceivedNanos),
                SetupStages.micros(startedNanos, answeredNanos),
                SetupStages.micros(startedNanos, answeredSentNanos),
                SetupStages.micros(startedNanos, roomConnectedNanos));
    }

    // ---- SIP events: each leg has its own listener; only the current leg's events are the call's ----

    /** The listener of SIP leg {@code no}: 0 the dialled callee, then each transfer target. */
    private SipCallListener leg(int no) {
        return new Leg(no);
    }

    /**
     * One SIP leg's events, posted to the call's executor. The current leg's are the call's events; a transfer
     * target's, until it answers, are the transfer's; an old leg's, after a transfer replaced it, are dropped (its
     * BYE was already answered by the SIP side).
     */
    private final class Leg implements SipCallListener {
        private final int no;

        Leg(int no) {
            this.no = no;
        }

        private boolean current() {
            return no == sipLeg;
        }

        @Override
        public void redirected(int status, String reason, String target) {
            services.metrics().sipResponse(status);
            // a report only: the call stays where it is (inviting or ringing) while the new target is tried
            post(() -> {
                if (current() && state.live()) {
                    client.state(StateReport.redirected(status, reason, target));
                }
            });
        }

        private boolean target() {
            return transfer != null && transfer.leg == no;
        }

        @Override
        public void provisional(int status, String reason, String sdpOrNull) {
            services.metrics().sipResponse(status);
            Kind e;
            if (status == 100) {
                e = Kind.SIP_TRYING;
            } else if (sdpOrNull != null) {
                // RFC 3261 section 13.2.1 / RFC 3264: an answer in a reliable-or-not 18x is early media.
                e = Kind.SIP_EARLY_MEDIA;
            } else {
                e = Kind.SIP_RINGING;
            }
            long at = System.nanoTime();
            post(() -> {
                if (current()) {
                    if (status > 100 && provisionalNanos == 0 && sip != null) {
                        provisionalNanos = at;
                    }
                    on(new SipResponse(e, status, reason, sdpOrNull));
                } else if (target() && status > 100) {
                    on(new SipResponse(Kind.TRANSFER_PROGRESS, status, reason, null));
                }
            });
        }

        @Override
        public void inviteSent() {
            if (no == 0 && inviteOnWireNanos == 0) {
                inviteOnWireNanos = System.nanoTime();
            }
        }

        @Override
        public void answered(String sdp) {
            if (no == 0 && okReceivedNanos == 0) {
                okReceivedNanos = System.nanoTime();
            }
            services.metrics().sipResponse(200);
            post(() -> {
                if (current()) {
                    on(new SipResponse(Kind.SIP_ANSWERED, 200, "OK", sdp));
                } else if (target()) {
                    on(new SipResponse(Kind.TRANSFER_ANSWERED, 200, "OK", sdp));
                }
            });
        }

        @Override
        public void failed(int status, String reason, SipFailure kind) {
            failed(status, reason, kind, null);
        }

        @Override
        public void failed(int status, String reason, SipFailure kind, Integer retryAfterSec) {
            if (status > 0) {
                services.metrics().sipResponse(status);
            }
            CallEnd end = switch (kind) {
                case REJECTED -> CallEnd.finalResponse(status, reason);
                case TIMEOUT, TRANSPORT -> CallEnd.unreachable(status > 0 ? status : null, reason);
                case POLICY -> CallEnd.policy(reason);
                case TLS -> CallEnd.tlsFailed(reason);
            };
            post(() -> {
                if (current()) {
                    on(new Ending(Kind.SIP_FAILED, end.withRetryAfter(retryAfterSec)));
                } else if (target()) {
                    on(new Ending(Kind.TRANSFER_FAILED, end));
                }
            });
        }

        @Override
        public void remoteBye() {
            post(() -> {
                if (current()) {
                    on(new Ending(Kind.REMOTE_BYE, CallEnd.remoteHangup()));
                }
            });
        }

        @Override
        public void remoteReInvite(String sdpOrNull, ReInviteResponder responder) {
            post(() -> {
                if (current()) {
                    on(new Reoffer(sdpOrNull, responder));
                } else {
                    responder.reject(491); // a leg the call has left: no session to modify there
                }
            });
        }

        @Override
        public void remoteAnswerInAck(String sdpOrNull) {
            post(() -> {
                if (current()) {
                    applyAnswerInAck(sdpOrNull);
                }
            });
        }

        @Override
        public void reInviteResult(int status, String sdpOrNull) {
            services.metrics().sipResponse(status);
            Kind e = status >= 200 && status < 300 ? Kind.REINVITE_ACCEPTED : Kind.REINVITE_REFUSED;
            post(() -> {
                if (current()) {
                    on(new SipResponse(e, status, null, sdpOrNull));
                }
            });
        }

        @Override
        public void infoDtmf(char digit) {
            post(() -> {
                if (current()) {
                    on(new DigitReceived(digit));
                }
            });
        }

        @Override
        public void sessionExpired() {
            // RFC 4028 section 10: the SIP side already sends BYE; the room hears the call ended as media-failure
            post(() -> {
                if (current()) {
                    on(new Ending(Kind.MEDIA_FAILURE, CallEnd.mediaFailure("session expired: no SIP session refresh")));
                }
            });
        }

        @Override
        public void referred(io.dialout.gateway.sip.TransferRequest request) {
            post(() -> {
                if (current()) {
                    on(new CallEvent.Refer(request));
                } else {
                    request.reject(403, "Forbidden (this leg is no longer in the call)");
                }
            });
        }

        @Override
        public void referAnswered(int status, String reason) {
            post(() -> {
                if (current()) {
                    on(new CallEvent.ReferReport(status, reason, false, status >= 300));
                }
            });
        }

        @Override
        public void referNotified(int status, String reason, boolean terminated) {
            post(() -> {
                if (current()) {
                    on(new CallEvent.ReferReport(status, reason, true, terminated || status >= 200));
                }
            });
        }

        @Override
        public void terminated() {
            LOG.debugf("call %s: SIP leg %d terminated", id, no);
        }
    }

    // ---- MediaListener: called on media threads, posted to the executor ----

    @Override
    public void roomConnected() {
        LOG.debugf("call %s: room ICE/DTLS connected", id);
        long at = System.nanoTime();
        post(() -> {
            if (roomConnectedNanos == 0) {
                roomConnectedNanos = at;
            }
        });
    }

    @Override
    public void mediaFailure(String reason) {
        post(() -> on(new Ending(Kind.MEDIA_FAILURE, CallEnd.mediaFailure(reason))));
    }

    @Override
    public void dtmfFromSip(char digit) {
        post(() -> on(new DigitReceived(digit)));
    }

    @Override
    public void speaker(String mid, String msid) {
        post(() -> {
            if (state != CallState.TERMINATING && state != CallState.ENDED) {
                client.speaker(mid, msid);
            }
        });
    }

    @Override
    public void dtmfFromRoom(char digit, boolean forwarded) {
        if (!forwarded) {
            // The callee has no telephone-event: relay the room's in-band digit as SIP INFO.
            post(() -> on(new InfoDigit(digit, ROOM_INFO_DIGIT_MS)));
        }
    }

    // ---- the event loop: one on(...) per event record, each carrying out the effects that read its data ----

    private void post(Runnable task) {
        executor.execute(() -> {
            // Every line the call logs carries its ids (JSON logs put them in fields: gateway.log.json).
            MDC.put("callId", dial.callId());
            MDC.put("gatewayCallId", id);
            if (sip != null) {
                MDC.put("sipCallId", sip.sipCallId());
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.errorf(e, "call %s: failure in state %s", id, state);
                on(new Ending(Kind.INTERNAL_ERROR, CallEnd.error("internal error: " + e)));
            } finally {
                MDC.remove("callId");
                MDC.remove("gatewayCallId");
                MDC.remove("sipCallId");
            }
        });
    }

    /** Moves the state machine; returns the effect to carry out. */
    private Effect step(CallEvent event) {
        Transition t = CallTransitions.on(state, event.kind());
        if (t.next() != state) {
            LOG.debugf("call %s: %s --%s--> %s (%s)", id, state, event.kind(), t.next(), t.effect());
        }
        state = t.next();
        return t.effect();
    }

    private void on(Signal e) {
        perform(step(e), e);
    }

    private void on(Routed e) {
        Effect effect = step(e);
        if (effect == Effect.ALLOCATE) {
            route = e.route();
            routedNanos = System.nanoTime();
            allocate();
        } else {
            perform(effect, e);
        }
    }

    private void on(Ending e) {
        Effect effect = step(e);
        switch (effect) {
            case END -> teardown(e.end());
            case DROP -> drop(e.end().reason());
            case REPORT_TRANSFER_FAILED -> transferFailed(e.end());
            default -> perform(effect, e);
        }
    }

    private void on(SipResponse r) {
        Effect effect = step(r);
        switch (effect) {
            case REPORT_RINGING -> client.state(StateReport.sip("ringing", r.status(), r.reason()));
            case START_EARLY_MEDIA -> earlyMedia(r, true);
            case UPDATE_EARLY_MEDIA -> earlyMedia(r, false);
            case ANSWER -> answer(r);
            case CONFIRM_HOLD -> {
                if (applyReinviteAnswer(r, "hold")) {
                    reportHold(true, Party.LOCAL);
                }
            }
            case CONFIRM_RESUME -> {
                if (applyReinviteAnswer(r, "resume")) {
                    reportHold(false, Party.LOCAL);
                }
            }
            case APPLY_HOLD_ANSWER -> applyReinviteAnswer(r, "hold");
            case APPLY_RESUME_ANSWER -> applyReinviteAnswer(r, "resume");
            case REPORT_HOLD_REFUSED -> client.rejected("hold refused by the far end: " + r.status());
            case REPORT_RESUME_REFUSED -> client.rejected("resume refused by the far end: " + r.status());
            case NOTIFY_TRANSFER_PROGRESS -> transfer.request.progress(r.status(), r.reason());
            case SWAP_LEG -> swapLeg(r);
            default -> perform(effect, r);
        }
    }

    private void on(Reoffer r) {
        Effect effect = step(r);
        switch (effect) {
            case ANSWER_REOFFER -> answerReoffer(r);
            case ANSWER_EARLY_REOFFER -> answerEarlyReoffer(r);
            case REFUSE_REOFFER -> r.responder().reject(491);
            default -> perform(effect, r);
        }
    }

    private void on(CallEvent.Refer r) {
        Effect effect = step(r);
        switch (effect) {
            case CHECK_TRANSFER -> checkTransfer(r.request());
            case REFUSE_TRANSFER ->
                r.request()
                        .reject(
                                state.transferring() ? 491 : 403,
                                state.transferring()
                                        ? "Request Pending (a transfer is under way)"
                                        : "Forbidden (the call cannot be transferred while " + state.reportedName()
                                                + ")");
            default -> perform(effect, r);
        }
    }

    private void on(CallEvent.TransferOrder o) {
        Effect effect = step(o);
        if (effect == Effect.SEND_REFER) {
            referTarget = o.target();
            sip.refer(o.referTo());
        } else {
            perform(effect, o);
        }
    }

    private void on(CallEvent.ReferReport r) {
        Effect effect = step(r);
        if (effect == Effect.REPORT_REFER_PROGRESS) {
            reportReferProgress(r);
        } else {
            perform(effect, r);
        }
    }

    private void on(DtmfRequest d) {
        Effect effect = step(d);
        if (effect == Effect.SEND_DTMF) {
            sendDtmf(d);
        } else {
            perform(effect, d);
        }
    }

    private void on(InfoDigit d) {
        Effect effect = step(d);
        if (effect == Effect.SEND_INFO_DIGIT) {
            sip.sendInfoDtmf(d.digit(), d.durationMs());
        } else {
            perform(effect, d);
        }
    }

    private void on(DigitReceived d) {
        Effect effect = step(d);
        if (effect == Effect.REPORT_DTMF) {
            client.dtmf(d.digit());
        } else {
            perform(effect, d);
        }
    }

    private void on(Candidate c) {
        Effect effect = step(c);
        switch (effect) {
            case ADD_CANDIDATE -> addCandidateNow(c);
            case BUFFER_CANDIDATE -> pendingCandidates.add(c);
            default -> perform(effect, c);
        }
    }

    /** The effects that read nothing but the event's kind. */
    private void perform(Effect effect, CallEvent e) {
        switch (effect) {
            case IGNORE, KEEP_HOLD -> {}
            case REJECT -> client.rejected(rejection(e.kind()));
            case REJECT_REINVITE_PENDING -> client.rejected("a hold or resume is already in progress");
            case REJECT_HELD_BY_REMOTE ->
                client.rejected("the call is held by the far end; only the far end can resume it");
            case SEND_INVITE -> sendInvite();
            // RFC 3264 section 8.4: hold is a re-offer with a=sendonly, resume one with a=sendrecv.
            case SEND_HOLD -> sip.reInvite(media.sipReoffer(Direction.SENDONLY));
            case SEND_RESUME -> sip.reInvite(media.sipReoffer(Direction.SENDRECV));
            case REPORT_REMOTE_HOLD -> reportHold(true, Party.REMOTE);
            case REPORT_REMOTE_RESUME -> reportHold(false, Party.REMOTE);
            case START_TRANSFER -> startTransfer();
            case OLD_LEG_GONE -> LOG.debugf("call %s: the transferor hung up before the target answered", id);
            case FINISH -> LOG.debugf("call %s ended", id);
            default ->
                // CallTransitionsTest proves the table never picks an effect whose data the event does not carry.
                throw new IllegalStateException(
                        effect + " needs a " + effect.reads().getSimpleName() + ", got " + e.kind());
        }
    }

    private String rejection(Kind kind) {
        String what = switch (kind) {
            case HOLD_REQUESTED -> state.held() ? "the call is already on hold" : "hold needs an answered call";
            case RESUME_REQUESTED -> "the call is not on hold";
            case DTMF_REQUESTED -> "DTMF needs an answered call";
            case TRANSFER_REQUESTED -> "transfer needs an answered call";
            default -> kind.name();
        };
        return what + " (call is " + state.reportedName() + ")";
    }

    // ---- effects ----

    private void route() {
        Routing routing;
        try {
            routing = services.router().route(dial.to());
        } catch (RuntimeException e) {
            routing = new Refusal(Refusal.Kind.NO_ROUTE, "dial plan failure: " + e.getMessage());
        }
        if (routing instanceof Route r) {
            String refusal = identity(r).refusal();
            if (refusal != null) { // a caller identity the trunk does not allow: no INVITE (docs/configuration.md)
                on(new Ending(Kind.REFUSED, CallEnd.policy(refusal)));
                return;
            }
            on(new Routed(r));
        } else if (routing instanceof Refusal refusal) {
            on(new Ending(
                    refusal.invalid() ? Kind.DESTINATION_INVALID : Kind.REFUSED, CallEnd.policy(refusal.reason())));
        }
    }

    /** The caller identity of this dial on the route's trunk (RFC 3325, 3323, 5806), or why the trunk refuses it. */
    private CallerIdentity.Resolution identity(Route r) {
        return CallerIdentity.resolve(
                dial.identity(), fromUser(r), dial.fromUser() != null, r.trunk().identity());
    }

    /** The dial's From user, else the trunk's, else the gateway's. */
    private String fromUser(Route r) {
        if (dial.fromUser() != null) {
            return dial.fromUser();
        }
        String trunkUser = r.trunk().identity().fromUser();
        return trunkUser != null ? trunkUser : services.defaults().fromUser();
    }

    private void allocate() {
        CallMediaRequest request = new CallMediaRequest(dial.callId() + "/" + id, dial.offer(), route.sipLeg());
        try {
            media = services.media().createCall(request, this);
        } catch (SdpException e) {
            on(new Ending(Kind.OFFER_REJECTED, CallEnd.error("bad offer: " + e.getMessage())));
            return;
        } catch (MediaException | RuntimeException e) {
            LOG.warnf(e, "call %s: media allocation failed", id);
            on(new Ending(Kind.ALLOCATION_FAILED, CallEnd.error("media allocation failed: " + e.getMessage())));
            return;
        }
        allocatedNanos = System.nanoTime();
        on(new Signal(Kind.ALLOCATED));
    }

    private void drop(String message) {
        services.registry().remove(this);
        client.released();
        client.rejected(message);
    }

    private void sendInvite() {
        // API.md: the answer goes out before the INVITE so ICE and DTLS run while the phone rings.
        client.answer(media.roomAnswer());
        answerSentNanos = System.nanoTime();
        for (Candidate c : pendingCandidates) {
            addCandidateNow(c);
        }
        pendingCandidates.clear();
        InviteRequest invite = new InviteRequest(
                route.requestUri(),
                fromUser(route),
                dial.fromDisplayName(),
                dial.headers(),
                media.sipOffer(),
                route.trunk(),
                identity(route).identity());
        try {
            inviteNanos = System.nanoTime();
            sip = services.sip().invite(invite, leg(0));
        } catch (RuntimeException e) {
            on(new Ending(Kind.SIP_FAILED, CallEnd.unreachable(null, "INVITE not sent: " + e.getMessage())));
            return;
        }
        ringTimer = schedule(ringTimeout, Kind.RING_TIMEOUT, CallEnd.ringTimeout((int) ringTimeout.toSeconds()));
        client.state(StateReport.of("trying"));
    }

    private void earlyMedia(SipResponse r, boolean report) {
        try {
            media.applySipAnswer(r.sdp(), true);
        } catch (SdpException e) {
            on(new Ending(Kind.MEDIA_FAILURE, CallEnd.mediaFailure("unusable early-media SDP: " + e.getMessage())));
            return;
        }
        if (report) {
            client.state(StateReport.sip("early-media", r.status(), r.reason()));
        }
    }

    private void answer(SipResponse r) {
        cancel(ringTimer);
        // RFC 3311 section 5.1 / RFC 6337 section 3.1: once an early UPDATE changed the session, the offer/answer
        // exchange of the INVITE is long complete; SDP in the 200 is no new answer (it repeats the 18x's), so the
        // session stays as the UPDATE left it.
        Direction updated = earlyUpdateDirection;
        if (updated == null) {
            try {
                if (r.sdp() == null) {
                    throw new SdpException("the 200 OK carried no SDP answer");
                }
                media.applySipAnswer(r.sdp(), false);
            } catch (SdpException e) {
                on(new Ending(Kind.MEDIA_FAILURE, CallEnd.mediaFailure("unusable SDP answer: " + e.getMessage())));
                return;
            }
        }
        answeredAt = Instant.now();
        answeredNanos = System.nanoTime();
        Direction farEnd = updated != null ? updated : AnswerDirection.of(r.sdp());
        // the media timeout runs only while the far end is expected to send (not while it answered on hold)
        media.armMediaTimeout(farEnd == Direction.SENDRECV);
        maxTimer = schedule(maxDuration, Kind.MAX_DURATION, CallEnd.maxDuration((int) maxDuration.toSeconds()));
        services.metrics().callAnswered(Duration.ofNanos(answeredNanos - startedNanos));
        client.state(StateReport.sip("answered", r.status(), r.reason()));
        answeredSentNanos = System.nanoTime();
        if (AnswerDirection.holds(farEnd)) {
            on(new Signal(Kind.REMOTE_HOLD)); // answered on hold: held by remote, until its re-INVITE resumes
        }
    }

    /** Applies the SDP of a 2xx to our re-INVITE (a 2xx without SDP leaves the media as it is); false if unusable. */
    private boolean applyReinviteAnswer(SipResponse r, String what) {
        if (r.sdp() == null) {
            return true;
        }
        try {
            media.applySipReofferAnswer(r.sdp());
            return true;
        } catch (SdpException e) {
            on(new Ending(Kind.MEDIA_FAILURE, CallEnd.mediaFailure("unusable " + what + " answer: " + e.getMessage())));
            return false;
        }
    }

    /**
     * The answer to the offer we put in the 200 of the far end's re-INVITE without SDP came in its ACK (RFC 3261
     * section 14.2, RFC 3264 section 8): the new address and codec apply at once. An ACK without an answer, or with
     * one we cannot use, leaves no session both sides agree on: the call ends (a BYE with a Reason, the room told
     * {@code media-failure}), as RFC 3261 section 14.2 asks of the side that cannot accept the other's description.
     */
    private void applyAnswerInAck(String sdpOrNull) {
        if (!state.answered() || media == null) {
            return;
        }
        try {
            if (sdpOrNull == null) {
                throw new SdpException("no SDP answer in the ACK to our offer");
            }
            media.applySipReofferAnswer(sdpOrNull);
        } catch (SdpException e) {
            on(new Ending(Kind.MEDIA_FAILURE, CallEnd.mediaFailure("delayed offer: " + e.getMessage())));
            return;
        }
        Direction d = AnswerDirection.of(sdpOrNull);
        // RFC 3264 section 8.4: an answer sendonly or inactive holds us, as an offer would
        on(new Signal(AnswerDirection.holds(d) ? Kind.REMOTE_HOLD : Kind.REMOTE_RESUME));
    }

    /** A held callee sends nothing, so the media timeout is off while the call is held. */
    private void reportHold(boolean held, Party by) {
        media.armMediaTimeout(!held);
        client.state(StateReport.hold(held ? "held" : "resumed", by));
    }

    private void answerReoffer(Reoffer r) {
        CallMedia.SipReofferAnswer answer;
        try {
            answer = media.answerSipReoffer(r.sdp());
        } catch (SdpException e) {
            // RFC 3261 section 14.2: an unacceptable re-offer is refused with 488; the session stays as it was.
            r.responder().reject(488);
            return;
        }
        r.responder().accept(answer.sdp());
        Direction d = answer.remoteDirection();
        // RFC 3264 section 8.4: the far end holds us by offering sendonly or inactive.
        boolean holds = d == Direction.SENDONLY || d == Direction.INACTIVE;
        on(new Signal(holds ? Kind.REMOTE_HOLD : Kind.REMOTE_RESUME));
    }

    /**
     * The far end's UPDATE offer in the early dialog (RFC 3311 section 5.1) changes the early session: the media's SIP
     * side follows it at once, as for a 18x with new SDP, and the room is told nothing new.
     */
    private void answerEarlyReoffer(Reoffer r) {
        if (r.sdp() == null) {
            r.responder().reject(491); // the SIP layer answers a body-less UPDATE itself; never an offer to take
            return;
        }
        CallMedia.SipReofferAnswer answer;
        try {
            answer = media.answerSipReoffer(r.sdp());
        } catch (SdpException e) {
            r.responder().reject(488); // RFC 3311 section 5.2: the early session stays as it was
            return;
        }
        r.responder().accept(answer.sdp());
        earlyUpdateDirection = answer.remoteDirection();
    }

    private void sendDtmf(DtmfRequest d) {
        boolean rtp = media.sipAcceptsTelephoneEvent();
        long perDigitMs = d.durationMs() + (rtp ? DtmfBacklog.RTP_EXTRA_MS : INFO_GAP_MS);
        if (!dtmfBacklog.admit(d.digits().length(), perDigitMs, System.nanoTime())) {
            // issue 14: a flood of dtmf messages must not grow a queue without bound; the request is refused whole
            client.busy("too many DTMF digits queued: at most " + DtmfBacklog.MAX_DIGITS
                    + " may wait to be played; send the rest later");
            return;
        }
        if (rtp) {
            media.sendDtmfToSip(d.digits(), d.durationMs()); // RFC 4733 events on the RTP leg
            return;
        }
        // No telephone-event: SIP INFO, one digit at a time, paced by the digit duration (one timer per call).
        for (char c : d.digits().toCharArray()) {
            infoDigits.add(new InfoDigit(c, d.durationMs()));
        }
        if (infoTimer == null) {
            nextInfoDigit();
        }
    }

    /** Sends the next queued INFO digit now and schedules the one after it. */
    private void nextInfoDigit() {
        InfoDigit digit = infoDigits.poll();
        if (digit == null) {
            infoTimer = null;
            return;
        }
        infoTimer = services.timers()
                .schedule(() -> post(this::nextInfoDigit), digit.durationMs() + INFO_GAP_MS, TimeUnit.MILLISECONDS);
        on(digit);
    }

    // ---- transfer (RFC 3515): the far end's REFER, and ours for the client ----

    /** Every Refer-To goes through the token's allow-list and the dial plan, exactly as a dial target does. */
    private void checkTransfer(io.dialout.gateway.sip.TransferRequest request) {
        String target = request.target();
        if (!destinationAllowed.test(target)) {
            request.reject(403, "Forbidden (transfer target not allowed)");
            return;
        }
        Routing routing;
        try {
            routing = services.router().route(target);
        } catch (RuntimeException e) {
            routing = new Refusal(Refusal.Kind.NO_ROUTE, "dial plan failure: " + e.getMessage());
        }
        if (routing instanceof Refusal refusal) {
            LOG.infof("call %s: transfer to %s refused: %s", id, target, refusal.reason());
            request.reject(refusal.invalid() ? 400 : 403, refusal.invalid() ? "Bad Request" : "Forbidden");
            return;
        }
        Route target0 = (Route) routing;
        if (!target0.sipLeg().equals(route.sipLeg())) {
            // the media toward SIP was set up for the first route's trunk (SRTP, G.711 only, video)
            request.reject(403, "Forbidden (the target's trunk needs other media settings)");
            return;
        }
        transfer = new Transfer(request, target0, ++legs);
        on(new Signal(Kind.TRANSFER_ALLOWED));
        if (!state.transferring()) {
            transfer = null;
            request.reject(403, "Forbidden");
        }
    }

    /** 202 and NOTIFY 100 (RFC 3515 section 2.4.4), then the INVITE to the target, on the old leg's codecs' offer. */
    private void startTransfer() {
        Transfer t = transfer;
        t.request.accept();
        media.armMediaTimeout(false); // the transferor often stops sending while the target rings
        InviteRequest invite = new InviteRequest(
                t.route.requestUri(),
                dial.fromUser() != null ? dial.fromUser() : services.defaults().fromUser(),
                dial.fromDisplayName(),
                dial.headers(),
                media.sipOffer(),
                t.route.trunk());
        try {
            t.newLeg = services.sip()
                    .invite(
                            invite,
                            new io.dialout.gateway.sip.TransferHeaders(t.request.replaces(), t.request.referredBy()),
                            leg(t.leg));
        } catch (RuntimeException e) {
            on(new Ending(Kind.TRANSFER_FAILED, CallEnd.unreachable(null, "INVITE not sent: " + e.getMessage())));
            return;
        }
        t.ringTimer = services.timers()
                .schedule(
                        () -> post(() -> {
                            if (transfer == t) {
                                on(new Ending(
                                        Kind.TRANSFER_FAILED, CallEnd.ringTimeout((int) ringTimeout.toSeconds())));
                            }
                        }),
                        ringTimeout.toMillis(),
                        TimeUnit.MILLISECONDS);
        LOG.infof("call %s: transferred by the far end to %s", id, t.target());
    }

    /**
     * The target answered: the SIP side of the media now points at the new leg (its answer renegotiates codec,
     * address and keys; the room's ICE/DTLS and streams are untouched), the transferor hears NOTIFY 200 and the old
     * leg gets its BYE (RFC 5589 section 6 leaves it to either side; nothing is sent when it is already gone).
     */
    private void swapLeg(SipResponse r) {
        Transfer t = transfer;
        transfer = null;
        if (t.ringTimer != null) {
            t.ringTimer.cancel(false);
        }
        OutboundCall old = sip;
        sip = t.newLeg;
        sipLeg = t.leg;
        route = t.route;
        t.request.progress(200, "OK");
        old.hangup();
        try {
            if (r.sdp() == null) {
                throw new SdpException("the 200 OK carried no SDP answer");
            }
            media.applySipNewLegAnswer(r.sdp());
        } catch (SdpException e) {
            on(new Ending(Kind.MEDIA_FAILURE, CallEnd.mediaFailure("unusable SDP answer: " + e.getMessage())));
            return;
        }
        Direction farEnd = AnswerDirection.of(r.sdp());
        media.armMediaTimeout(farEnd == Direction.SENDRECV);
        client.state(StateReport.transferred(t.target(), Party.REMOTE, r.status(), r.reason()));
        if (AnswerDirection.holds(farEnd)) {
            on(new Signal(Kind.REMOTE_HOLD));
        }
    }

    /** The target failed and the old leg is still up: the transferor hears the failure, the call stays as it was. */
    private void transferFailed(CallEnd end) {
        Transfer t = transfer;
        transfer = null;
        t.abandon();
        int status = end.sipStatus() != null ? end.sipStatus() : 503;
        String reason = end.sipStatus() != null ? end.reason() : "Service Unavailable";
        t.request.progress(status, reason);
        media.armMediaTimeout(state == CallState.ANSWERED);
        LOG.infof("call %s: transfer to %s failed: %s", id, t.target(), end.reason());
        client.transfer(new TransferReport(Party.REMOTE, t.target(), status, reason, true));
    }

    /** Our REFER's answer and NOTIFYs, for the client; a 200 sipfrag means the callee reached the target. */
    private void reportReferProgress(CallEvent.ReferReport r) {
        client.transfer(new TransferReport(Party.LOCAL, referTarget, r.status(), r.reason(), r.terminated()));
        if (r.fromNotify() && r.status() >= 200 && r.status() < 300) {
            // RFC 5589 section 6: the transferee BYEs next; the call ends then, as remote-hangup
            client.state(StateReport.transferred(referTarget, Party.LOCAL, r.status(), r.reason()));
        }
    }

    private void addCandidateNow(Candidate c) {
        try {
            media.addRoomCandidate(c.candidate(), c.sdpMid());
        } catch (SdpException e) {
            client.rejected("bad candidate: " + e.getMessage());
        }
    }

    /**
     * Tears the call down. Every step runs even if an earlier one fails, so the call always ends: SIP (CANCEL before
     * the answer, BYE after it; the SIP layer ACKs and BYEs a 200 that races the CANCEL, RFC 3261 section 9.1), media,
     * timers, registry, metrics, and exactly one {@code ended} report.
     */
    private void teardown(CallEnd end) {
        cancel(ringTimer);
        cancel(maxTimer);
        teardownStep("transfer", () -> {
            if (transfer != null) {
                transfer.request.progress(487, "Request Terminated");
                transfer.abandon();
            }
        });
        cancel(infoTimer);
        infoDigits.clear();
        dtmfBacklog.clear();
        teardownStep("SIP hangup", () -> {
            if (sip != null) {
                sip.hangup(ByeReason.of(end.cause()));
            }
        });
        teardownStep("media close", () -> {
            if (media != null) {
                media.close();
            }
        });
        teardownStep("registry", () -> services.registry().remove(this));
        teardownStep("metrics", () -> services.metrics().callEnded(end.cause()));
        long duration = answeredAt == null
                ? 0
                : Duration.ofNanos(System.nanoTime() - answeredNanos).toSeconds();
        CallQuality quality = finalQuality();
        teardownStep("release", client::released);
        teardownStep("report", () -> client.state(StateReport.ended(end, duration, quality)));
        LOG.infof(
                "call %s (%s) to %s ended: %s %s",
                id, dial.callId(), dial.to(), end.cause().wire(), end.reason());
        on(new Signal(Kind.TEARDOWN_DONE));
    }

    /**
     * The legs' quality once media is closed (its counters hold the final values), recorded in the metrics. Only for
     * an answered call: for one that never was, what the counters hold depends on how long the attempt took, which
     * would tell the room whether the destination was reachable (docs/security.md).
     */
    private CallQuality finalQuality() {
        if (media == null || answeredAt == null) {
            return null;
        }
        try {
            CallQuality q = CallQuality.of(media.stats());
            services.metrics().callQuality(q);
            return q;
        } catch (RuntimeException e) {
            LOG.warnf(e, "call %s: no final quality", id);
            return null;
        }
    }

    private void teardownStep(String what, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warnf(e, "call %s: teardown step '%s' failed", id, what);
        }
    }

    private ScheduledFuture<?> schedule(Duration after, Kind kind, CallEnd end) {
        return services.timers()
                .schedule(() -> post(() -> on(new Ending(kind, end))), after.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }
}
