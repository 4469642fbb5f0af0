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
public final class Call implements SipCallListener, MediaListener {

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
    private OutboundCall sip;
    private final List<Candidate> pendingCandidates = new ArrayList<>();
    private ScheduledFuture<?> ringTimer;
    private ScheduledFuture<?> maxTimer;
    private Instant answeredAt;
    private long answeredNanos;
    private long inviteNanos;
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
                        timeline(m)));
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

    // ---- SipCallListener: called on SIP threads, posted to the executor ----

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
            if (status > 100 && provisionalNanos == 0 && sip != null) {
                provisionalNanos = at;
            }
            on(new SipResponse(e, status, reason, sdpOrNull));
        });
    }

    @Override
    public void redirected(int status, String reason, String target) {
        services.metrics().sipResponse(status);
        // a report only: the call stays where it is (inviting or ringing) while the new target is tried
        post(() -> {
            if (state.live()) {
                client.state(StateReport.redirected(status, reason, target));
            }
        });
    }

    @Override
    public void answered(String sdp) {
        services.metrics().sipResponse(200);
        post(() -> on(new SipResponse(Kind.SIP_ANSWERED, 200, "OK", sdp)));
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
        };
        post(() -> on(new Ending(Kind.SIP_FAILED, end.withRetryAfter(retryAfterSec))));
    }

    @Override
    public void remoteBye() {
        post(() -> on(new Ending(Kind.REMOTE_BYE, CallEnd.remoteHangup())));
    }

    @Override
    public void remoteReInvite(String sdpOrNull, ReInviteResponder responder) {
        post(() -> on(new Reoffer(sdpOrNull, responder)));
    }

    @Override
    public void reInviteResult(int status, String sdpOrNull) {
        services.metrics().sipResponse(status);
        Kind e = status >= 200 && status < 300 ? Kind.REINVITE_ACCEPTED : Kind.REINVITE_REFUSED;
        post(() -> on(new SipResponse(e, status, null, sdpOrNull)));
    }

    @Override
    public void infoDtmf(char digit) {
        post(() -> on(new DigitReceived(digit)));
    }

    @Override
    public void sessionExpired() {
        // RFC 4028 section 10: the SIP side already sends BYE; the room hears the call ended as media-failure
        post(() -> on(new Ending(Kind.MEDIA_FAILURE, CallEnd.mediaFailure("session expired: no SIP session refresh"))));
    }

    @Override
    public void terminated() {
        LOG.debugf("call %s: SIP side terminated", id);
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
            default -> perform(effect, r);
        }
    }

    private void on(Reoffer r) {
        Effect effect = step(r);
        switch (effect) {
            case ANSWER_REOFFER -> answerReoffer(r);
            case REFUSE_REOFFER -> r.responder().reject(491);
            default -> perform(effect, r);
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
            sip = services.sip().invite(invite, this);
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
        try {
            if (r.sdp() == null) {
                throw new SdpException("the 200 OK carried no SDP answer");
            }
            media.applySipAnswer(r.sdp(), false);
        } catch (SdpException e) {
            on(new Ending(Kind.MEDIA_FAILURE, CallEnd.mediaFailure("unusable SDP answer: " + e.getMessage())));
            return;
        }
        answeredAt = Instant.now();
        answeredNanos = System.nanoTime();
        Direction farEnd = AnswerDirection.of(r.sdp());
        // the media timeout runs only while the far end is expected to send (not while it answered on hold)
        media.armMediaTimeout(farEnd == Direction.SENDRECV);
        maxTimer = schedule(maxDuration, Kind.MAX_DURATION, CallEnd.maxDuration((int) maxDuration.toSeconds()));
        services.metrics().callAnswered(Duration.ofNanos(answeredNanos - startedNanos));
        client.state(StateReport.sip("answered", r.status(), r.reason()));
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

    private void sendDtmf(DtmfRequest d) {
        if (media.sipAcceptsTelephoneEvent()) {
            media.sendDtmfToSip(d.digits(), d.durationMs()); // RFC 4733 events on the RTP leg
            return;
        }
        // No telephone-event: SIP INFO, one digit at a time, paced by the digit duration.
        long delay = 0;
        for (char c : d.digits().toCharArray()) {
            InfoDigit digit = new InfoDigit(c, d.durationMs());
            if (delay == 0) {
                on(digit);
            } else {
                services.timers().schedule(() -> post(() -> on(digit)), delay, TimeUnit.MILLISECONDS);
            }
            delay += d.durationMs() + INFO_GAP_MS;
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
