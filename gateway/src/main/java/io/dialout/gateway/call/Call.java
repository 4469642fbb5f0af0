package io.dialout.gateway.call;

import io.dialout.gateway.concurrent.SerialExecutor;
import io.dialout.gateway.sip.InviteRequest;
import io.dialout.gateway.sip.OutboundCall;
import io.dialout.gateway.sip.ReInviteResponder;
import io.dialout.gateway.sip.SipCallListener;
import io.dialout.gateway.sip.SipFailure;
import io.dialout.media.CallMedia;
import io.dialout.media.CallMediaRequest;
import io.dialout.media.Direction;
import io.dialout.media.MediaException;
import io.dialout.media.MediaListener;
import io.dialout.media.sdp.SdpException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * One outbound call. Every input (client request, SIP event, media event, timer) is posted to the call's own
 * {@link SerialExecutor}; {@link CallTransitions#on} picks the next state and the effect, and {@link #perform} carries
 * the effect out. Fields are only touched on that executor, so they need no locks.
 */
public final class Call implements SipCallListener, MediaListener {

    private static final Logger LOG = Logger.getLogger(Call.class);
    /** Pause between two SIP INFO digits, after each digit's duration. */
    private static final long INFO_GAP_MS = 50;

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
    private Router.Routed route;
    private CallMedia media;
    private OutboundCall sip;
    private final List<String[]> pendingCandidates = new ArrayList<>();
    private ScheduledFuture<?> ringTimer;
    private ScheduledFuture<?> maxTimer;
    private Instant answeredAt;
    private long answeredNanos;
    private boolean localHold;
    private boolean remoteHold;
    private Reinvite reinvite = Reinvite.NONE;

    private enum Reinvite {
        NONE,
        HOLD,
        RESUME
    }

    /** The data an event carries; each effect reads the kind it expects. */
    private sealed interface Signal {}

    private record NoData() implements Signal {}

    private record SipResponse(int status, String reason, String sdp) implements Signal {}

    private record Ending(CallEnd end) implements Signal {}

    private record Reoffer(String sdp, ReInviteResponder responder) implements Signal {}

    private record Digits(String digits, int durationMs) implements Signal {}

    private record Digit(char digit) implements Signal {}

    private record CandidateLine(String candidate, String sdpMid) implements Signal {}

    private static final Signal NONE = new NoData();

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
        post(() -> route());
    }

    public void hangup(String reason) {
        post(CallEvent.LOCAL_HANGUP, new Ending(CallEnd.localHangup(reason)));
    }

    public void controllerGone() {
        post(CallEvent.CONTROLLER_GONE, new Ending(CallEnd.controllerGone()));
    }

    public void shutdown() {
        post(CallEvent.SHUTDOWN, new Ending(CallEnd.shutdown()));
    }

    public void hold() {
        post(CallEvent.HOLD_REQUESTED, NONE);
    }

    public void resume() {
        post(CallEvent.RESUME_REQUESTED, NONE);
    }

    public void sendDtmf(String digits, int durationMs) {
        post(CallEvent.DTMF_REQUESTED, new Digits(digits, durationMs));
    }

    public void addCandidate(String candidate, String sdpMid) {
        post(CallEvent.CANDIDATE, new CandidateLine(candidate, sdpMid));
    }

    /** A consistent view of the call for GET /v1/calls, taken on the call's executor. */
    public CompletableFuture<CallSnapshot> snapshot() {
        CompletableFuture<CallSnapshot> f = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                f.complete(new CallSnapshot(
                        id,
                        dial.callId(),
                        dial.to(),
                        state.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                        startedAt,
                        answeredAt,
                        sip == null ? null : sip.sipCallId(),
                        media == null ? null : media.stats()));
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    // ---- SipCallListener: called on SIP threads, posted to the executor ----

    @Override
    public void provisional(int status, String reason, String sdpOrNull) {
        services.metrics().sipResponse(status);
        CallEvent e;
        if (status == 100) {
            e = CallEvent.SIP_TRYING;
        } else if (sdpOrNull != null) {
            // RFC 3261 section 13.2.1 / RFC 3264: an answer in a reliable-or-not 18x is early media.
            e = CallEvent.SIP_EARLY_MEDIA;
        } else {
            e = CallEvent.SIP_RINGING;
        }
        post(e, new SipResponse(status, reason, sdpOrNull));
    }

    @Override
    public void answered(String sdp) {
        services.metrics().sipResponse(200);
        post(CallEvent.SIP_ANSWERED, new SipResponse(200, "OK", sdp));
    }

    @Override
    public void failed(int status, String reason, SipFailure kind) {
        if (status > 0) {
            services.metrics().sipResponse(status);
        }
        CallEnd end = switch (kind) {
            case REJECTED -> CallEnd.finalResponse(status, reason);
            case TIMEOUT, TRANSPORT -> CallEnd.unreachable(status > 0 ? status : null, reason);
        };
        post(CallEvent.SIP_FAILED, new Ending(end));
    }

    @Override
    public void remoteBye() {
        post(CallEvent.REMOTE_BYE, new Ending(CallEnd.remoteHangup()));
    }

    @Override
    public void remoteReInvite(String sdpOrNull, ReInviteResponder responder) {
        post(CallEvent.REMOTE_REOFFER, new Reoffer(sdpOrNull, responder));
    }

    @Override
    public void reInviteResult(int status, String sdpOrNull) {
        services.metrics().sipResponse(status);
        post(() -> reinviteDone(status, sdpOrNull));
    }

    @Override
    public void infoDtmf(char digit) {
        post(CallEvent.DTMF_RECEIVED, new Digit(digit));
    }

    @Override
    public void terminated() {
        LOG.debugf("call %s: SIP side terminated", id);
    }

    // ---- MediaListener: called on media threads, posted to the executor ----

    @Override
    public void roomConnected() {
        LOG.debugf("call %s: room ICE/DTLS connected", id);
    }

    @Override
    public void mediaFailure(String reason) {
        post(CallEvent.MEDIA_FAILURE, new Ending(CallEnd.mediaFailure(reason)));
    }

    @Override
    public void dtmfFromSip(char digit) {
        post(CallEvent.DTMF_RECEIVED, new Digit(digit));
    }

    @Override
    public void dtmfFromRoom(char digit, boolean forwarded) {
        if (!forwarded) {
            // The callee has no telephone-event: relay the room's in-band digit as SIP INFO.
            post(() -> {
                if ((state == CallState.ANSWERED || state == CallState.HELD) && sip != null) {
                    sip.sendInfoDtmf(digit, 100);
                }
            });
        }
    }

    // ---- the event loop ----

    private void post(CallEvent event, Signal signal) {
        post(() -> handle(event, signal));
    }

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
                handle(CallEvent.INTERNAL_ERROR, new Ending(CallEnd.error("internal error: " + e)));
            } finally {
                MDC.remove("callId");
                MDC.remove("gatewayCallId");
                MDC.remove("sipCallId");
            }
        });
    }

    private void handle(CallEvent event, Signal signal) {
        Transition t = CallTransitions.on(state, event);
        if (t.next() != state) {
            LOG.debugf("call %s: %s --%s--> %s (%s)", id, state, event, t.next(), t.effect());
        }
        state = t.next();
        perform(t.effect(), event, signal);
    }

    private void perform(Effect effect, CallEvent event, Signal signal) {
        switch (effect) {
            case IGNORE -> {}
            case REJECT -> client.rejected(rejection(event));
            case ALLOCATE -> allocate();
            case SEND_INVITE -> sendInvite();
            case DROP -> drop(((Ending) signal).end().reason());
            case REPORT_RINGING -> {
                SipResponse r = (SipResponse) signal;
                client.state(StateReport.sip("ringing", r.status(), r.reason()));
            }
            case START_EARLY_MEDIA, UPDATE_EARLY_MEDIA ->
                earlyMedia((SipResponse) signal, effect == Effect.START_EARLY_MEDIA);
            case ANSWER -> answer((SipResponse) signal);
            case END -> teardown(((Ending) signal).end());
            case SEND_HOLD -> sendReinvite(Reinvite.HOLD);
            case SEND_RESUME -> sendReinvite(Reinvite.RESUME);
            case REPORT_HELD -> {
                media.armMediaTimeout(false);
                client.state(StateReport.hold("held", event == CallEvent.REMOTE_HOLD ? Party.REMOTE : Party.LOCAL));
            }
            case REPORT_RESUMED -> {
                media.armMediaTimeout(true);
                client.state(
                        StateReport.hold("resumed", event == CallEvent.REMOTE_RESUME ? Party.REMOTE : Party.LOCAL));
            }
            case REPORT_REINVITE_REFUSED -> client.rejected(((SipResponse) signal).reason());
            case ANSWER_REOFFER -> answerReoffer((Reoffer) signal);
            // RFC 3261 section 14.2: no session to modify here; 491 asks the far end to retry later, which it will
            // not need to once the call is gone or answered.
            case REFUSE_REOFFER -> ((Reoffer) signal).responder().reject(491);
            case SEND_DTMF -> sendDtmf((Digits) signal);
            case REPORT_DTMF -> client.dtmf(((Digit) signal).digit());
            case ADD_CANDIDATE -> addCandidateNow((CandidateLine) signal);
            case BUFFER_CANDIDATE -> {
                CandidateLine c = (CandidateLine) signal;
                pendingCandidates.add(new String[] {c.candidate(), c.sdpMid()});
            }
            case FINISH -> LOG.debugf("call %s ended", id);
        }
    }

    private String rejection(CallEvent event) {
        String what = switch (event) {
            case HOLD_REQUESTED ->
                state == CallState.HELD ? "the call is already on hold" : "hold needs an answered call";
            case RESUME_REQUESTED -> "the call is not on hold";
            case DTMF_REQUESTED -> "DTMF needs an answered call";
            default -> event.name();
        };
        return what + " (call is " + state.name().toLowerCase(Locale.ROOT).replace('_', '-') + ")";
    }

    // ---- effects ----

    private void route() {
        Router.Routing routing;
        try {
            routing = services.router().route(dial.to());
        } catch (RuntimeException e) {
            routing = new Router.Refused("dial plan failure: " + e.getMessage());
        }
        if (routing instanceof Router.Routed r) {
            route = r;
            handle(CallEvent.ROUTED, NONE);
        } else {
            Router.Refused refused = (Router.Refused) routing;
            handle(
                    refused.invalid() ? CallEvent.DESTINATION_INVALID : CallEvent.REFUSED,
                    new Ending(CallEnd.policy(refused.reason())));
        }
    }

    private void allocate() {
        CallMediaRequest request = new CallMediaRequest(
                dial.callId() + "/" + id,
                dial.offer(),
                new CallMediaRequest.SipLegOptions(route.srtp(), route.g711Only(), route.video()));
        try {
            media = services.media().createCall(request, this);
        } catch (SdpException e) {
            handle(CallEvent.OFFER_REJECTED, new Ending(CallEnd.error("bad offer: " + e.getMessage())));
            return;
        } catch (MediaException | RuntimeException e) {
            LOG.warnf(e, "call %s: media allocation failed", id);
            handle(
                    CallEvent.ALLOCATION_FAILED,
                    new Ending(CallEnd.error("media allocation failed: " + e.getMessage())));
            return;
        }
        handle(CallEvent.ALLOCATED, NONE);
    }

    private void drop(String message) {
        services.registry().remove(this);
        client.released();
        client.rejected(message);
    }

    private void sendInvite() {
        // API.md: the answer goes out before the INVITE so ICE and DTLS run while the phone rings.
        client.answer(media.roomAnswer());
        for (String[] c : pendingCandidates) {
            addCandidateNow(new CandidateLine(c[0], c[1]));
        }
        pendingCandidates.clear();
        if (!state.hasMedia()) {
            return; // a buffered candidate was unusable and ended the call
        }
        InviteRequest invite = new InviteRequest(
                route.requestUri(),
                dial.fromUser() != null ? dial.fromUser() : services.defaults().fromUser(),
                dial.fromDisplayName(),
                dial.headers(),
                media.sipOffer(),
                route.trunk());
        try {
            sip = services.sip().invite(invite, this);
        } catch (RuntimeException e) {
            handle(CallEvent.SIP_FAILED, new Ending(CallEnd.unreachable(null, "INVITE not sent: " + e.getMessage())));
            return;
        }
        ringTimer = schedule(ringTimeout, CallEvent.RING_TIMEOUT, CallEnd.ringTimeout((int) ringTimeout.toSeconds()));
        client.state(StateReport.of("trying"));
    }

    private void earlyMedia(SipResponse r, boolean report) {
        try {
            media.applySipAnswer(r.sdp(), true);
        } catch (SdpException e) {
            handle(
                    CallEvent.MEDIA_FAILURE,
                    new Ending(CallEnd.mediaFailure("unusable early-media SDP: " + e.getMessage())));
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
            handle(CallEvent.MEDIA_FAILURE, new Ending(CallEnd.mediaFailure("unusable SDP answer: " + e.getMessage())));
            return;
        }
        answeredAt = Instant.now();
        answeredNanos = System.nanoTime();
        media.armMediaTimeout(true);
        maxTimer = schedule(maxDuration, CallEvent.MAX_DURATION, CallEnd.maxDuration((int) maxDuration.toSeconds()));
        services.metrics().callAnswered(Duration.ofNanos(answeredNanos - startedNanos));
        client.state(StateReport.sip("answered", r.status(), r.reason()));
    }

    private void sendReinvite(Reinvite kind) {
        if (reinvite != Reinvite.NONE) {
            client.rejected("a hold or resume is already in progress");
            return;
        }
        if (kind == Reinvite.RESUME && !localHold) {
            client.rejected("the call is held by the far end; only the far end can resume it");
            return;
        }
        reinvite = kind;
        // RFC 3264 section 8.4: hold is a re-offer with a=sendonly, resume one with a=sendrecv.
        sip.reInvite(media.sipReoffer(kind == Reinvite.HOLD ? Direction.SENDONLY : Direction.SENDRECV));
    }

    private void reinviteDone(int status, String sdp) {
        Reinvite kind = reinvite;
        reinvite = Reinvite.NONE;
        if (kind == Reinvite.NONE || !state.live()) {
            return;
        }
        String what = kind == Reinvite.HOLD ? "hold" : "resume";
        if (status >= 200 && status < 300) {
            if (sdp != null) {
                try {
                    media.applySipReofferAnswer(sdp);
                } catch (SdpException e) {
                    handle(
                            CallEvent.MEDIA_FAILURE,
                            new Ending(CallEnd.mediaFailure("unusable " + what + " answer: " + e.getMessage())));
                    return;
                }
            }
            localHold = kind == Reinvite.HOLD;
            if (!remoteHold) { // while the far end holds, the call stays held whatever we do
                handle(kind == Reinvite.HOLD ? CallEvent.HOLD_ACCEPTED : CallEvent.RESUME_ACCEPTED, NONE);
            }
        } else {
            // RFC 3261 section 14.1: a failed re-INVITE leaves the session as it was.
            handle(
                    CallEvent.REINVITE_REFUSED,
                    new SipResponse(status, what + " refused by the far end: " + status, null));
        }
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
        if (holds && !remoteHold) {
            remoteHold = true;
            if (!localHold) {
                handle(CallEvent.REMOTE_HOLD, NONE);
            }
        } else if (!holds && remoteHold) {
            remoteHold = false;
            if (!localHold) {
                handle(CallEvent.REMOTE_RESUME, NONE);
            }
        }
    }

    private void sendDtmf(Digits d) {
        if (media.sipAcceptsTelephoneEvent()) {
            media.sendDtmfToSip(d.digits(), d.durationMs()); // RFC 4733 events on the RTP leg
            return;
        }
        // No telephone-event: SIP INFO, one digit at a time, paced by the digit duration.
        long delay = 0;
        for (char c : d.digits().toCharArray()) {
            if (delay == 0) {
                sip.sendInfoDtmf(c, d.durationMs());
            } else {
                services.timers()
                        .schedule(
                                () -> post(() -> {
                                    if (state == CallState.ANSWERED || state == CallState.HELD) {
                                        sip.sendInfoDtmf(c, d.durationMs());
                                    }
                                }),
                                delay,
                                TimeUnit.MILLISECONDS);
            }
            delay += d.durationMs() + INFO_GAP_MS;
        }
    }

    private void addCandidateNow(CandidateLine c) {
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
        step("SIP hangup", () -> {
            if (sip != null) {
                sip.hangup();
            }
        });
        step("media close", () -> {
            if (media != null) {
                media.close();
            }
        });
        step("registry", () -> services.registry().remove(this));
        step("metrics", () -> services.metrics().callEnded(end.cause()));
        long duration = answeredAt == null
                ? 0
                : Duration.ofNanos(System.nanoTime() - answeredNanos).toSeconds();
        step("release", client::released);
        step("report", () -> client.state(StateReport.ended(end, duration)));
        LOG.infof(
                "call %s (%s) to %s ended: %s %s",
                id, dial.callId(), dial.to(), end.cause().wire(), end.reason());
        handle(CallEvent.TEARDOWN_DONE, NONE);
    }

    private void step(String what, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warnf(e, "call %s: teardown step '%s' failed", id, what);
        }
    }

    private ScheduledFuture<?> schedule(Duration after, CallEvent event, CallEnd end) {
        return services.timers().schedule(() -> post(event, new Ending(end)), after.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }
}
