package io.dialout.gateway.sip;

import gov.nist.javax.sip.TransactionExt;
import java.time.Duration;
import java.util.ListIterator;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.InvalidArgumentException;
import javax.sip.ObjectInUseException;
import javax.sip.SipException;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.jboss.logging.Logger;

/**
 * What the parts of one call share: who it is, its serial executor and listener, and its dialog (the ACK we sent
 * last, in-dialog requests and their Digest retry). Confined to the call's executor like the parts themselves.
 */
final class CallScope {

    private static final Logger LOG = Logger.getLogger(CallScope.class);

    final SipContext ctx;
    final String callId;
    final Trunk trunk;
    final String contactUser;
    final SipCallListener listener;
    final Executor executor;
    final CallCredentials credentials;
    final ServerResponses responses;

    /** The dialog of the INVITE (early, then confirmed); null until the INVITE has a transaction. */
    volatile Dialog dialog;

    /** Where the dialog's requests may go (issue 14 item 4e); set once by the call right after this scope. */
    InDialogTargets targets;

    /** The Reason header value (RFC 3326) our BYE carries, or null. */
    String byeReason;

    private Request lastAck;

    CallScope(
            SipContext ctx,
            String callId,
            Trunk trunk,
            String contactUser,
            SipCallListener listener,
            Executor executor) {
        this.ctx = ctx;
        this.callId = callId;
        this.trunk = trunk;
        this.contactUser = contactUser;
        this.listener = listener;
        this.executor = executor;
        this.credentials = new CallCredentials(trunk, ctx);
        this.responses = new ServerResponses(ctx, contactUser, trunk.transport(), callId);
    }

    /** Calls the listener; a listener that throws is logged, never allowed to break the call. */
    void notify(Runnable event) {
        try {
            event.run();
        } catch (RuntimeException e) {
            LOG.warn(callId + ": SipCallListener threw", e);
        }
    }

    /** ACKs the 2xx of the INVITE (or re-INVITE) with this CSeq; false when it could not be sent. */
    boolean sendAck(long cseqNo) {
        try {
            Request ack = dialog.createAck(cseqNo);
            targets.guard(ack);
            SipTlsProperties.keepTls(ack, trunk);
            dialog.sendAck(ack);
            lastAck = ack;
            return true;
        } catch (SipException | InvalidArgumentException | RuntimeException e) {
            LOG.warn(callId + ": ACK not sent", e);
            return false;
        }
    }

    /** RFC 3261 section 13.2.2.4: every retransmission of a 2xx is ACKed again (with the ACK we sent last). */
    void resendAck() {
        if (lastAck == null || dialog == null) {
            return;
        }
        try {
            dialog.sendAck(lastAck);
        } catch (SipException | RuntimeException e) {
            LOG.debug(callId + ": ACK retransmission not sent", e);
        }
    }

    /** Sends a request of the dialog built by {@code fill}; returns its transaction. */
    ClientTransaction sendInDialog(String method, RequestFiller fill) throws SipException {
        Request request = withoutCredentials(dialog.createRequest(method));
        targets.guard(request);
        SipTlsProperties.keepTls(request, trunk);
        fill.fill(request);
        ClientTransaction tx = ctx.provider().getNewClientTransaction(request);
        ctx.applyTimers(tx);
        dialog.sendRequest(tx);
        return tx;
    }

    /** Adds headers and a body to an in-dialog request before it is sent. */
    @FunctionalInterface
    interface RequestFiller {
        void fill(Request request);
    }

    /**
     * RFC 3261 section 22.2 inside the dialog: a challenged BYE, INFO or re-INVITE is sent again as a new request of
     * the dialog (next CSeq) with the same body and credentials answering this challenge only. Returns the new
     * transaction, or null.
     */
    ClientTransaction retryInDialog(Response challenge, ClientTransaction tx) {
        if (dialog == null || tx == null) {
            return null;
        }
        Request original = tx.getRequest();
        try {
            Request retry = withoutCredentials(dialog.createRequest(original.getMethod()));
            targets.guard(retry);
            SipTlsProperties.keepTls(retry, trunk);
            for (String name : new String[] {"Contact", "User-Agent", "Allow", "Reason"}) {
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

    /**
     * RFC 3261 section 22.1 and RFC 7616 section 3.4: credentials are computed for one request (method, URI, nonce
     * count, cnonce), so an in-dialog request carries none until it is challenged. The stack copies the last
     * Proxy-Authorization sent in the dialog into every request it builds (a replay with a digest for another method,
     * which proxies count as a failed login); it is removed here. The ACK of a 2xx keeps the INVITE's credentials
     * (RFC 3261 section 13.2.2.4) and is not built by this method.
     */
    static Request withoutCredentials(Request request) {
        request.removeHeader(ProxyAuthorizationHeader.NAME);
        request.removeHeader(AuthorizationHeader.NAME);
        return request;
    }

    /** Ends a client transaction at once; {@code deleteDialog} also drops its (early) dialog. */
    void terminate(ClientTransaction tx, boolean deleteDialog) {
        if (tx == null) {
            return;
        }
        try {
            tx.terminate();
        } catch (ObjectInUseException | RuntimeException e) {
            LOG.debug(callId + ": transaction not terminated", e);
        }
        Dialog d = tx.getDialog();
        if (d != null && deleteDialog) {
            d.delete();
        }
    }

    /** Runs a blocking task on the user agent's pool (nothing when it is closing). */
    void runOnPool(Runnable task) {
        try {
            ctx.pool().execute(task);
        } catch (RejectedExecutionException closed) {
            // closing
        }
    }

    Timer newTimer() {
        return new Timer();
    }

    /** One pending task on the call's executor; scheduling again replaces it. */
    final class Timer {
        private ScheduledFuture<?> future;

        void schedule(Duration delay, Runnable task) {
            cancel();
            try {
                future =
                        ctx.scheduler().schedule(() -> executor.execute(task), delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closed) {
                future = null;
            }
        }

        void cancel() {
            if (future != null) {
                future.cancel(false);
                future = null;
            }
        }
    }

    static boolean isChallenge(Response r) {
        return r.getStatusCode() == 401 || r.getStatusCode() == 407;
    }

    static CSeqHeader cseq(Message m) {
        return (CSeqHeader) m.getHeader(CSeqHeader.NAME);
    }

    /** Whether this client transaction was sent to {@code host:port}. */
    static boolean sentTo(ClientTransaction tx, String host, int port) {
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

    /** The innermost cause, for a failure's reason phrase. */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
