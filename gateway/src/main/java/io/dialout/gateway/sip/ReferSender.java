package io.dialout.gateway.sip;

import javax.sip.ClientTransaction;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.header.SubscriptionStateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.jboss.logging.Logger;

/**
 * Our REFER to the far end (RFC 3515: the room transfers the callee), its final response, and the far end's NOTIFYs
 * of the implicit subscription (their {@code message/sipfrag} status lines). The transferor's part after a 200
 * sipfrag is the transferee's BYE (RFC 5589 section 6), which ends the call as any BYE does. One REFER at a time.
 */
final class ReferSender {

    private static final Logger LOG = Logger.getLogger(ReferSender.class);

    private final CallScope call;
    private final java.util.function.BooleanSupplier confirmed;
    private ClientTransaction referTx;

    ReferSender(CallScope call, java.util.function.BooleanSupplier confirmed) {
        this.call = call;
        this.confirmed = confirmed;
    }

    /** Sends the REFER; the outcome comes through {@link SipCallListener#referAnswered}. */
    void send(String referTo) {
        if (!confirmed.getAsBoolean() || call.dialog == null) {
            call.notify(() -> call.listener.referAnswered(481, "no confirmed dialog"));
            return;
        }
        if (referTx != null) {
            call.notify(() -> call.listener.referAnswered(491, "a REFER is already in progress"));
            return;
        }
        try {
            referTx = call.sendInDialog(Request.REFER, r -> {
                r.addHeader(call.ctx.header("Refer-To", "<" + referTo + ">"));
                // RFC 3892: who asks for the transfer; our own address, as in our Contact
                r.addHeader(call.ctx.header(
                        "Referred-By",
                        "<sip:" + call.contactUser + "@" + call.ctx.config().advertisedAddress() + ">"));
                r.addHeader(call.ctx.contact(call.contactUser, call.trunk.transport()));
                r.addHeader(call.ctx.userAgent());
            });
        } catch (SipException | RuntimeException e) {
            LOG.debug(call.callId + ": REFER not sent", e);
            call.notify(() -> call.listener.referAnswered(500, "REFER not sent: " + e.getMessage()));
        }
    }

    /** A response to a REFER; false when it is not ours. */
    boolean onResponse(Response response, ClientTransaction tx) {
        if (referTx == null || tx != referTx) {
            return false;
        }
        int status = response.getStatusCode();
        if (status < 200) {
            return true;
        }
        if (CallScope.isChallenge(response)) {
            ClientTransaction retry = call.retryInDialog(response, tx);
            if (retry != null) {
                referTx = retry;
                return true;
            }
        }
        if (status >= 300) {
            referTx = null; // refused: the call goes on, another transfer may be tried
        }
        String reason = response.getReasonPhrase();
        call.notify(() -> call.listener.referAnswered(status, reason));
        return true;
    }

    boolean onTimeout(ClientTransaction tx) {
        if (referTx == null || tx != referTx) {
            return false;
        }
        referTx = null;
        call.notify(() -> call.listener.referAnswered(408, "Request Timeout"));
        return true;
    }

    /** The far end's NOTIFY (RFC 3515 section 2.4.5): answered 200, its sipfrag reported. */
    void onNotify(Request notify, ServerTransaction st) {
        String event = notify.getHeader("Event") == null
                ? ""
                : notify.getHeader("Event").toString();
        if (!event.toLowerCase(java.util.Locale.ROOT).contains("refer")) {
            call.responses.respond(st, 489, null); // RFC 6665 section 8.3.1: Bad Event
            return;
        }
        call.responses.respond(st, Response.OK, null);
        Sipfrag.Status status = Sipfrag.is(notify) ? Sipfrag.parse(SipContext.body(notify)) : null;
        SubscriptionStateHeader state = (SubscriptionStateHeader) notify.getHeader(SubscriptionStateHeader.NAME);
        boolean terminated = state != null && "terminated".equalsIgnoreCase(state.getState());
        if (status == null) {
            LOG.debug(call.callId + ": NOTIFY without a sipfrag status line");
            return;
        }
        if (terminated || status.code() >= 200) {
            referTx = null;
        }
        call.notify(() -> call.listener.referNotified(status.code(), status.reason(), terminated));
    }
}
