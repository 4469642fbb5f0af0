package io.dialout.gateway.sip;

import io.dialout.gateway.sip.InfoTransitions.Event;
import io.dialout.gateway.sip.InfoTransitions.State;
import io.dialout.gateway.sip.InfoTransitions.Step;
import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;
import javax.sip.ClientTransaction;
import javax.sip.SipException;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.jboss.logging.Logger;

/**
 * Sends DTMF digits by SIP INFO ({@code application/dtmf-relay}), one at a time and in order. What to do is
 * decided by {@link InfoTransitions}.
 */
final class InfoSender {

    private static final Logger LOG = Logger.getLogger(InfoSender.class);
    /**
     * Digits waiting for the INFO in flight, at most (the RTP path's bound): a callee slow to answer INFO must not
     * let the queue grow for the length of the call (issue 14).
     */
    static final int MAX_QUEUED = io.dialout.media.dtmf.DtmfSender.MAX_QUEUED;

    private final CallScope call;
    private final BooleanSupplier confirmed;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private State state = State.IDLE;
    private ClientTransaction tx;

    /** {@code confirmed} tells whether the dialog is up (2xx ACKed, no BYE yet). */
    InfoSender(CallScope call, BooleanSupplier confirmed) {
        this.call = call;
        this.confirmed = confirmed;
    }

    /** Queues one INFO body and sends it when the one in flight is done. */
    void send(String body) {
        fire(Event.DIGIT, body);
    }

    void onResponse(Response response, ClientTransaction responseTx) {
        if (responseTx == null || responseTx != tx) {
            return;
        }
        ClientTransaction retry = CallScope.isChallenge(response) ? call.retryInDialog(response, responseTx) : null;
        if (retry != null) {
            tx = retry;
        } else if (response.getStatusCode() >= 200) {
            if (response.getStatusCode() >= 300) {
                LOG.debug(call.callId + ": INFO refused " + response.getStatusCode());
            }
            tx = null;
            fire(Event.DONE, null);
        }
    }

    /** The stack's timeout of a client transaction; false when it is not our INFO. */
    boolean onTimeout(ClientTransaction timedOut) {
        if (timedOut != tx) {
            return false;
        }
        tx = null;
        fire(Event.DONE, null);
        return true;
    }

    /** The call is over: the digits not sent are dropped. */
    void clear() {
        queue.clear();
    }

    private void fire(Event e, String body) {
        Step step = InfoTransitions.on(state, confirmed.getAsBoolean(), !queue.isEmpty(), e);
        state = step.next();
        for (InfoTransitions.Action a : step.actions()) {
            switch (a) {
                case QUEUE -> {
                    if (queue.size() < MAX_QUEUED) {
                        queue.add(body);
                    } else {
                        LOG.debug(call.callId + ": INFO DTMF dropped, " + MAX_QUEUED + " digits wait already");
                    }
                }
                case DROP -> LOG.debug(call.callId + ": INFO DTMF dropped, call not answered");
                case SEND_NEXT -> sendNext();
            }
        }
    }

    private void sendNext() {
        String body = queue.poll();
        try {
            tx = call.sendInDialog(Request.INFO, info -> {
                info.addHeader(call.ctx.userAgent());
                call.ctx.setBody(info, DtmfInfo.DTMF_RELAY, body);
            });
        } catch (SipException | RuntimeException e) {
            LOG.debug(call.callId + ": INFO not sent", e);
            tx = null;
            fire(Event.NOT_SENT, null);
        }
    }
}
