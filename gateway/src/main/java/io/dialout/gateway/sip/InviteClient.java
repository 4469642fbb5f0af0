package io.dialout.gateway.sip;

import static io.dialout.gateway.sip.CallScope.cseq;

import io.dialout.gateway.sip.InviteTransitions.Event;
import io.dialout.gateway.sip.InviteTransitions.Phase;
import io.dialout.gateway.sip.InviteTransitions.State;
import io.dialout.gateway.sip.InviteTransitions.Step;
import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.SipException;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.jboss.logging.Logger;

/**
 * The INVITE client transaction of one call and the dialog's life after it (CANCEL, ACK, BYE, Digest retry, the
 * ICMP probe). What to do is decided by {@link InviteTransitions}; this class feeds it events and sends the requests.
 */
final class InviteClient {

    private static final Logger LOG = Logger.getLogger(InviteClient.class);
    private static final int SESSION_INTERVAL_TOO_SMALL = 422;

    private final CallScope call;
    private final Runnable onFinish;
    private final CallScope.Timer timer;
    private final ProvisionalFilter provisionals = new ProvisionalFilter();
    private final IcmpProbe probe;
    private final Retargeting retargeting;

    private State state = State.START;
    private Request invite;
    private ClientTransaction inviteTx;
    private long inviteCseq;
    private ClientTransaction byeTx;
    private String byeReason;
    /** The dialog of a 2xx without a usable Contact, built by hand; null otherwise. */
    private DialogState unusable;

    /** {@code onFinish} runs once, when the call reaches TERMINATED. */
    InviteClient(CallScope call, Request invite, Runnable onFinish) {
        this.call = call;
        this.invite = invite;
        this.inviteCseq = cseq(invite).getSeqNumber();
        this.onFinish = onFinish;
        this.timer = call.newTimer();
        this.probe = new IcmpProbe(call, timer, tx -> tx == inviteTx, this::fire);
        this.retargeting = new Retargeting(call, invite);
    }

    Phase phase() {
        return state.phase();
    }

    /** The INVITE as last sent (a Digest or 422 retry replaces the first). */
    Request request() {
        return invite;
    }

    long inviteCseq() {
        return inviteCseq;
    }

    /** Stops this part's timer (the call is over). */
    void stopTimer() {
        timer.cancel();
    }

    /** The Reason header value (RFC 3326) of the BYE we send for our own reasons. */
    void byeReason(String reason) {
        this.byeReason = reason;
    }

    /** Feeds one event to the state machine and carries out its actions. */
    void fire(Event e) {
        fire(e, null, null);
    }

    void fire(Event e, Response response, String detail) {
        if (retargets(e, response)) {
            e = Event.RETARGET;
        }
        Step step = InviteTransitions.on(state, e);
        state = step.next();
        for (InviteTransitions.Action a : step.actions()) {
            FollowUp next = perform(a, response, detail);
            if (next != null) {
                fire(next.event(), response, next.detail() != null ? next.detail() : detail);
                return;
            }
        }
    }

    /** An action's outcome that the state machine must know; the remaining actions of the step are not carried out. */
    private record FollowUp(Event event, String detail) {
        static FollowUp of(Event e) {
            return new FollowUp(e, null);
        }
    }

    /** Carries out one action; returns the event it led to when it has an outcome the state machine must know. */
    private FollowUp perform(InviteTransitions.Action a, Response response, String detail) {
        switch (a) {
            case SEND_INVITE -> {
                return sendInvite();
            }
            case STOP_TIMER -> timer.cancel();
            case SEND_CANCEL -> sendCancel();
            case REPORT_PROVISIONAL -> reportProvisional(response);
            case SEND_ACK -> {
                return call.sendAck(cseq(response).getSeqNumber()) ? null : FollowUp.of(Event.ACK_FAILED);
            }
            case REPORT_ANSWERED -> {
                String sdp = SipContext.sdp(response);
                call.notify(() -> call.listener.answered(sdp));
            }
            case RESEND_ACK -> call.resendAck();
            case ANSWER_CHALLENGE -> {
                return FollowUp.of(answerChallenge(response) ? Event.CHALLENGE_ANSWERED : Event.REJECTED);
            }
            case REPORT_REJECTED -> {
                Integer retryAfter = retryAfter(response);
                String reason = retargeting.reason(response);
                call.notify(
                        () -> call.listener.failed(response.getStatusCode(), reason, SipFailure.REJECTED, retryAfter));
            }
            case REPORT_TIMEOUT -> report(408, "Request Timeout", SipFailure.TIMEOUT);
            case REPORT_TRANSPORT -> {
                LOG.debug(call.callId + ": transport failure: " + detail);
                // a destination whose every DNS result the policy refuses was never tried: reported as policy
                if (retargeting.policyRefused()) {
                    report(0, detail, SipFailure.POLICY);
                } else {
                    boolean tls = detail != null && detail.startsWith(SipTls.FAILURE_PREFIX);
                    report(503, "Service Unavailable (" + detail + ")", tls ? SipFailure.TLS : SipFailure.TRANSPORT);
                }
            }
            case REPORT_INTERNAL_ERROR -> report(500, "Internal error: " + detail, SipFailure.REJECTED);
            case DROP_INVITE -> call.terminate(inviteTx, true);
            case STOP_INVITE_TX -> call.terminate(inviteTx, false);
            case RUN_PROBE -> probe.run(inviteTx);
            case SCHEDULE_PROBE -> probe.schedule(inviteTx);
            case SEND_BYE -> {
                return sendBye();
            }
            case ACK_UNUSABLE -> ackUnusable(response);
            case REPORT_UNUSABLE ->
                report(
                        response.getStatusCode(),
                        "answered with a " + response.getStatusCode() + " without a usable Contact (RFC 3261 section"
                                + " 12.1.2); ACKed and ended with BYE",
                        SipFailure.REJECTED);
            case BYE_UNUSABLE -> {
                return byeUnusable();
            }
            case REPORT_TARGET_REFUSED -> {
                LOG.info(call.callId + ": 2xx not ACKed: " + detail);
                report(0, detail, SipFailure.TRANSPORT);
            }
            case REPORT_REMOTE_BYE -> call.notify(call.listener::remoteBye);
            case FINISH -> onFinish.run();
        }
        return null;
    }

    // ---- sending ----------------------------------------------------------------------------------------------

    private FollowUp sendInvite() {
        ClientTransaction tx;
        try {
            ServerLocator.Server server = retargeting.server(invite); // RFC 3263: null leaves it to the stack
            tx = NextHopRouter.via(server, () -> call.ctx.provider().getNewClientTransaction(invite));
        } catch (Retargeting.NoServer e) {
            return new FollowUp(Event.UNREACHABLE, e.getMessage());
        } catch (Exception e) {
            // unresolvable host or no listening point for the transport
            LOG.debug(call.callId + ": no client transaction for the INVITE", e);
            return new FollowUp(Event.UNREACHABLE, "cannot reach the next hop: " + CallScope.rootMessage(e));
        }
        call.ctx.applyTimers(tx);
        inviteTx = tx;
        call.dialog = tx.getDialog();
        try {
            tx.sendRequest();
        } catch (SipException | RuntimeException e) {
            // TCP connection refused, the datagram could not be sent, or the TLS handshake failed (no fallback)
            String tls = SipTls.describe(e);
            return new FollowUp(
                    Event.UNREACHABLE,
                    tls != null
                            ? tls + " [" + CallScope.rootMessage(e) + "]"
                            : "cannot send the INVITE: " + CallScope.rootMessage(e));
        }
        call.notify(call.listener::inviteSent);
        LOG.debug(call.callId + ": INVITE sent to " + invite.getRequestURI());
        if ("udp".equals(call.trunk.transport())) {
            probe.start(tx);
        }
        return null;
    }

    private void sendCancel() {
        try {
            Request cancel = inviteTx.createCancel();
            ClientTransaction tx = call.ctx.provider().getNewClientTransaction(cancel);
            call.ctx.applyTimers(tx);
            tx.sendRequest();
        } catch (SipException e) {
            LOG.debug(call.callId + ": CANCEL not sent", e);
        }
        timer.schedule(call.ctx.config().timers().timerB(), () -> fire(Event.CANCEL_TIMEOUT));
    }

    private FollowUp sendBye() {
        try {
            byeTx = call.sendInDialog(Request.BYE, bye -> {
                bye.addHeader(call.ctx.userAgent());
                // RFC 3326: the session timer's own reason first, else the reason the call gave for its BYE
                String reason = byeReason != null ? byeReason : call.byeReason;
                if (reason != null) {
                    bye.addHeader(call.ctx.header("Reason", reason));
                }
            });
            return null;
        } catch (SipException | RuntimeException e) {
            LOG.debug(call.callId + ": BYE not sent", e);
            return FollowUp.of(Event.BYE_ENDED);
        }
    }

    /**
     * RFC 3261 section 13.2.2.4: the ACK of a 2xx has the INVITE's CSeq number and credentials. Without a remote
     * target the stack's dialog cannot build it, so it is built from the INVITE and the 2xx and sent without a
     * transaction (as every ACK of a 2xx is); each retransmission of the 2xx gets a new one.
     */
    private void ackUnusable(Response response) {
        try {
            if (unusable == null) {
                unusable = DialogState.fromAnswer(invite, response, call.trunk.transport());
                if (call.dialog != null) {
                    call.dialog.delete(); // else the stack refuses the BYE outside its dialog
                }
                LOG.info(call.callId + ": " + response.getStatusCode() + " without a usable Contact; ACK and BYE to "
                        + unusable.target());
            }
            Request ack = unusable.request(call.ctx, Request.ACK, inviteCseq);
            for (String name : new String[] {"Authorization", "Proxy-Authorization"}) {
                java.util.ListIterator<?> it = invite.getHeaders(name);
                while (it.hasNext()) {
                    ack.addHeader((javax.sip.header.Header) it.next());
                }
            }
            call.ctx.provider().sendRequest(ack);
        } catch (SipException | java.text.ParseException | InvalidArgumentException | RuntimeException e) {
            LOG.warn(call.callId + ": ACK of the unusable 2xx not sent", e);
        }
    }

    /** The BYE of a dialog whose 2xx had no usable Contact, in a transaction of its own (RFC 3261 section 15.1.1). */
    private FollowUp byeUnusable() {
        try {
            Request bye = unusable.request(call.ctx, Request.BYE, inviteCseq + 1);
            bye.addHeader(call.ctx.userAgent());
            // RFC 3326: a protocol error (Q.850 cause 111) on the callee's side
            bye.addHeader(call.ctx.header("Reason", "Q.850;cause=111;text=\"2xx without a usable Contact\""));
            ClientTransaction tx = call.ctx.provider().getNewClientTransaction(bye);
            call.ctx.applyTimers(tx);
            byeTx = tx;
            tx.sendRequest();
            return null;
        } catch (SipException | java.text.ParseException | InvalidArgumentException | RuntimeException e) {
            LOG.warn(call.callId + ": BYE of the unusable 2xx not sent", e);
            return FollowUp.of(Event.BYE_ENDED);
        }
    }

    /**
     * RFC 3261 section 22.2: answer a 401/407 with credentials, once per challenge. A second challenge carrying a
     * nonce we already answered means the credentials are wrong: the call fails with that response.
     */
    private boolean answerChallenge(Response response) {
        Request retry = (Request) invite.clone();
        if (response.getStatusCode() == SESSION_INTERVAL_TOO_SMALL
                ? !SessionRefresh.raiseInterval(retry, response, call.ctx)
                : !call.credentials.answer(retry, response)) {
            return false;
        }
        try {
            // RFC 3261 section 22.2: same Call-ID, From tag; CSeq + 1; a new branch (new transaction)
            CSeqHeader cseq = cseq(retry);
            cseq.setSeqNumber(cseq.getSeqNumber() + 1);
            ViaHeader via = (ViaHeader) retry.getHeader(ViaHeader.NAME);
            via.removeParameter("branch");
        } catch (InvalidArgumentException e) {
            return false;
        }
        invite = retry;
        inviteCseq = cseq(retry).getSeqNumber();
        provisionals.reset();
        LOG.debug(call.callId + ": answering the " + response.getStatusCode() + " challenge");
        return true;
    }

    // ---- responses and the stack's other events ---------------------------------------------------------------

    /** A response to the INVITE (not to a re-INVITE). */
    void onResponse(Response response) {
        int status = response.getStatusCode();
        if (status < 200) {
            fire(Event.PROVISIONAL, response, null);
        } else if (status < 300) {
            LOG.debug(call.callId + ": 2xx in phase " + state.phase());
            if (!hasUsableContact(response)) {
                fire(Event.UNUSABLE_SUCCESS, response, null);
                return;
            }
            String refused = state.phase().beforeAnswer() ? refusedTarget(response) : null;
            if (refused != null) {
                fire(Event.TARGET_REFUSED, response, refused);
            } else {
                fire(Event.SUCCESS, response, null);
            }
        } else {
            // a 422 is answered like a challenge: the same INVITE again, with the larger interval (RFC 4028 7.2)
            boolean retry = CallScope.isChallenge(response) || status == SESSION_INTERVAL_TOO_SMALL;
            fire(retry ? Event.CHALLENGED : Event.REJECTED, response, null);
        }
    }

    private void reportProvisional(Response response) {
        int status = response.getStatusCode();
        String sdp = SipContext.sdp(response);
        javax.sip.header.ToHeader to = (javax.sip.header.ToHeader) response.getHeader(javax.sip.header.ToHeader.NAME);
        if (provisionals.isNew(status, to == null ? null : to.getTag(), sdp)) {
            String reason = response.getReasonPhrase();
            call.notify(() -> call.listener.provisional(status, reason, sdp));
        }
    }

    /** A response to one of our BYEs; matched by CSeq too, so a response the stack could not tie still ends it. */
    void onByeResponse(Response response, ClientTransaction tx) {
        boolean ours = (tx != null && tx == byeTx)
                || (state.phase() == Phase.TERMINATING
                        && byeTx != null
                        && cseq(response).getSeqNumber()
                                == cseq(byeTx.getRequest()).getSeqNumber());
        if (ours && response.getStatusCode() >= 200) {
            ClientTransaction retry = CallScope.isChallenge(response) ? call.retryInDialog(response, byeTx) : null;
            if (retry != null) {
                byeTx = retry;
            } else {
                fire(Event.BYE_ENDED);
            }
        }
    }

    /** The stack's timeout of a client transaction; false when it is not ours. */
    boolean onTimeout(ClientTransaction tx) {
        if (tx == inviteTx) {
            // timer B (RFC 3261 section 17.1.1.2); the stack reports it as a timeout
            fire(Event.TIMER_B);
            return true;
        }
        if (tx == byeTx) {
            fire(Event.BYE_ENDED);
            return true;
        }
        return false;
    }

    /**
     * The stack ended a client transaction. For the INVITE before the answer this normally follows the final
     * response we already handled; but when the stack hit an error while processing that response (e.g. the TCP
     * connection closed by the peer while the stack sent the ACK of a 487) the response never reached us: use the
     * transaction's last response then, so the call cannot hang until a guard timer.
     */
    void onTransactionTerminated(ClientTransaction tx) {
        if (tx == byeTx) {
            fire(Event.BYE_ENDED); // the BYE's transaction is over, whatever came back
            return;
        }
        if (tx != inviteTx || !state.phase().beforeAnswer()) {
            return;
        }
        Response last =
                tx instanceof gov.nist.javax.sip.stack.SIPClientTransaction nist ? nist.getLastResponse() : null;
        if (last != null && last.getStatusCode() >= 300) {
            LOG.debug(call.callId + ": final response " + last.getStatusCode() + " taken from the ended transaction");
            onResponse(last);
        } else if (last == null || last.getStatusCode() < 200) {
            fire(Event.ENDED_WITHOUT_RESPONSE, null, "the INVITE transaction ended without a final response");
        }
    }

    /**
     * The stack could not send to or read from {@code host:port} (e.g. a TCP connection the peer closed): the
     * transactions waiting on that peer would otherwise only end at their timeout.
     */
    void onTransportError(String host, int port) {
        if (state.phase() == Phase.TERMINATING && CallScope.sentTo(byeTx, host, port)) {
            fire(Event.BYE_ENDED);
        } else if (CallScope.sentTo(inviteTx, host, port)) {
            fire(Event.UNREACHABLE, null, "I/O error with " + host + ":" + port);
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /**
     * RFC 3261 section 12.1.2: the remote target is the 2xx's Contact, a SIP or SIPS URI. A Contact the stack could
     * not parse is dropped by it, so it counts as none.
     */
    /**
     * Where the ACK of this 2xx would go (RFC 3261 sections 12.1.2 and 12.2.1.1): the first entry of the route set,
     * the Record-Route of the 2xx in reverse order, so its last entry; else the remote target, its Contact. Null when
     * the dial plan allows it, else why not.
     */
    private String refusedTarget(Response response) {
        String target = null;
        java.util.ListIterator<?> rr = response.getHeaders(javax.sip.header.RecordRouteHeader.NAME);
        while (rr.hasNext()) {
            target = ((javax.sip.header.RecordRouteHeader) rr.next())
                    .getAddress()
                    .getURI()
                    .toString();
        }
        if (target == null) {
            javax.sip.header.ContactHeader c =
                    (javax.sip.header.ContactHeader) response.getHeader(javax.sip.header.ContactHeader.NAME);
            target = c.getAddress().getURI().toString();
        }
        String why = call.ctx
                .targets()
                .policy()
                .refuseInDialogTarget(invite.getRequestURI().toString(), target);
        return why == null ? null : "in-dialog target " + target + " refused: " + why;
    }

    static boolean hasUsableContact(Response response) {
        javax.sip.header.ContactHeader c =
                (javax.sip.header.ContactHeader) response.getHeader(javax.sip.header.ContactHeader.NAME);
        return c != null
                && c.getAddress() != null
                && c.getAddress().getURI() instanceof javax.sip.address.SipURI sip
                && sip.getHost() != null
                && !sip.getHost().isBlank();
    }

    /**
     * Whether a failure of this attempt is answered by another one ({@link Retargeting}): only before the answer,
     * when the caller has not asked to cancel, and for a transport failure only while no response came.
     */
    private boolean retargets(Event e, Response response) {
        boolean candidate = switch (e) {
            case REJECTED -> response != null && response.getStatusCode() >= 300;
            case TIMER_B -> true;
            case UNREACHABLE -> state.phase() == Phase.CALLING;
            default -> false;
        };
        if (!candidate || !state.phase().beforeAnswer() || state.cancelRequested()) {
            return false;
        }
        // only a final response decides by its status; a later failure of the new attempt carries none of its own
        Retargeting.Attempt next = retargeting.next(invite, e, e == Event.REJECTED ? response : null);
        if (next == null) {
            return false;
        }
        invite = next.invite();
        inviteCseq = cseq(invite).getSeqNumber();
        provisionals.reset();
        if (next.redirectedTo() != null) {
            int status = response == null ? 0 : response.getStatusCode();
            String reason = response == null ? null : response.getReasonPhrase();
            call.notify(() -> call.listener.redirected(status, reason, next.redirectedTo()));
        }
        return true;
    }

    /** RFC 3261 section 20.33: Retry-After's delta-seconds, or null. */
    private static Integer retryAfter(Response response) {
        javax.sip.header.RetryAfterHeader h =
                (javax.sip.header.RetryAfterHeader) response.getHeader(javax.sip.header.RetryAfterHeader.NAME);
        return h == null ? null : h.getRetryAfter();
    }

    private void report(int status, String reason, SipFailure kind) {
        call.notify(() -> call.listener.failed(status, reason, kind));
    }
}
