package io.dialout.gateway.sip;

import static io.dialout.gateway.sip.CallScope.cseq;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.SipException;
import javax.sip.address.Address;
import javax.sip.address.URI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.Header;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.jboss.logging.Logger;

/**
 * 2xx answers to our INVITE from forks other than the first that answered (a forking proxy, a ring group). RFC 3261
 * section 13.2.2.4: the UAC ACKs every 2xx and, keeping one dialog, ends the others with a BYE. We keep the first
 * 2xx (its dialog and media are the call's); every 2xx with another To tag is ACKed, then BYEd once, and each of its
 * retransmissions ACKed again. These 2xx never reach the stack ({@link OtherForkValve} takes them first): JAIN-SIP
 * 1.3.0-91 drops a second fork's 2xx that arrives while the INVITE transaction is still in its table, and passes one
 * that arrives later up as the call's own dialog.
 *
 * <p>{@link #isOtherFork} runs on the stack's message thread; everything else on the call's executor.
 */
final class ForkedAnswers {

    private static final Logger LOG = Logger.getLogger(ForkedAnswers.class);
    /** RFC 3326 section 2 and its example: the call was answered by another fork. */
    static final String REASON = "SIP;cause=200;text=\"Call completed elsewhere\"";

    private final CallScope call;
    /** The To tag of the first 2xx to the INVITE: the fork we keep. */
    private final AtomicReference<String> kept = new AtomicReference<>();
    /** The ACK sent to each other fork, by its To tag. */
    private final Map<String, Request> acks = new HashMap<>();
    /** Our BYEs to other forks: their responses are not the kept dialog's. */
    private final Set<ClientTransaction> byes = new HashSet<>();
    /** The To tags of other forks whose in-dialog target the dial plan refused: nothing is ever sent to them. */
    private final Set<String> refused = new HashSet<>();

    ForkedAnswers(CallScope call) {
        this.call = call;
    }

    /**
     * Whether a 2xx to the INVITE with this To tag comes from a fork other than the first that answered; the first
     * 2xx seen decides (any thread).
     */
    boolean isOtherFork(String toTag) {
        if (toTag == null || kept.compareAndSet(null, toTag)) {
            return false;
        }
        return !toTag.equals(kept.get());
    }

    /** Number of other forks that answered and were ACKed (for tests and logs). */
    int count() {
        return acks.size();
    }

    /** Number of other forks whose in-dialog target was refused (for tests and logs). */
    int refusedCount() {
        return refused.size();
    }

    /** Whether this BYE transaction was ours to another fork. */
    boolean owns(ClientTransaction tx) {
        return tx != null && byes.contains(tx);
    }

    /** ACKs another fork's 2xx and, the first time, BYEs it. {@code invite} is the INVITE as last sent. */
    void onAnswer(Response answer, Request invite) {
        String tag = ((ToHeader) answer.getHeader(ToHeader.NAME)).getTag();
        Request known = acks.get(tag);
        if (known != null) {
            sendStateless(known, "ACK retransmission");
            return;
        }
        if (refused.contains(tag)) {
            return; // its retransmissions get nothing either
        }
        String why = refusedTarget(answer, invite);
        if (why != null) {
            // issue 14 item 4e: the fork named a target the dial plan refuses. Neither ACK nor BYE goes there; the
            // fork retransmits its 2xx until its timer H-like wait ends (RFC 3261 section 13.3.1.4: 64*T1) and then
            // ends its dialog on its side, as it would if our ACK were lost
            refused.add(tag);
            call.ctx.counters().countInDialogTargetRefused();
            LOG.warn(call.callId + ": 2xx from another fork (To tag " + tag + ") neither ACKed nor BYEd: " + why);
            return;
        }
        LOG.debug(call.callId + ": 2xx from another fork (To tag " + tag + "): ACK and BYE");
        try {
            long cseqNo = cseq(answer).getSeqNumber();
            Request ack = inDialog(Request.ACK, answer, invite, cseqNo);
            // RFC 3261 section 13.2.2.4: the ACK carries the INVITE's credentials
            copy(invite, ack, AuthorizationHeader.NAME);
            copy(invite, ack, ProxyAuthorizationHeader.NAME);
            acks.put(tag, ack);
            sendStateless(ack, "ACK");
            Request bye = inDialog(Request.BYE, answer, invite, cseqNo + 1);
            bye.addHeader(call.ctx.userAgent());
            bye.addHeader(call.ctx.header("Reason", REASON));
            ClientTransaction tx = call.ctx.provider().getNewClientTransaction(bye);
            call.ctx.applyTimers(tx);
            byes.add(tx);
            tx.sendRequest();
        } catch (SipException | ParseException | InvalidArgumentException | RuntimeException e) {
            LOG.warn(call.callId + ": the 2xx of another fork (To tag " + tag + ") not ACKed or BYEd", e);
        }
    }

    /**
     * Where the fork's ACK and BYE would go (RFC 3261 section 12.1.2): the first entry of its route set, the last
     * Record-Route of its 2xx; else its Contact; else the INVITE's Request-URI. Null when the dial plan allows it, as
     * for the kept fork's 2xx ({@link InviteClient}), else why not.
     */
    private String refusedTarget(Response answer, Request invite) {
        String target = null;
        ListIterator<?> rr = answer.getHeaders(RecordRouteHeader.NAME);
        while (rr.hasNext()) {
            target = ((RecordRouteHeader) rr.next()).getAddress().getURI().toString();
        }
        ContactHeader contact = (ContactHeader) answer.getHeader(ContactHeader.NAME);
        if (target == null && contact != null && contact.getAddress() != null) {
            target = contact.getAddress().getURI().toString();
        }
        if (target == null) {
            target = invite.getRequestURI().toString();
        }
        String dialled = invite.getRequestURI().toString();
        String why = call.ctx.targets().policy().refuseInDialogTarget(dialled, target);
        return why == null ? null : "in-dialog target " + target + " refused: " + why;
    }

    private void sendStateless(Request request, String what) {
        try {
            call.ctx.provider().sendRequest(request); // an ACK of a 2xx is sent outside any transaction (section 17)
        } catch (SipException | RuntimeException e) {
            LOG.debug(call.callId + ": " + what + " to another fork not sent", e);
        }
    }

    private static void copy(Request from, Request to, String name) {
        ListIterator<?> it = from.getHeaders(name);
        while (it.hasNext()) {
            to.addHeader((Header) ((Header) it.next()).clone());
        }
    }

    /**
     * A request in the fork's dialog, built from its 2xx as RFC 3261 section 12.1.2 builds the UAC's dialog: the
     * remote target is the 2xx's Contact, the route set its Record-Route in reverse order, the remote tag its To tag.
     */
    private Request inDialog(String method, Response answer, Request invite, long cseqNo)
            throws ParseException, InvalidArgumentException {
        ContactHeader contact = (ContactHeader) answer.getHeader(ContactHeader.NAME);
        URI target = contact != null
                ? (URI) contact.getAddress().getURI().clone()
                : (URI) invite.getRequestURI().clone();
        ViaHeader ours = (ViaHeader) invite.getHeader(ViaHeader.NAME);
        ViaHeader via = call.ctx
                .headers()
                .createViaHeader(
                        ours.getHost(), ours.getPort(), ours.getTransport(), "z9hG4bK" + InviteFactory.newTag());
        via.setRPort();
        Request r = call.ctx
                .messages()
                .createRequest(
                        target,
                        method,
                        (CallIdHeader) invite.getHeader(CallIdHeader.NAME).clone(),
                        call.ctx.headers().createCSeqHeader(cseqNo, method),
                        (FromHeader) invite.getHeader(FromHeader.NAME).clone(),
                        (ToHeader) answer.getHeader(ToHeader.NAME).clone(),
                        List.of(via),
                        call.ctx.headers().createMaxForwardsHeader(70));
        List<Address> routes = new ArrayList<>();
        ListIterator<?> rr = answer.getHeaders(RecordRouteHeader.NAME);
        while (rr.hasNext()) {
            routes.add(((RecordRouteHeader) rr.next()).getAddress());
        }
        Collections.reverse(routes);
        for (Address a : routes) {
            r.addHeader(call.ctx.headers().createRouteHeader((Address) a.clone()));
        }
        return r;
    }
}
