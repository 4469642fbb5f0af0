package io.dialout.gateway.sip;

import static io.dialout.gateway.sip.CallScope.cseq;

import io.dialout.gateway.sip.SessionTimer.Action;
import io.dialout.gateway.sip.SessionTimer.Event;
import io.dialout.gateway.sip.SessionTimer.Negotiated;
import io.dialout.gateway.sip.SessionTimer.Role;
import io.dialout.gateway.sip.SessionTimer.State;
import io.dialout.gateway.sip.SessionTimer.Step;
import java.util.ListIterator;
import javax.sip.ClientTransaction;
import javax.sip.SipException;
import javax.sip.header.AllowHeader;
import javax.sip.header.Header;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.jboss.logging.Logger;

/**
 * The session timer of one dialog (RFC 4028): reads what the 2xx negotiated, refreshes by UPDATE (when the far end
 * allows it) or re-INVITE when we are the refresher, answers the far end's refreshes with the timer headers, and ends
 * the call when no refresh comes. What to do is decided by {@link SessionTimer}.
 */
final class SessionRefresh {

    private static final Logger LOG = Logger.getLogger(SessionRefresh.class);

    static final String SESSION_EXPIRES = "Session-Expires";
    static final String MIN_SE = "Min-SE";

    private final CallScope call;
    private final SessionTimer.Settings settings;
    private final Runnable expire;
    private final CallScope.Timer refreshTimer;
    private final CallScope.Timer expiryTimer;

    private State state = State.OFF;
    private Negotiated negotiated = Negotiated.NONE;
    private boolean updateAllowed;
    private String currentSdp;
    private ClientTransaction tx;
    private long cseqNo = -1;

    /** {@code expire} tells the listener and BYEs the dialog (RFC 4028 section 10). */
    SessionRefresh(CallScope call, SessionTimer.Settings settings, String initialSdp, Runnable expire) {
        this.call = call;
        this.settings = settings;
        this.currentSdp = initialSdp;
        this.expire = expire;
        this.refreshTimer = call.newTimer();
        this.expiryTimer = call.newTimer();
    }

    /** The SDP a refresh re-INVITE repeats: the last offer we made. */
    void currentSdp(String sdp) {
        if (sdp != null) {
            currentSdp = sdp;
        }
    }

    /** The 2xx of the INVITE (the first one: the dialog is confirmed). */
    void answered(Response ok) {
        updateAllowed = allows(ok, Request.UPDATE);
        negotiate(SessionTimer.fromResponseToUs(value(ok, SESSION_EXPIRES)));
    }

    void stop() {
        fire(Event.ENDED, Negotiated.NONE);
    }

    /**
     * Our 2xx to the far end's re-INVITE or UPDATE is about to go out: it was a refresh (RFC 4028 section 9), so the
     * new terms apply, and the 2xx carries them.
     */
    void answeringRefresh(Request request, Response ok) {
        Negotiated n = SessionTimer.fromRequestToUs(value(request, SESSION_EXPIRES), negotiated);
        if (n.role() != Role.NONE) {
            ok.addHeader(call.ctx.header("Require", "timer"));
            ok.addHeader(call.ctx.header(SESSION_EXPIRES, SessionTimer.answerValue(n)));
        }
        negotiate(n);
    }

    boolean owns(ClientTransaction responseTx, String method, long responseCseq) {
        return (responseTx != null && responseTx == tx)
                || (responseCseq == cseqNo && (Request.UPDATE.equals(method) || Request.INVITE.equals(method)));
    }

    /** A response to our refresh. */
    void onResponse(Response response, ClientTransaction responseTx) {
        int status = response.getStatusCode();
        if (status < 200) {
            return;
        }
        boolean invite = Request.INVITE.equals(cseq(response).getMethod());
        if (responseTx == null || responseTx != tx) {
            if (invite && status < 300) {
                call.resendAck();
            }
            return;
        }
        if (CallScope.isChallenge(response)) {
            ClientTransaction retry = call.retryInDialog(response, responseTx);
            if (retry != null) {
                tx = retry;
                cseqNo = cseq(retry.getRequest()).getSeqNumber();
                return;
            }
        }
        tx = null;
        if (status < 300) {
            if (invite) {
                call.sendAck(cseq(response).getSeqNumber());
            }
            negotiate(SessionTimer.fromResponseToUs(value(response, SESSION_EXPIRES)));
        } else if (status == Response.REQUEST_TIMEOUT || status == Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST) {
            fire(Event.REFRESH_FATAL, Negotiated.NONE);
        } else {
            LOG.debug(call.callId + ": session refresh refused " + status);
            fire(Event.REFRESH_REFUSED, Negotiated.NONE);
        }
    }

    /** RFC 4028 section 10: a refresh that times out ends the session. */
    boolean onTimeout(ClientTransaction timedOut) {
        if (timedOut == null || timedOut != tx) {
            return false;
        }
        tx = null;
        fire(Event.REFRESH_FATAL, Negotiated.NONE);
        return true;
    }

    // ---- the state machine ----------------------------------------------------------------------------------

    private void negotiate(Negotiated n) {
        negotiated = n;
        fire(Event.NEGOTIATED, n);
    }

    private void fire(Event e, Negotiated n) {
        Step step = SessionTimer.on(state, e, n);
        state = step.next();
        for (Action a : step.actions()) {
            switch (a) {
                case DISARM -> {
                    refreshTimer.cancel();
                    expiryTimer.cancel();
                }
                case ARM_REFRESH ->
                    refreshTimer.schedule(
                            SessionTimer.refreshDelay(negotiated.interval()),
                            () -> fire(Event.REFRESH_DUE, Negotiated.NONE));
                case ARM_EXPIRY ->
                    expiryTimer.schedule(
                            SessionTimer.expiryDelay(negotiated.interval()),
                            () -> fire(Event.EXPIRED, Negotiated.NONE));
                case SEND_REFRESH -> sendRefresh();
                case EXPIRE -> {
                    LOG.debug(call.callId + ": session expired (RFC 4028 section 10)");
                    expire.run();
                }
            }
        }
    }

    /** RFC 4028 section 7.4: UPDATE without a body when the far end allows it, else a re-INVITE with the same SDP. */
    private void sendRefresh() {
        String method = updateAllowed ? Request.UPDATE : Request.INVITE;
        try {
            tx = call.sendInDialog(method, r -> {
                r.addHeader(call.ctx.contact(call.contactUser, call.trunk.transport()));
                r.addHeader(call.ctx.userAgent());
                r.addHeader(call.ctx.header("Supported", "timer"));
                r.addHeader(call.ctx.header(SESSION_EXPIRES, SessionTimer.refreshValue(negotiated)));
                r.addHeader(call.ctx.header(MIN_SE, String.valueOf(settings.minSe())));
                call.ctx.addAllow(r);
                if (Request.INVITE.equals(method) && currentSdp != null) {
                    call.ctx.setBody(r, "application/sdp", currentSdp);
                }
                cseqNo = cseq(r).getSeqNumber();
            });
            LOG.debug(call.callId + ": session refresh sent by " + method);
        } catch (SipException | RuntimeException e) {
            LOG.debug(call.callId + ": session refresh not sent", e);
            tx = null;
            fire(Event.REFRESH_REFUSED, Negotiated.NONE);
        }
    }

    /**
     * RFC 4028 section 7.2: after a 422, the INVITE goes again with Session-Expires and Min-SE raised to the 422's
     * Min-SE; false when the 422 asks for nothing larger (the call then fails with the 422).
     */
    static boolean raiseInterval(Request invite, Response tooSmall, SipContext ctx) {
        String asked = value(invite, SESSION_EXPIRES);
        long current = asked == null ? 0 : Long.parseLong(asked.split(";")[0].trim());
        long larger = SessionTimer.retryAfter422(value(tooSmall, MIN_SE), current);
        if (larger < 0) {
            return false;
        }
        invite.removeHeader(SESSION_EXPIRES);
        invite.removeHeader(MIN_SE);
        invite.addHeader(ctx.header(SESSION_EXPIRES, String.valueOf(larger)));
        invite.addHeader(ctx.header(MIN_SE, String.valueOf(larger)));
        return true;
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** The value of a header (the first of its name), or null. */
    static String value(Message m, String name) {
        Header h = m.getHeader(name);
        if (h == null) {
            return null;
        }
        if (h instanceof gov.nist.javax.sip.header.SIPHeader sh) {
            return sh.getHeaderValue();
        }
        String s = h.toString();
        int colon = s.indexOf(':');
        return colon < 0 ? null : s.substring(colon + 1).trim();
    }

    static boolean allows(Message m, String method) {
        ListIterator<?> it = m.getHeaders(AllowHeader.NAME);
        while (it != null && it.hasNext()) {
            Object h = it.next();
            String v = h instanceof AllowHeader a ? a.getMethod() : String.valueOf(h);
            for (String part : v.split(",")) {
                if (part.trim().equalsIgnoreCase(method)) {
                    return true;
                }
            }
        }
        return false;
    }
}
