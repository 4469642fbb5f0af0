package io.dialout.gateway.sip;

import java.text.ParseException;
import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.jboss.logging.Logger;

/** Builds and sends a call's responses to the far end's requests inside the dialog. */
final class ServerResponses {

    private static final Logger LOG = Logger.getLogger(ServerResponses.class);

    private final SipContext ctx;
    private final String contactUser;
    private final String transport;
    private final String callId;

    /** Sees (and may add headers to) each 2xx we send, with its request: the session timer's refresh answers. */
    private java.util.function.BiConsumer<Request, Response> on2xx;

    void on2xx(java.util.function.BiConsumer<Request, Response> hook) {
        this.on2xx = hook;
    }

    ServerResponses(SipContext ctx, String contactUser, String transport, String callId) {
        this.ctx = ctx;
        this.contactUser = contactUser;
        this.transport = transport;
        this.callId = callId;
    }

    /** A response with the headers its status needs; {@code sdp} is the body of a 2xx to a re-INVITE. */
    void respond(ServerTransaction st, int status, String sdp) {
        Response r = create(st, status);
        if (r == null) {
            return;
        }
        if (status == Response.METHOD_NOT_ALLOWED) {
            ctx.addAllow(r); // RFC 3261 section 21.4.6
        }
        if (status >= 200
                && status < 300
                && (Request.INVITE.equals(st.getRequest().getMethod())
                        || Request.UPDATE.equals(st.getRequest().getMethod()))) {
            // RFC 3261 section 12.1.1 / 13.3.1.4: a 2xx to an INVITE carries Contact; RFC 3311 section 5.2: so does
            // a 2xx to an UPDATE (a target refresh), with the SDP answer to its offer
            r.addHeader(ctx.contact(contactUser, transport));
            ctx.addAllow(r);
            if (sdp != null) {
                ctx.setBody(r, "application/sdp", sdp);
            }
        }
        if (status >= 200 && status < 300 && on2xx != null) {
            on2xx.accept(st.getRequest(), r);
        }
        send(st, r);
    }

    Response create(ServerTransaction st, int status) {
        if (st == null) {
            return null;
        }
        try {
            return ctx.messages().createResponse(status, st.getRequest());
        } catch (ParseException e) {
            LOG.warn(callId + ": cannot create a " + status, e);
            return null;
        }
    }

    void send(ServerTransaction st, Response r) {
        try {
            st.sendResponse(r);
        } catch (SipException | InvalidArgumentException | RuntimeException e) {
            LOG.debug(callId + ": response " + r.getStatusCode() + " not sent", e);
        }
    }
}
