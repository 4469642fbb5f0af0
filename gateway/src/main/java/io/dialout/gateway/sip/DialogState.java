package io.dialout.gateway.sip;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.Dialog;
import javax.sip.InvalidArgumentException;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.RouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * The least a UAC needs to send a request in a dialog without the stack's dialog object (RFC 3261 section 12.2.1.1):
 * Call-ID, both parties with their tags, the remote target, the route set, the local CSeq and the transport. Used
 * where the stack has no usable dialog: a 2xx without a usable Contact (no remote target, section 12.1.2), and the
 * dialogs a previous run of the gateway left behind (persisted by {@link DialogStore}).
 *
 * @param local     our From address, as written in the dialog (name-addr)
 * @param remote    the far end's To address (name-addr)
 * @param target    the remote target URI (the Request-URI of requests in the dialog)
 * @param routeSet  the route set, in the order the Route headers go (section 12.1.2: the 2xx's Record-Route reversed)
 * @param transport "udp" or "tcp"
 */
record DialogState(
        String callId,
        String local,
        String localTag,
        String remote,
        String remoteTag,
        String target,
        List<String> routeSet,
        long cseq,
        String transport) {

    DialogState {
        routeSet = List.copyOf(routeSet);
    }

    /**
     * The dialog an INVITE and its 2xx make when the 2xx has no usable Contact: the target is the INVITE's
     * Request-URI (where the 2xx evidently came from; section 13.2.2.4 needs the ACK to go somewhere), the route set
     * the 2xx's Record-Route reversed (section 12.1.2).
     */
    static DialogState fromAnswer(Request invite, Response ok, String transport) {
        FromHeader from = (FromHeader) invite.getHeader(FromHeader.NAME);
        ToHeader to = (ToHeader) ok.getHeader(ToHeader.NAME);
        List<String> routes = new ArrayList<>();
        ListIterator<?> rr = ok.getHeaders(RecordRouteHeader.NAME);
        while (rr.hasNext()) {
            routes.add(0, ((RecordRouteHeader) rr.next()).getAddress().toString());
        }
        return new DialogState(
                ((CallIdHeader) invite.getHeader(CallIdHeader.NAME)).getCallId(),
                from.getAddress().toString(),
                from.getTag(),
                to.getAddress().toString(),
                to.getTag(),
                invite.getRequestURI().toString(),
                routes,
                CallScope.cseq(invite).getSeqNumber(),
                transport);
    }

    /** The confirmed dialog as the stack holds it (at the answer). */
    static DialogState of(Dialog d, String transport) {
        List<String> routes = new ArrayList<>();
        java.util.Iterator<?> it = d.getRouteSet();
        while (it != null && it.hasNext()) {
            routes.add(((RouteHeader) it.next()).getAddress().toString());
        }
        Address target = d.getRemoteTarget();
        return new DialogState(
                d.getCallId().getCallId(),
                d.getLocalParty().toString(),
                d.getLocalTag(),
                d.getRemoteParty().toString(),
                d.getRemoteTag(),
                target == null ? null : target.getURI().toString(),
                routes,
                d.getLocalSeqNumber(),
                transport);
    }

    /**
     * A request of this dialog with CSeq {@code seq} (RFC 3261 section 12.2.1.1): Request-URI the remote target, Route
     * the route set (loose routing; a strict-routing first hop is not supported here), a Via of ours. The branch is
     * set for ACK (sent without a transaction) and left to the stack for the others.
     */
    Request request(SipContext ctx, String method, long seq) throws ParseException, InvalidArgumentException {
        URI requestUri = ctx.addresses().createURI(target);
        if (requestUri instanceof SipURI sip
                && "tcp".equals(transport)
                && routeSet.isEmpty()
                && sip.getTransportParam() == null) {
            sip.setTransportParam("tcp"); // the stack picks the transport from the Request-URI when there is no Route
        }
        FromHeader from = ctx.headers().createFromHeader(ctx.addresses().createAddress(local), localTag);
        ToHeader to = ctx.headers().createToHeader(ctx.addresses().createAddress(remote), remoteTag);
        CallIdHeader id = ctx.headers().createCallIdHeader(callId);
        CSeqHeader cs = ctx.headers().createCSeqHeader(seq, method);
        String branch = Request.ACK.equals(method)
                ? "z9hG4bK-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE)
                : null;
        ViaHeader via = ctx.headers().createViaHeader(ctx.config().advertisedAddress(), ctx.port(), transport, branch);
        via.setRPort();
        MaxForwardsHeader maxForwards = ctx.headers().createMaxForwardsHeader(70);
        Request r = ctx.messages().createRequest(requestUri, method, id, cs, from, to, List.of(via), maxForwards);
        for (String route : routeSet) {
            r.addHeader(ctx.headers().createRouteHeader(ctx.addresses().createAddress(route)));
        }
        return r;
    }
}
