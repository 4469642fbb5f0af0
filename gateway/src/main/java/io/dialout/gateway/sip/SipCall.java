package io.dialout.gateway.sip;

import io.dialout.gateway.concurrent.SerialExecutor;
import io.dialout.gateway.sip.InviteTransitions.Event;
import io.dialout.gateway.sip.InviteTransitions.Phase;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javax.sip.ClientTransaction;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.TimeoutEvent;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.jboss.logging.Logger;

/**
 * One outbound call: routes the API calls and the stack's events to the part that owns them (docs/sip.md shows
 * the map). Every event runs on the call's {@link SerialExecutor}, so the parts' state is confined to it and needs
 * no locks.
 *
 * <ul>
 *   <li>{@link InviteClient}: the INVITE client transaction, CANCEL, ACK, Digest retry, ICMP probe, BYE</li>
 *   <li>{@link ReInvites}: re-INVITEs in the dialog, ours (491 glare retry) and the far end's</li>
 *   <li>{@link InfoSender}: DTMF by INFO, one at a time</li>
 * </ul>
 */
final class SipCall implements OutboundCall {

    private static final Logger LOG = Logger.getLogger(SipCall.class);

    private final Executor executor;
    private final String callId;
    private final Consumer<SipCall> onTerminated;
    private final CallScope call;
    private final InviteClient invite;
    private final ReInvites reInvites;
    private final InfoSender info;
    private final SessionRefresh sessionTimer;
    private final PrackSender prack;
    private final ReferHandling referIn;
    private final ReferSender referOut;
    private final DialogStore dialogs;
    private final ForkedAnswers forks;
    private boolean answered;
    /** A reliable 18x carried SDP: our INVITE's offer is answered in the early dialog (RFC 3262, RFC 3311 section 5.1). */
    private boolean earlyAnswered;

    SipCall(
            SipContext ctx,
            Request invite,
            Trunk trunk,
            String contactUser,
            SipCallListener listener,
            Consumer<SipCall> onTerminated,
            DialogStore dialogs) {
        this.onTerminated = onTerminated;
        this.dialogs = dialogs;
        SerialExecutor serial = SerialExecutor.droppingWhenClosed(ctx.pool(), "SIP call");
        this.executor = task -> serial.execute(() -> guarded(task));
        this.callId = ((javax.sip.header.CallIdHeader) invite.getHeader("Call-ID")).getCallId();
        this.call = new CallScope(ctx, callId, trunk, contactUser, listener, executor);
        this.invite = new InviteClient(call, invite, this::finish);
        InviteClient client = this.invite;
        call.targets =
                new InDialogTargets(call, () -> client.request().getRequestURI().toString());
        this.reInvites = new ReInvites(call, this::confirmed);
        this.info = new InfoSender(call, this::confirmed);
        this.prack = new PrackSender(call);
        this.referIn = new ReferHandling(call);
        this.referOut = new ReferSender(call, this::confirmed);
        this.forks = new ForkedAnswers(call);
        this.sessionTimer =
                new SessionRefresh(call, ctx.config().sessionTimer(), SipContext.sdp(invite), this::sessionExpired);
        call.responses.on2xx((request, ok) -> {
            if (Request.INVITE.equals(request.getMethod()) || Request.UPDATE.equals(request.getMethod())) {
                sessionTimer.answeringRefresh(request, ok);
            }
        });
    }

    @Override
    public String sipCallId() {
        return callId;
    }

    void start() {
        executor.execute(() -> invite.fire(Event.START));
    }

    void post(Runnable task) {
        executor.execute(task);
    }

    // ---- API (any thread) -------------------------------------------------------------------------------------

    @Override
    public void cancel() {
        executor.execute(() -> invite.fire(Event.CANCEL));
    }

    @Override
    public void bye() {
        executor.execute(() -> invite.fire(Event.BYE));
    }

    @Override
    public void hangup() {
        executor.execute(() -> invite.fire(Event.HANGUP));
    }

    @Override
    public void hangup(String reasonHeader) {
        executor.execute(() -> {
            call.byeReason = reasonHeader;
            invite.fire(Event.HANGUP);
        });
    }

    @Override
    public void reInvite(String sdpOffer) {
        executor.execute(() -> {
            sessionTimer.currentSdp(sdpOffer);
            reInvites.offer(sdpOffer);
        });
    }

    @Override
    public void sendInfoDtmf(char digit, int durationMs) {
        String body = DtmfInfo.relayBody(digit, durationMs);
        executor.execute(() -> info.send(body));
    }

    @Override
    public void refer(String referTo) {
        executor.execute(() -> referOut.send(referTo));
    }

    @Override
    public DialogReference dialogReference() {
        javax.sip.Dialog d = call.dialog; // read once: set on the call's executor, a reference read is atomic
        if (d == null || d.getRemoteTag() == null || d.getRemoteTarget() == null) {
            return null;
        }
        // RFC 3891 section 6.1: the tags as the party receiving the Replaces sees them (its to-tag is its own)
        String replaces = callId + ";to-tag=" + d.getRemoteTag() + ";from-tag=" + d.getLocalTag();
        return new DialogReference(d.getRemoteTarget().getURI().toString(), replaces);
    }

    /**
     * On the stack's message thread, before the stack sees it: whether this 2xx to the INVITE comes from another fork
     * than the one we keep; if so it is ACKed and BYEd on the call's executor (RFC 3261 section 13.2.2.4).
     */
    boolean takeOtherFork(Response answer, String toTag) {
        if (!forks.isOtherFork(toTag)) {
            return false;
        }
        executor.execute(() -> forks.onAnswer(answer, invite.request()));
        return true;
    }

    /** Ends the call without signalling (used by close() after the grace period). */
    void forceTerminate() {
        executor.execute(() -> invite.fire(Event.FORCE_END));
    }

    // ---- the stack's events (on the call's executor) -----------------------------------------------------------

    void onResponse(ResponseEvent event) {
        Response response = event.getResponse();
        CSeqHeader cseq = CallScope.cseq(response);
        ClientTransaction tx = event.getClientTransaction();
        if (sessionTimer.owns(tx, cseq.getMethod(), cseq.getSeqNumber())) {
            sessionTimer.onResponse(response, tx);
            return;
        }
        switch (cseq.getMethod()) {
            case Request.INVITE -> {
                if (event.getDialog() != null) {
                    call.dialog = event.getDialog();
                }
                if (reInvites.owns(tx, cseq.getSeqNumber())) {
                    reInvites.onResponse(response, tx);
                } else if (cseq.getSeqNumber() == invite.inviteCseq()) {
                    if (response.getStatusCode() < 200) {
                        prack.onProvisional(response, call.dialog); // RFC 3262: a reliable 1xx gets its PRACK
                        if (PrackSender.requires100rel(response) && SipContext.body(response) != null) {
                            earlyAnswered = true; // RFC 3311 section 5.1: the far end may now UPDATE with an offer
                        }
                    }
                    if (!answered && response.getStatusCode() / 100 == 2) {
                        call.targets.answering(response); // before its ACK: a target refresh may follow at once
                    }
                    invite.onResponse(response);
                    if (!answered && response.getStatusCode() / 100 == 2 && confirmed()) {
                        answered = true;
                        sessionTimer.answered(response);
                        if (dialogs.enabled()) {
                            dialogs.save(DialogState.of(call.dialog, call.trunk.transport())); // issue 14 item 8
                        }
                    }
                } else {
                    LOG.debug(callId + ": stray INVITE response " + response.getStatusCode());
                }
            }
            case Request.BYE -> {
                if (!forks.owns(tx)) {
                    invite.onByeResponse(response, tx);
                }
            }
            case Request.INFO -> info.onResponse(response, tx);
            case Request.REFER -> referOut.onResponse(response, tx);
            default -> {
                // CANCEL's 200 tells nothing: the INVITE's final response decides
            }
        }
    }

    void onTimeout(TimeoutEvent event) {
        ClientTransaction tx = event.getClientTransaction();
        if (tx != null
                && !invite.onTimeout(tx)
                && !reInvites.onTimeout(tx)
                && !sessionTimer.onTimeout(tx)
                && !referOut.onTimeout(tx)) {
            info.onTimeout(tx);
        }
    }

    void onTransactionTerminated(ClientTransaction tx) {
        invite.onTransactionTerminated(tx);
    }

    void onTransportError(String host, int port) {
        invite.onTransportError(host, port);
    }

    /** A request from the far end inside our dialog (the server transaction already exists, except for ACK). */
    void onRequest(Request request, ServerTransaction st) {
        if (st != null && refusedRefresh(request, st)) {
            return;
        }
        switch (request.getMethod()) {
            // ACK of our 200 to a re-INVITE: after a delayed offer it carries the answer
            case Request.ACK -> reInvites.onAck(request);
            case Request.BYE -> {
                call.responses.respond(st, Response.OK, null);
                // TERMINATING: our own BYE crossed it and its response ends the call; before the answer the
                // INVITE's final response does
                invite.fire(Event.REMOTE_BYE);
            }
            case Request.INVITE -> reInvites.onRemoteReInvite(request, st);
            case Request.INFO -> onInfo(request, st);
            case Request.OPTIONS -> call.responses.respond(st, Response.OK, null);
            case Request.UPDATE -> onUpdate(request, st);
            case Request.REFER -> {
                if (confirmed()) {
                    referIn.onRefer(request, st);
                } else {
                    call.responses.respond(st, Response.FORBIDDEN, null); // no session to transfer yet
                }
            }
            case Request.NOTIFY -> referOut.onNotify(request, st);
            case Request.CANCEL -> {
                call.responses.respond(st, Response.OK, null);
                reInvites.onRemoteCancel();
            }
            default -> call.responses.respond(st, Response.METHOD_NOT_ALLOWED, null);
        }
    }

    /**
     * Issue 14 item 4e: a target refresh (re-INVITE, UPDATE, and what JAIN-SIP also takes as one) whose Contact would
     * move our requests to an address the dial plan refuses is answered 403 (RFC 3261 section 21.4.4: understood,
     * refused) and has no other effect: the offer in it is not looked at (RFC 3261 section 14.2: the session stays as
     * it was) and the dialog keeps its remote target (RFC 6141 section 4). The call goes on: the callee is still
     * reachable where its 2xx said (a phone behind NAT may well put its private address in a re-INVITE), and a callee
     * that really moved away hangs up or lets the session timer end the call.
     */
    private boolean refusedRefresh(Request request, ServerTransaction st) {
        if (!gov.nist.javax.sip.message.SIPRequest.isTargetRefresh(request.getMethod())) {
            return false;
        }
        String why = call.targets.refuseRefresh(request);
        if (why == null) {
            return false;
        }
        Response r = call.responses.create(st, Response.FORBIDDEN);
        if (r != null) {
            try {
                r.setReasonPhrase("Contact Not Allowed");
            } catch (java.text.ParseException e) {
                throw new IllegalStateException(e);
            }
            call.responses.send(st, r);
        }
        return true;
    }

    /** The far end's INFO: a DTMF digit is reported; other bodies are refused 415 (RFC 3261 section 21.4.13). */
    private void onInfo(Request request, ServerTransaction st) {
        ContentTypeHeader ct = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
        String body = SipContext.body(request);
        String type = ct == null ? null : ct.getContentType() + "/" + ct.getContentSubType();
        char digit = DtmfInfo.parse(type, body);
        if (digit != 0) {
            call.responses.respond(st, Response.OK, null);
            call.notify(() -> call.listener.infoDtmf(digit));
        } else if (body == null) {
            call.responses.respond(st, Response.OK, null); // an empty INFO is a keep-alive probe for some devices
        } else {
            Response r = call.responses.create(st, Response.UNSUPPORTED_MEDIA_TYPE);
            if (r != null) {
                r.addHeader(call.ctx.header("Accept", DtmfInfo.DTMF_RELAY + ", " + DtmfInfo.DTMF));
                call.responses.send(st, r);
            }
        }
    }

    /**
     * The far end's UPDATE (RFC 3311): one without a body is a session refresh (RFC 4028 section 9) and is answered
     * 200 with the timer headers; one with an offer is answered like a re-INVITE's offer, early or confirmed.
     */
    private void onUpdate(Request request, ServerTransaction st) {
        if (SipContext.body(request) == null) {
            call.responses.respond(st, Response.OK, null);
        } else if (!confirmed() && !earlyAnswered) {
            // RFC 3311 section 5.2: our INVITE's offer is still unanswered (only a reliable 18x answers it, RFC 3261
            // section 13.2.1), so an offer in an early UPDATE gets 491
            call.responses.respond(st, Response.REQUEST_PENDING, null);
        } else {
            reInvites.onRemoteUpdate(request, st);
        }
    }

    /** RFC 4028 section 10: no refresh came; tell the listener, BYE with a Reason (RFC 3326). */
    private void sessionExpired() {
        call.notify(call.listener::sessionExpired);
        invite.byeReason("SIP;cause=408;text=\"Session expired\"");
        invite.fire(Event.BYE);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private boolean confirmed() {
        return invite.phase() == Phase.CONFIRMED;
    }

    /** The INVITE side reached TERMINATED: stop every part's timer and report {@code terminated()} once. */
    private void finish() {
        invite.stopTimer();
        reInvites.stopTimer();
        sessionTimer.stop();
        info.clear();
        onTerminated.accept(this);
        LOG.debug(callId + ": terminated");
        call.notify(call.listener::terminated);
    }

    /** A bug in a call task must still end the call (once), never leave it hanging. */
    private void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.warn(callId + ": internal error", e);
            invite.fire(Event.INTERNAL_ERROR, null, e.toString());
        }
    }
}
