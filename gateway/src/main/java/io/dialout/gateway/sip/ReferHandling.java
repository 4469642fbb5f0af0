package io.dialout.gateway.sip;

import java.util.ListIterator;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.address.Address;
import javax.sip.header.HeaderAddress;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.jboss.logging.Logger;

/**
 * The far end's REFER in our dialog (RFC 3515): checked, handed to the listener as a {@link TransferRequest}, and
 * answered by what the call layer decides; then the implicit subscription's NOTIFYs (RFC 3515 section 2.4.4) with
 * the new INVITE's progress as {@code message/sipfrag} (RFC 3420), unless the REFER said {@code Refer-Sub: false}
 * (RFC 4488 section 4). One transfer at a time: a REFER while one is being notified gets 491.
 */
final class ReferHandling {

    private static final Logger LOG = Logger.getLogger(ReferHandling.class);
    private static final int ACCEPTED = 202;
    /** RFC 3515 section 2.4.4 leaves the subscription's duration to the notifier; a transfer completes well within. */
    private static final int SUBSCRIPTION_SECONDS = 60;

    private final CallScope call;
    private Subscription current;

    ReferHandling(CallScope call) {
        this.call = call;
    }

    void onRefer(Request refer, ServerTransaction st) {
        if (current != null && !current.over) {
            call.responses.respond(st, Response.REQUEST_PENDING, null);
            return;
        }
        ListIterator<?> referTo = refer.getHeaders("Refer-To");
        String uri = null;
        int count = 0;
        while (referTo.hasNext()) {
            Object h = referTo.next();
            count++;
            if (h instanceof HeaderAddress a) {
                Address address = a.getAddress();
                uri = address == null || address.getURI() == null
                        ? null
                        : address.getURI().toString();
            }
        }
        ReferTarget target;
        try {
            if (count != 1) {
                // RFC 3515 section 2.4.1: exactly one Refer-To, else 400
                throw new IllegalArgumentException(count == 0 ? "no Refer-To" : "more than one Refer-To");
            }
            target = ReferTarget.parse(uri);
        } catch (IllegalArgumentException e) {
            LOG.debug(call.callId + ": REFER refused: " + e.getMessage());
            respond(st, Response.BAD_REQUEST, "Bad Request (" + e.getMessage() + ")", false);
            return;
        }
        javax.sip.header.Header sub = refer.getHeader("Refer-Sub");
        boolean subscription = sub == null || !headerValue(sub).equalsIgnoreCase("false");
        javax.sip.header.Header by = refer.getHeader("Referred-By");
        Subscription s = new Subscription(
                st,
                target,
                by == null ? null : headerValue(by),
                subscription,
                CallScope.cseq(refer).getSeqNumber());
        current = s;
        call.notify(() -> call.listener.referred(s));
    }

    private static String headerValue(javax.sip.header.Header h) {
        String text = h.toString();
        int colon = text.indexOf(':');
        return text.substring(colon + 1).strip();
    }

    private void respond(ServerTransaction st, int status, String reason, boolean noSubscription) {
        Response r = call.responses.create(st, status);
        if (r == null) {
            return;
        }
        try {
            r.setReasonPhrase(reason);
        } catch (java.text.ParseException e) {
            // keep the default phrase
        }
        if (noSubscription) {
            r.addHeader(call.ctx.header("Refer-Sub", "false")); // RFC 4488 section 4: we honoured it
        }
        call.responses.send(st, r);
    }

    /** One REFER, its answer and its implicit subscription; confined to the call's executor. */
    private final class Subscription implements TransferRequest {
        private final ServerTransaction st;
        private final ReferTarget target;
        private final String referredBy;
        private final boolean subscription;
        private final long referCseq;
        private boolean answered;
        private boolean over;

        Subscription(
                ServerTransaction st, ReferTarget target, String referredBy, boolean subscription, long referCseq) {
            this.st = st;
            this.target = target;
            this.referredBy = referredBy;
            this.subscription = subscription;
            this.referCseq = referCseq;
        }

        @Override
        public String target() {
            return target.uri();
        }

        @Override
        public String replaces() {
            return target.replaces();
        }

        @Override
        public String referredBy() {
            return referredBy;
        }

        @Override
        public boolean subscription() {
            return subscription;
        }

        @Override
        public void accept() {
            call.executor.execute(() -> {
                if (answered) {
                    return;
                }
                answered = true;
                respond(st, ACCEPTED, "Accepted", !subscription);
                over = !subscription;
                notifyFrag(100, "Trying");
            });
        }

        @Override
        public void reject(int status, String reason) {
            call.executor.execute(() -> {
                if (answered) {
                    return;
                }
                answered = true;
                over = true;
                respond(st, status, reason, false);
            });
        }

        @Override
        public void progress(int status, String reason) {
            call.executor.execute(() -> notifyFrag(status, reason));
        }

        /** RFC 3515 section 2.4.5: the body is the status line of the new INVITE's response. */
        private void notifyFrag(int status, String reason) {
            if (over || !answered) {
                return;
            }
            boolean last = status >= 200;
            over = last;
            if (call.dialog == null) {
                return;
            }
            String state = last ? "terminated;reason=noresource" : "active;expires=" + SUBSCRIPTION_SECONDS;
            try {
                call.sendInDialog(Request.NOTIFY, n -> {
                    n.addHeader(call.ctx.header("Event", "refer;id=" + referCseq));
                    n.addHeader(call.ctx.header("Subscription-State", state));
                    n.addHeader(call.ctx.contact(call.contactUser, call.trunk.transport()));
                    n.addHeader(call.ctx.userAgent());
                    call.ctx.setBody(n, "message/sipfrag", "SIP/2.0 " + status + " " + reason + "\r\n");
                    Sipfrag.version(n);
                });
            } catch (SipException | RuntimeException e) {
                // the transferor may have ended the dialog already (RFC 3515 section 2.4.7 lets it)
                LOG.debug(call.callId + ": NOTIFY " + status + " not sent: " + e.getMessage());
            }
        }
    }
}
