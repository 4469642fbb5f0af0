package io.dialout.gateway.sip;

import java.text.ParseException;
import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.jboss.logging.Logger;

/** Answers requests that belong to no call of ours. The gateway only dials out. */
final class OutOfDialog {

    private static final Logger LOG = Logger.getLogger(OutOfDialog.class);

    private OutOfDialog() {}

    static void respond(SipContext ctx, ServerTransaction st, Request request) {
        try {
            Response r = switch (request.getMethod()) {
                case Request.INVITE -> {
                    // unsolicited inbound call: refused, this is a dial-out gateway (documented in package-info)
                    Response f = ctx.messages().createResponse(Response.FORBIDDEN, request);
                    f.setReasonPhrase("Forbidden (dial-out only)");
                    yield f;
                }
                case Request.OPTIONS -> {
                    // RFC 3261 section 11.2: capabilities; trunks use OPTIONS as keep-alive
                    Response ok = ctx.messages().createResponse(Response.OK, request);
                    ctx.addAllow(ok);
                    ok.addHeader(ctx.header("Accept", "application/sdp"));
                    ok.addHeader(ctx.userAgent());
                    yield ok;
                }
                case Request.BYE, Request.INFO, Request.CANCEL ->
                    ctx.messages().createResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, request);
                default -> {
                    Response na = ctx.messages().createResponse(Response.METHOD_NOT_ALLOWED, request);
                    ctx.addAllow(na);
                    yield na;
                }
            };
            st.sendResponse(r);
        } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
            LOG.debug("cannot answer an out-of-dialog " + request.getMethod(), e);
        }
    }
}
