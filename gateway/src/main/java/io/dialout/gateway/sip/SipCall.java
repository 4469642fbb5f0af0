package io.dialout.gateway.sip;

import gov.nist.javax.sip.TransactionExt;
import io.dialout.gateway.concurrent.SerialExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ListIterator;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.InvalidArgumentException;
import javax.sip.ObjectInUseException;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.TimeoutEvent;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.jboss.logging.Logger;

/**
 * One outbound call: the INVITE client transaction, then its dialog. Every event (stack callbacks and API calls) runs
 * on the call's {@link SerialExecutor}, so the fields below are confined to it and need no locks.
 */
final class SipCall implements OutboundCall {

    private static final Logger LOG = Logger.getLogger(SipCall.class);
    private static final int MAX_ICMP_PROBES = 3;

    private enum Phase {
        /** INVITE sent, no response yet (RFC 3261 section 17.1.1.2 "Calling"). */
        CALLING,
        /** A provisional response came back. */
        PROCEEDING,
        /** CANCEL sent, waiting for the INVITE's final response. */
        CANCELLING,
        /** 2xx received and ACKed: the dialog is up. */
        CONFIRMED,
        /** Our BYE is out. */
        TERMINATING,
        /** Over; {@code terminated()} was reported. */
        TERMINATED
    }

    private final SipContext ctx;
    private final SipCallListener listener;
    private final java.util.concurrent.Executor executor;
    private final String callId;
    private final Trunk trunk;
    private final String contactUser;
    private final Consumer<SipCall> onTerminated;

    private Phase phase = Phase.CALLING;
    private Request invite;
    private ClientTransaction inviteTx;
    private long inviteCseq;
    private Dialog dialog;
    private boolean cancelRequested;
    private int lastProvisional;
    private String lastProvisionalKey;
    private final CallCredentials credentials;
    private final ServerResponses responses;
    private Request lastAck;
    private ScheduledFuture<?> timer;
    private ClientTransaction byeTx;

    private ClientTransaction reInviteTx;
    private long reInviteCseq = -1;
    private String reInviteSdp;
    private boolean reInviteBusy;
    private boolean glareRetried;
    private ServerTransaction remoteReInvite;

    private final ArrayDeque<String> infoQueue = new ArrayDeque<>();
    private ClientTransaction infoTx;

    SipCall(
            SipContext ctx,
            Request invite,
            Trunk trunk,
            String contactUser,
            SipCallListener listener,
            Consumer<SipCall> onTerminated) {
        this.ctx = ctx;
        this.invite = invite;
        this.trunk = trunk;
        this.contactUser = contactUser;
        this.listener = listener;
        this.onTerminated = onTerminated;
        SerialExecutor serial = SerialExecutor.droppingWhenClosed(ctx.pool(), "SIP call");
        this.executor = task -> serial.execute(() -> guarded(task));
        this.callId = ((javax.sip.header.CallIdHeader) invite.getHeader("Call-ID")).getCallId();
        this.inviteCseq = cseq(invite).getSeqNumber();
        this.credentials = new CallCredentials(trunk, ctx);
        this.responses = new ServerResponses(ctx, contactUser, trunk.transport(), callId);
    }

    @Override
    public String sipCallId() {
        return callId;
    }

    void start() {
        executor.execute(this::sendInvite);
    }

    void post(Runnable task) {
        executor.execute(task);
    }

    // ---- API (any thread) -------------------------------------------------------------------------------------

    @Override
    public void cancel() {
        executor.execute(this::doCancel);
    }

    @Override
    public void bye() {
        executor.execute(() -> {
            if (phase == Phase.CONFIRMED) {
                sendBye();
            }
        });
    }

    @Override
    public void hangup() {
        executor.execute(() -> {
            if (phase == Phase.CONFIRMED) {
                sendBye();
            } else {
                doCancel();
            }
        });
    }

    @Override
    public void reInvite(String sdpOffer) {
        executor.execute(() -> {
            if (phase != Phase.CONFIRMED) {
                notify(() -> listener.reInviteResult(481, null));
            } else if (reInviteBusy || remoteReInvite != null) {
                notify(() -> listener.reInviteResult(491, null));
            } else {
                reInviteBusy = true;
                glareRetried = false;
                reInviteSdp = sdpOffer;
                sendReInvite();
            }
        });
    }

    @Override
    public void sendInfoDtmf(char digit, int durationMs) {
        String body = DtmfInfo.relayBody(digit, durationMs);
        executor.execute(() -> {
            if (phase != Phase.CONFIRMED) {
                LOG.debug(callId + ": INFO DTMF dropped, call not answered");
                return;
            }
            infoQueue.add(body);
            sendNextInfo();
        });
    }

    /** Ends the call without signalling (used by close() after the grace period). */
    void forceTerminate() {
        executor.execute(() -> {
            terminateTransaction(inviteTx);
            finish();
        });
    }

    // ---- the INVITE ---------------------------------------------------------------------------------------------

    private void sendInvite() {
        if (phase == Phase.TERMINATED) {
            return;
        }
        ClientTransaction tx;
        try {
            tx = ctx.provider().getNewClientTransaction(invite);
        } catch (SipException | RuntimeException e) {
            // unresolvable host or no listening point for the transport
            failTransport("cannot reach the next hop: " + rootMessage(e));
            return;
        }
        ctx.applyTimers(tx);
        inviteTx = tx;
        dialog = tx.getDialog();
        try {
            tx.sendRequest();
        } catch (SipException | RuntimeException e) {
            // TCP connection refused, or the datagram could not be sent
            failTransport("cannot send the INVITE: " + rootMessage(e));
            return;
        }
        LOG.debug(callId + ": INVITE sent to " + invite.getRequestURI());
        if ("udp".equals(trunk.transport())) {
            scheduleIcmpProbe(tx, 1);
        }
    }

    private void doCancel() {
        switch (phase) {
            case CALLING -> cancelRequested = true; // RFC 3261 section 9.1: wait for a provisional response
            case PROCEEDING -> {
                cancelRequested = true;
                sendCancel();
            }
            default -> {
                // CANCELLING already, or past the answer (BYE is the caller's job), or over
            }
        }
    }

    private void sendCancel() {
        phase = Phase.CANCELLING;
        try {
            Request cancel = inviteTx.createCancel();
            ClientTransaction tx = ctx.provider().getNewClientTransaction(cancel);
            ctx.applyTimers(tx);
            tx.sendRequest();
        } catch (SipException e) {
            LOG.debug(callId + ": CANCEL not sent", e);
        }
        // RFC 3261 section 9.1: without a final response 64*T1 after the CANCEL, consider the INVITE cancelled
        schedule(ctx.config().timers().timerB(), () -> {
            if (phase == Phase.CANCELLING) {
                terminateTransaction(inviteTx);
                report(408, "Request Timeout", SipFailure.TIMEOUT);
            }
        });
    }

    void onResponse(ResponseEvent event) {
        Response response = event.getResponse();
        CSeqHeader cseq = cseq(response);
        ClientTransaction tx = event.getClientTransaction();
        switch (cseq.getMethod()) {
            case Request.INVITE -> {
                if (event.getDialog() != null) {
                    dialog = event.getDialog();
                }
                if ((tx != null && tx == reInviteTx) || cseq.getSeqNumber() == reInviteCseq) {
                    onReInviteResponse(response, tx);
                } else if (cseq.getSeqNumber() == inviteCseq) {
                    onInviteResponse(response);
                } else {
                    LOG.debug(callId + ": stray INVITE response " + response.getStatusCode());
                }
            }
            case Request.BYE -> {
                // matched by CSeq too: a response the stack could not tie to its transaction still ends the call
                boolean ours = (tx != null && tx == byeTx)
                        || (phase == Phase.TERMINATING
                                && byeTx != null
                                && cseq.getSeqNumber()
                                        == cseq(byeTx.getRequest()).getSeqNumber());
                if (ours && response.getStatusCode() >= 200) {
                    ClientTransaction retry = isChallenge(response) ? retryInDialog(response, byeTx) : null;
                    if (retry != null) {
                        byeTx = retry;
                    } else {
                        finish();
                    }
                }
            }
            case Request.INFO -> {
                ClientTransaction retry =
                        tx != null && tx == infoTx && isChallenge(response) ? retryInDialog(response, tx) : null;
                if (retry != null) {
                    infoTx = retry;
                } else if (tx != null && tx == infoTx && response.getStatusCode() >= 200) {
                    if (response.getStatusCode() >= 300) {
                        LOG.debug(callId + ": INFO refused " + response.getStatusCode());
                    }
                    infoTx = null;
                    sendNextInfo();
                }
            }
            default -> {
                // CANCEL's 200 tells nothing: the INVITE's final response decides
            }
        }
    }

    private void onInviteResponse(Response response) {
        int status = response.getStatusCode();
        String reason = response.getReasonPhrase();
        if (status < 200) {
            if (phase == Phase.CALLING) {
                phase = Phase.PROCEEDING;
                cancelTimer();
                if (cancelRequested) {
                    sendCancel();
                }
            }
            if (status == 100 && lastProvisional > 100) {
                return; // a late 100 Trying (UDP reordering) tells nothing new
            }
            lastProvisional = Math.max(lastProvisional, status);
            String sdp = SipContext.sdp(response);
            // a retransmitted provisional (the far end answers our INVITE retransmission again) is reported once
            String key = status + "/" + toTag(response) + "/" + (sdp == null ? 0 : sdp.hashCode());
            if (key.equals(lastProvisionalKey)) {
                return;
            }
            lastProvisionalKey = key;
            if (phase == Phase.PROCEEDING || phase == Phase.CANCELLING) {
                notify(() -> listener.provisional(status, reason, sdp));
            }
            return;
        }
        if (status < 300) {
            onInvite2xx(response);
            return;
        }
        if (phase == Phase.CALLING || phase == Phase.PROCEEDING || phase == Phase.CANCELLING) {
            cancelTimer();
            if ((status == 401 || status == 407) && !cancelRequested && retryWithCredentials(response)) {
                return;
            }
            report(status, reason, SipFailure.REJECTED);
        }
    }

    private void onInvite2xx(Response response) {
        long cseqNo = cseq(response).getSeqNumber();
        LOG.debug(callId + ": 2xx in phase " + phase);
        switch (phase) {
            case CALLING, PROCEEDING, CANCELLING -> {
                cancelTimer();
                if (!sendAck(cseqNo)) {
                    finish();
                    return;
                }
                phase = Phase.CONFIRMED;
                if (cancelRequested) {
                    // RFC 3261 section 9.1 / 15: the callee answered despite our CANCEL; ACK it, then BYE it
                    LOG.debug(callId + ": 200 OK after CANCEL, sending BYE");
                    sendBye();
                    return;
                }
                String sdp = SipContext.sdp(response);
                notify(() -> listener.answered(sdp));
            }
            case CONFIRMED, TERMINATING -> resendAck(); // RFC 3261 section 13.2.2.4: ACK each 2xx retransmission
            default -> {}
        }
    }

    private boolean sendAck(long cseqNo) {
        try {
            Request ack = dialog.createAck(cseqNo);
            dialog.sendAck(ack);
            lastAck = ack;
            return true;
        } catch (SipException | InvalidArgumentException | RuntimeException e) {
            LOG.warn(callId + ": ACK not sent", e);
            return false;
        }
    }

    private void resendAck() {
        if (lastAck == null || dialog == null) {
            return;
        }
        try {
            dialog.sendAck(lastAck);
        } catch (SipException | RuntimeException e) {
            LOG.debug(callId + ": ACK retransmission not sent", e);
        }
    }

    /**
     * RFC 3261 section 22.2: answer a 401/407 with credentials, once per challenge. A second challenge carrying a
     * nonce we already answered means the credentials are wrong: the call fails with that response.
     */
    private boolean retryWithCredentials(Response response) {
        Request retry = (Request) invite.clone();
        if (!credentials.answer(retry, response)) {
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
        phase = Phase.CALLING;
        lastProvisional = 0;
        lastProvisionalKey = null;
        LOG.debug(callId + ": answering the " + response.getStatusCode() + " challenge");
        sendInvite();
        return true;
    }

    private static boolean isChallenge(Response r) {
        return r.getStatusCode() == 401 || r.getStatusCode() == 407;
    }

    /**
     * RFC 3261 section 22.2 inside the dialog: a challenged BYE, INFO or re-INVITE is sent again as a new request of
     * the dialog (next CSeq) with the same body and credentials. Returns the new transaction, or null.
     */
    private ClientTransaction retryInDialog(Response challenge, ClientTransaction tx) {
        if (dialog == null || tx == null) {
            return null;
        }
        Request original = tx.getRequest();
        try {
            Request retry = dialog.createRequest(original.getMethod());
            for (String name : new String[] {
                "Contact", "User-Agent", "Allow", AuthorizationHeader.NAME, ProxyAuthorizationHeader.NAME
            }) {
                ListIterator<?> it = original.getHeaders(name);
                retry.removeHeader(name);
                while (it.hasNext()) {
                    retry.addHeader((javax.sip.header.Header) it.next());
                }
            }
            if (original.getRawContent() != null) {
                retry.setContent(
                        original.getRawContent(), (ContentTypeHeader) original.getHeader(ContentTypeHeader.NAME));
            }
            if (!credentials.answer(retry, challenge)) {
                return null;
            }
            ClientTransaction ct = ctx.provider().getNewClientTransaction(retry);
            ctx.applyTimers(ct);
            dialog.sendRequest(ct);
            LOG.debug(callId + ": " + original.getMethod() + " challenged, sent again with credentials");
            return ct;
        } catch (SipException | java.text.ParseException | RuntimeException e) {
            LOG.debug(callId + ": challenged " + original.getMethod() + " not sent again", e);
            return null;
        }
    }

    void onTimeout(TimeoutEvent event) {
        ClientTransaction tx = event.getClientTransaction();
        if (tx == null) {
            return;
        }
        if (tx == inviteTx && (phase == Phase.CALLING || phase == Phase.PROCEEDING || phase == Phase.CANCELLING)) {
            // timer B (RFC 3261 section 17.1.1.2); the stack reports it as a timeout, RFC 3261 section 8.1.3.1: 408
            report(408, "Request Timeout", SipFailure.TIMEOUT);
        } else if (tx == reInviteTx) {
            reInviteTx = null;
            reInviteBusy = false;
            notify(() -> listener.reInviteResult(408, null));
        } else if (tx == byeTx) {
            finish();
        } else if (tx == infoTx) {
            infoTx = null;
            sendNextInfo();
        }
    }

    /**
     * The stack ended a client transaction. For the INVITE before the answer this normally follows the final
     * response we already handled; but when the stack hit an error while processing that response (e.g. the TCP
     * connection closed by the peer while the stack sent the ACK of a 487) the response never reached us: use the
     * transaction's last response then, so the call cannot hang until a guard timer.
     */
    void onTransactionTerminated(ClientTransaction tx) {
        if (tx == byeTx && phase == Phase.TERMINATING) {
            finish(); // the BYE's transaction is over, whatever came back
            return;
        }
        if (tx != inviteTx || !(phase == Phase.CALLING || phase == Phase.PROCEEDING || phase == Phase.CANCELLING)) {
            return;
        }
        Response last =
                tx instanceof gov.nist.javax.sip.stack.SIPClientTransaction nist ? nist.getLastResponse() : null;
        if (last != null && last.getStatusCode() >= 300) {
            LOG.debug(callId + ": final response " + last.getStatusCode() + " taken from the ended transaction");
            onInviteResponse(last);
        } else if (last == null || last.getStatusCode() < 200) {
            failTransport("the INVITE transaction ended without a final response");
        }
    }

    /**
     * The stack could not send to or read from {@code host:port} (e.g. a TCP connection the peer closed): the
     * transactions waiting on that peer would otherwise only end at their timeout.
     */
    void onTransportError(String host, int port) {
        if (phase == Phase.TERMINATING && sentTo(byeTx, host, port)) {
            finish();
        } else if (phase == Phase.CALLING && sentTo(inviteTx, host, port)) {
            failTransport("I/O error with " + host + ":" + port);
        }
    }

    private static boolean sentTo(ClientTransaction tx, String host, int port) {
        if (!(tx instanceof TransactionExt ext)) {
            return false;
        }
        try {
            return ext.getPeerPort() == port
                    && java.net.InetAddress.getByName(ext.getPeerAddress())
                            .equals(java.net.InetAddress.getByName(host));
        } catch (java.net.UnknownHostException | RuntimeException e) {
            return false;
        }
    }

    private void failTransport(String detail) {
        LOG.debug(callId + ": transport failure: " + detail);
        terminateTransaction(inviteTx);
        // RFC 3261 section 8.1.3.1: a transport failure is treated as a 503 Service Unavailable
        report(503, "Service Unavailable (" + detail + ")", SipFailure.TRANSPORT);
    }

    private void report(int status, String reason, SipFailure kind) {
        if (phase == Phase.TERMINATED) {
            return;
        }
        notify(() -> listener.failed(status, reason, kind));
        finish();
    }

    // ---- ICMP probe on UDP ------------------------------------------------------------------------------------

    private void scheduleIcmpProbe(ClientTransaction tx, int attempt) {
        schedule(ctx.config().timers().icmpProbe(), () -> {
            if (tx != inviteTx || phase != Phase.CALLING || !(tx instanceof TransactionExt ext)) {
                return;
            }
            InetSocketAddress peer = new InetSocketAddress(ext.getPeerAddress(), ext.getPeerPort());
            Duration wait = ctx.config().timers().t1();
            runOnPool(() -> {
                boolean unreachable = IcmpProbe.portUnreachable(peer, wait);
                executor.execute(() -> {
                    if (tx != inviteTx || phase != Phase.CALLING) {
                        return;
                    }
                    if (unreachable) {
                        failTransport("ICMP port unreachable from " + peer);
                    } else if (attempt < MAX_ICMP_PROBES) {
                        scheduleIcmpProbe(tx, attempt + 1);
                    }
                });
            });
        });
    }

    // ---- the dialog -------------------------------------------------------------------------------------------

    private void sendBye() {
        phase = Phase.TERMINATING;
        try {
            Request bye = dialog.createRequest(Request.BYE);
            bye.addHeader(ctx.userAgent());
            ClientTransaction tx = ctx.provider().getNewClientTransaction(bye);
            ctx.applyTimers(tx);
            byeTx = tx;
            dialog.sendRequest(tx);
        } catch (SipException | RuntimeException e) {
            LOG.debug(callId + ": BYE not sent", e);
            finish();
        }
    }

    private void sendReInvite() {
        try {
            Request reinvite = dialog.createRequest(Request.INVITE);
            reinvite.addHeader(ctx.contact(contactUser, trunk.transport()));
            reinvite.addHeader(ctx.userAgent());
            ctx.addAllow(reinvite);
            ctx.setBody(reinvite, "application/sdp", reInviteSdp);
            ClientTransaction tx = ctx.provider().getNewClientTransaction(reinvite);
            ctx.applyTimers(tx);
            reInviteTx = tx;
            reInviteCseq = cseq(reinvite).getSeqNumber();
            dialog.sendRequest(tx);
        } catch (SipException | RuntimeException e) {
            LOG.debug(callId + ": re-INVITE not sent", e);
            reInviteTx = null;
            reInviteBusy = false;
            notify(() -> listener.reInviteResult(500, null));
        }
    }

    private void onReInviteResponse(Response response, ClientTransaction tx) {
        int status = response.getStatusCode();
        if (status < 200) {
            return;
        }
        if (tx == null || tx != reInviteTx) {
            if (status < 300) {
                resendAck();
            }
            return;
        }
        if (isChallenge(response)) {
            ClientTransaction retry = retryInDialog(response, tx);
            if (retry != null) {
                reInviteTx = retry;
                reInviteCseq = cseq(retry.getRequest()).getSeqNumber();
                return;
            }
        }
        reInviteTx = null;
        if (status < 300) {
            sendAck(cseq(response).getSeqNumber());
            reInviteBusy = false;
            String sdp = SipContext.sdp(response);
            notify(() -> listener.reInviteResult(status, sdp));
        } else if (status == 491 && !glareRetried) {
            // RFC 3261 section 14.1: we own the Call-ID, so retry after 2.1-4 s (in 10 ms units)
            glareRetried = true;
            schedule(glareDelay(), () -> {
                if (phase == Phase.CONFIRMED && remoteReInvite == null) {
                    sendReInvite();
                } else {
                    reInviteBusy = false;
                    notify(() -> listener.reInviteResult(491, null));
                }
            });
        } else {
            reInviteBusy = false;
            notify(() -> listener.reInviteResult(status, null));
        }
    }

    private Duration glareDelay() {
        long min = ctx.config().timers().glareMin().toMillis();
        long max = ctx.config().timers().glareMax().toMillis();
        long steps = Math.max(0, (max - min) / 10);
        return Duration.ofMillis(min + 10 * ThreadLocalRandom.current().nextLong(steps + 1));
    }

    private void sendNextInfo() {
        if (infoTx != null || infoQueue.isEmpty() || phase != Phase.CONFIRMED) {
            return;
        }
        String body = infoQueue.poll();
        try {
            Request info = dialog.createRequest(Request.INFO);
            info.addHeader(ctx.userAgent());
            ctx.setBody(info, DtmfInfo.DTMF_RELAY, body);
            ClientTransaction tx = ctx.provider().getNewClientTransaction(info);
            ctx.applyTimers(tx);
            infoTx = tx;
            dialog.sendRequest(tx);
        } catch (SipException | RuntimeException e) {
            LOG.debug(callId + ": INFO not sent", e);
            infoTx = null;
        }
    }

    /** A request from the far end inside our dialog (the server transaction already exists, except for ACK). */
    void onRequest(Request request, ServerTransaction st) {
        switch (request.getMethod()) {
            case Request.ACK -> {
                // ACK of our 200 to a re-INVITE: nothing to do
            }
            case Request.BYE -> onRemoteBye(st);
            case Request.INVITE -> onRemoteReInvite(request, st);
            case Request.INFO -> onInfo(request, st);
            case Request.OPTIONS -> responses.respond(st, Response.OK, null);
            case Request.CANCEL -> onRemoteCancel(st);
            default -> responses.respond(st, Response.METHOD_NOT_ALLOWED, null);
        }
    }

    private void onRemoteBye(ServerTransaction st) {
        responses.respond(st, Response.OK, null);
        if (phase == Phase.CONFIRMED) {
            notify(listener::remoteBye);
            finish();
        }
        // TERMINATING: our own BYE crossed it and its response ends the call; before the answer the INVITE's
        // final response does
    }

    private void onRemoteReInvite(Request request, ServerTransaction st) {
        if (phase != Phase.CONFIRMED || reInviteBusy) {
            // RFC 3261 section 14.2: a re-INVITE while ours is pending gets 491
            responses.respond(st, Response.REQUEST_PENDING, null);
            return;
        }
        if (remoteReInvite != null) {
            // RFC 3261 section 14.2: a second re-INVITE before we answered the first gets 500 + Retry-After
            Response r = responses.create(st, Response.SERVER_INTERNAL_ERROR);
            if (r != null) {
                r.addHeader(ctx.header(
                        "Retry-After",
                        String.valueOf(ThreadLocalRandom.current().nextInt(11))));
                responses.send(st, r);
            }
            return;
        }
        remoteReInvite = st;
        String sdp = SipContext.sdp(request);
        ReInviteResponder responder = new Responder(st);
        notify(() -> listener.remoteReInvite(sdp, responder));
    }

    private void onRemoteCancel(ServerTransaction cancelTx) {
        responses.respond(cancelTx, Response.OK, null);
        if (remoteReInvite != null) {
            responses.respond(remoteReInvite, Response.REQUEST_TERMINATED, null);
            remoteReInvite = null;
        }
    }

    private void onInfo(Request request, ServerTransaction st) {
        ContentTypeHeader ct = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
        String body = SipContext.body(request);
        String type = ct == null ? null : ct.getContentType() + "/" + ct.getContentSubType();
        char digit = DtmfInfo.parse(type, body);
        if (digit != 0) {
            responses.respond(st, Response.OK, null);
            notify(() -> listener.infoDtmf(digit));
        } else if (body == null) {
            responses.respond(st, Response.OK, null); // an empty INFO is a keep-alive probe for some devices
        } else {
            Response r = responses.create(st, Response.UNSUPPORTED_MEDIA_TYPE);
            if (r != null) {
                r.addHeader(ctx.header("Accept", DtmfInfo.DTMF_RELAY + ", " + DtmfInfo.DTMF));
                responses.send(st, r);
            }
        }
    }

    /** Answers one remote re-INVITE, once, from any thread. */
    private final class Responder implements ReInviteResponder {
        private final ServerTransaction st;
        private final AtomicBoolean used = new AtomicBoolean();

        Responder(ServerTransaction st) {
            this.st = st;
        }

        @Override
        public void accept(String sdpAnswer) {
            if (used.compareAndSet(false, true)) {
                executor.execute(() -> {
                    if (remoteReInvite == st) {
                        remoteReInvite = null;
                        responses.respond(st, Response.OK, sdpAnswer);
                    }
                });
            }
        }

        @Override
        public void reject(int status) {
            if (status < 300 || status > 699) {
                throw new IllegalArgumentException("not an error status: " + status);
            }
            if (used.compareAndSet(false, true)) {
                executor.execute(() -> {
                    if (remoteReInvite == st) {
                        remoteReInvite = null;
                        responses.respond(st, status, null);
                    }
                });
            }
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private void schedule(Duration delay, Runnable task) {
        cancelTimer();
        try {
            timer = ctx.scheduler().schedule(() -> executor.execute(task), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            timer = null;
        }
    }

    private void runOnPool(Runnable task) {
        try {
            ctx.pool().execute(task);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // closing
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void finish() {
        if (phase == Phase.TERMINATED) {
            return;
        }
        phase = Phase.TERMINATED;
        cancelTimer();
        infoQueue.clear();
        onTerminated.accept(this);
        LOG.debug(callId + ": terminated");
        notify(listener::terminated);
    }

    private void terminateTransaction(ClientTransaction tx) {
        if (tx == null) {
            return;
        }
        try {
            tx.terminate();
        } catch (ObjectInUseException | RuntimeException e) {
            LOG.debug(callId + ": transaction not terminated", e);
        }
        Dialog d = tx.getDialog();
        if (d != null && phase != Phase.CONFIRMED) {
            d.delete();
        }
    }

    /** A bug in a call task must still end the call (once), never leave it hanging. */
    private void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.warn(callId + ": internal error", e);
            if (phase != Phase.TERMINATED && phase != Phase.CONFIRMED) {
                terminateTransaction(inviteTx);
                report(500, "Internal error: " + e, SipFailure.REJECTED);
            } else if (phase == Phase.CONFIRMED) {
                sendBye();
            }
        }
    }

    private void notify(Runnable event) {
        try {
            event.run();
        } catch (RuntimeException e) {
            LOG.warn(callId + ": SipCallListener threw", e);
        }
    }

    private static String toTag(Response r) {
        javax.sip.header.ToHeader to = (javax.sip.header.ToHeader) r.getHeader(javax.sip.header.ToHeader.NAME);
        return to == null ? null : to.getTag();
    }

    private static CSeqHeader cseq(javax.sip.message.Message m) {
        return (CSeqHeader) m.getHeader(CSeqHeader.NAME);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
