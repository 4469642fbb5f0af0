package io.dialout.gateway.sip;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.SIPDialog;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import javax.sip.Dialog;
import javax.sip.SipException;
import javax.sip.address.Address;
import javax.sip.address.URI;
import javax.sip.header.ContactHeader;
import javax.sip.header.RouteHeader;
import javax.sip.message.Request;
import org.jboss.logging.Logger;

/**
 * Issue 14 item 4e after the answer: where the far end may move the dialog's requests. The ACK of the INVITE's 2xx
 * is judged by {@link InviteClient} before it is sent; from then on the callee can change the remote target with
 * every target refresh (RFC 3261 section 12.2: its re-INVITE, UPDATE (RFC 3311 section 5.2), and for JAIN-SIP also
 * REFER, NOTIFY and SUBSCRIBE; and the Contact of a 2xx to our own re-INVITE or UPDATE). Two fences, both asking the
 * same {@link TargetPolicy#refuseInDialogTarget}:
 *
 * <ul>
 *   <li>{@link #refuseRefresh}: a target refresh of the far end whose new next hop is refused is answered 403 and the
 *       dialog keeps the remote target it had (RFC 6141 section 4: a target refresh that fails does not change it).
 *       JAIN-SIP has already taken the new Contact when the request reaches us, so it is set back.
 *   <li>{@link #guard}: every in-dialog request we build (BYE, re-INVITE, UPDATE, INFO, REFER, NOTIFY, ACK) is
 *       judged by its own next hop, the first Route, else its Request-URI, just before it is sent. This closes the
 *       window between the stack taking a new Contact (on its message thread) and {@link #refuseRefresh} running,
 *       and covers the 2xx of our own re-INVITE. A refused Request-URI is replaced by the last allowed remote
 *       target; a refused first Route (a route set cannot change after the answer, RFC 3261 section 12.2) stops the
 *       request.
 * </ul>
 *
 * Judgements are kept per URI for the call's life (the policy may look a name up). Confined to the call's executor.
 */
final class InDialogTargets {

    private static final Logger LOG = Logger.getLogger(InDialogTargets.class);

    /** Thrown by {@link #guard} when a request cannot be sent anywhere the dial plan allows. */
    static final class Refused extends SipException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    private final CallScope call;
    private final Supplier<String> dialledUri;
    private final Map<String, String> judged = new HashMap<>();
    /** The remote target last allowed (the INVITE's 2xx Contact first); null before the answer. */
    private URI allowed;

    /** {@code dialledUri} gives the Request-URI of the INVITE as last sent (a redirect or retry may change it). */
    InDialogTargets(CallScope call, Supplier<String> dialledUri) {
        this.call = call;
        this.dialledUri = dialledUri;
    }

    /**
     * The INVITE's first 2xx, before its ACK is sent: its Contact is the remote target allowed (judged by
     * {@link InviteClient} before the ACK; refused, the call ends). Taken from the 2xx, not from the dialog: once
     * the ACK is out the far end may send a target refresh, which the stack applies to the dialog on its own thread.
     */
    void answering(javax.sip.message.Response ok) {
        ContactHeader contact = (ContactHeader) ok.getHeader(ContactHeader.NAME);
        if (allowed == null && contact != null && contact.getAddress() != null) {
            allowed = (URI) contact.getAddress().getURI().clone();
        }
    }

    /**
     * A target refresh of the far end in the confirmed dialog (RFC 3261 section 12.2.2). Null when it may go on, else
     * why not: the caller answers 403, and the dialog's remote target is the allowed one again.
     */
    String refuseRefresh(Request request) {
        ContactHeader contact = (ContactHeader) request.getHeader(ContactHeader.NAME);
        if (allowed == null || contact == null || contact.getAddress() == null) {
            return null; // no Contact: the remote target does not change
        }
        URI target = contact.getAddress().getURI();
        if (hasRouteSet()) {
            // the next hop stays the route set's first entry, judged when the 2xx came (RFC 3261 section 12.2.1.1)
            allowed = (URI) target.clone();
            return null;
        }
        String why = refusal(target.toString());
        if (why == null) {
            allowed = (URI) target.clone();
            return null;
        }
        restore(request);
        refused(request.getMethod() + " from the callee", target.toString(), why);
        return why;
    }

    /**
     * Just before an in-dialog request built from the dialog is sent: its next hop must be allowed. A refused
     * Request-URI without a route set is replaced by the last allowed target (and the dialog set back to it).
     *
     * @throws Refused when there is nowhere allowed to send it
     */
    void guard(Request request) throws Refused {
        RouteHeader route = (RouteHeader) request.getHeader(RouteHeader.NAME);
        if (route != null) {
            String why = refusal(route.getAddress().getURI().toString());
            if (why != null) {
                refused(request.getMethod(), route.getAddress().getURI().toString(), why);
                throw new Refused("in-dialog route refused: " + why);
            }
            return;
        }
        URI uri = request.getRequestURI();
        if (allowed != null && uri.equals(allowed)) {
            return;
        }
        String why = refusal(uri.toString());
        if (why == null) {
            if (allowed != null) {
                allowed = (URI) uri.clone(); // a refresh we accepted (e.g. the 2xx of our re-INVITE)
            }
            return;
        }
        refused(request.getMethod(), uri.toString(), why);
        if (allowed == null) {
            throw new Refused("in-dialog target refused: " + why);
        }
        request.setRequestURI((URI) allowed.clone());
        restore(null);
    }

    private String refusal(String target) {
        if (judged.containsKey(target)) {
            return judged.get(target);
        }
        String why = call.ctx.targets().policy().refuseInDialogTarget(dialledUri.get(), target);
        judged.put(target, why);
        return why;
    }

    private boolean hasRouteSet() {
        Dialog d = call.dialog;
        return d != null && d.getRouteSet() != null && d.getRouteSet().hasNext();
    }

    /**
     * Sets the stack's remote target back to the allowed one. JAIN-SIP offers no setter: a target refresh request
     * given to {@link SIPDialog#addRoute(SIPRequest)} in the confirmed state takes its Contact as the remote target
     * and changes nothing else (its route set is fixed once confirmed).
     */
    private void restore(Request template) {
        Dialog d = call.dialog;
        if (!(d instanceof SIPDialog dialog) || allowed == null) {
            return;
        }
        if (d.getRemoteTarget() != null && allowed.equals(d.getRemoteTarget().getURI())) {
            return;
        }
        try {
            Request carrier = template != null ? (Request) template.clone() : d.createRequest(Request.UPDATE);
            if (!(carrier instanceof SIPRequest sip) || !SIPRequest.isTargetRefresh(carrier.getMethod())) {
                return;
            }
            Address back = call.ctx.addresses().createAddress((URI) allowed.clone());
            carrier.removeHeader(ContactHeader.NAME);
            carrier.addHeader(call.ctx.headers().createContactHeader(back));
            dialog.addRoute(sip);
        } catch (SipException | RuntimeException e) {
            LOG.warn(call.callId + ": the dialog's remote target could not be set back to " + allowed, e);
        }
    }

    private void refused(String what, String target, String why) {
        call.ctx.counters().countInDialogTargetRefused();
        LOG.warn(call.callId + ": " + what + " would go to " + target + ", refused by the dial plan (" + why
                + "); the remote target stays " + allowed);
    }
}
