package io.dialout.demo.sip;

import java.text.ParseException;
import javax.sip.ServerTransaction;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/** Builds and sends the demo's responses: To tag, Contact, Allow and body, as RFC 3261 sections 8.2.6 and 12.1.1 ask. */
final class Responses {
    static final String ALLOW = "INVITE, ACK, BYE, CANCEL, OPTIONS, INFO";
    private final DemoSipStack sip;

    Responses(DemoSipStack sip) {
        this.sip = sip;
    }

    /**
     * Sends a response on a server transaction.
     *
     * @param toTag the dialog's local tag (RFC 3261 section 8.2.6.2; every response but 100 carries it), or null
     * @param sdp   an application/sdp body, or null
     */
    void send(ServerTransaction st, int status, String toTag, String sdp) {
        try {
            Response r = build(st.getRequest(), status, toTag);
            if (sdp != null) {
                r.setContent(sdp, sip.headers().createContentTypeHeader("application", "sdp"));
            }
            st.sendResponse(r);
        } catch (Exception e) {
            System.getLogger(Responses.class.getName())
                    .log(
                            System.Logger.Level.WARNING,
                            "cannot send " + status + " for " + st.getRequest().getMethod(),
                            e);
        }
    }

    Response build(Request request, int status, String toTag) throws ParseException {
        Response r = sip.messages().createResponse(status, request);
        if (toTag != null && status != Response.TRYING) {
            ToHeader to = (ToHeader) r.getHeader(ToHeader.NAME);
            if (to.getTag() == null) {
                to.setTag(toTag);
            }
        }
        boolean invite = Request.INVITE.equals(request.getMethod());
        if (invite && (status / 100 == 2 || (status / 100 == 1 && status != Response.TRYING))) {
            r.addHeader(contact(request));
        }
        if (status == Response.OK || status == Response.METHOD_NOT_ALLOWED) {
            r.addHeader(sip.headers().createAllowHeader(ALLOW));
        }
        r.addHeader(sip.headers().createServerHeader(java.util.List.of("dialout-demo")));
        return r;
    }

    /** Contact with the called user, on the transport the request came over (RFC 3261 section 12.1.1). */
    ContactHeader contact(Request request) throws ParseException {
        String user = request.getRequestURI() instanceof javax.sip.address.SipURI u ? u.getUser() : null;
        javax.sip.address.SipURI uri = sip.addresses().createSipURI(user, sip.address());
        uri.setPort(sip.port());
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        if (via != null && "TCP".equalsIgnoreCase(via.getTransport())) {
            uri.setTransportParam("tcp");
        }
        return sip.headers().createContactHeader(sip.addresses().createAddress(uri));
    }

    ContentTypeHeader contentType(String type, String subtype) throws ParseException {
        return sip.headers().createContentTypeHeader(type, subtype);
    }
}
