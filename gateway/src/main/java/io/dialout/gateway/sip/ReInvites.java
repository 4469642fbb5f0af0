package io.dialout.gateway.sip;

import static io.dialout.gateway.sip.CallScope.cseq;

import io.dialout.gateway.sip.ReInviteTransitions.Event;
import io.dialout.gateway.sip.ReInviteTransitions.State;
import io.dialout.gateway.sip.ReInviteTransitions.Step;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import javax.sip.ClientTransaction;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.jboss.logging.Logger;

/**
 * The re-INVITEs of one dialog: ours (hold, resume; a 491 retried once) and the far end's (offered to the listener,
 * answered through a {@link ReInviteResponder}). What to do is decided by {@link ReInviteTransitions}.
 */
final class ReInvites {

    private static final Logger LOG = Logger.getLogger(ReInvites.class);

    private final CallScope call;
    private final BooleanSupplier confirmed;
    private final CallScope.Timer timer;

    private State state = State.IDLE_STATE;
    private String offer;
    private ClientTransaction tx;
    private long cseqNo = -1;
    private ServerTransaction theirs;
    /**
     * The CSeq of the far end's re-INVITE without SDP whose 200 carried our offer (RFC 3261 section 14.2): its ACK
     * carries the answer. -1 when none is due.
     */
    private long delayedOfferCseq = -1;

    /** {@code confirmed} tells whether the dialog is up (2xx ACKed, no BYE yet). */
    ReInvites(CallScope call, BooleanSupplier confirmed) {
        this.call = call;
        this.confirmed = confirmed;
        this.timer = call.newTimer();
    }

    void stopTimer() {
        timer.cancel();
    }

    /** Whether this INVITE response belongs to one of our re-INVITEs. */
    boolean owns(ClientTransaction responseTx, long responseCseq) {
        return (responseTx != null && responseTx == tx) || responseCseq == cseqNo;
    }

    // ---- ours ---------------------------------------------------------------------------------------------------

    void offer(String sdpOffer) {
        fire(Event.OFFER, new Input(null, null, null, sdpOffer, null));
    }

    void onResponse(Response response, ClientTransaction responseTx) {
        int status = response.getStatusCode();
        if (status < 200) {
            return;
        }
        if (responseTx == null || responseTx != tx) {
            if (status < 300) {
                call.resendAck(); // a retransmitted 2xx of an earlier re-INVITE
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
        Event e = status < 300 ? Event.ACCEPTED : status == 491 ? Event.GLARE : Event.REFUSED;
        fire(e, new Input(response, null, null, null, null));
    }

    /** The stack's timeout of a client transaction; false when it is not our re-INVITE. */
    boolean onTimeout(ClientTransaction timedOut) {
        if (timedOut != tx) {
            return false;
        }
        tx = null;
        fire(Event.TIMEOUT, Input.NONE);
        return true;
    }

    // ---- the far end's ------------------------------------------------------------------------------------------

    void onRemoteReInvite(Request request, ServerTransaction st) {
        fire(Event.REMOTE_OFFER, new Input(null, st, request, null, null));
    }

    /** The far end's UPDATE with an offer (RFC 3311 section 5.2), answered like its re-INVITE. */
    void onRemoteUpdate(Request request, ServerTransaction st) {
        fire(Event.REMOTE_UPDATE, new Input(null, st, request, null, null));
    }

    /**
     * An ACK of the far end. After a delayed offer it must carry the answer to the offer in our 200 (RFC 3261 section
     * 13.2.2.4 for the side that sends it); the listener gets that answer, or null when the ACK has none.
     */
    void onAck(Request ack) {
        LOG.debug(call.callId + ": ACK " + cseq(ack).getSeqNumber() + ", delayed offer " + delayedOfferCseq);
        if (delayedOfferCseq < 0 || cseq(ack).getSeqNumber() != delayedOfferCseq) {
            return; // the ACK of an ordinary re-INVITE's 200, or a retransmission of one already seen
        }
        delayedOfferCseq = -1;
        String sdp = SipContext.sdp(ack);
        call.notify(() -> call.listener.remoteAnswerInAck(sdp));
    }

    void onRemoteCancel() {
        fire(Event.REMOTE_CANCELLED, Input.NONE);
    }

    // ---- the state machine ----------------------------------------------------------------------------------

    /**
     * What an event brings: the response to ours, the far end's re-INVITE and its transaction, our new offer, or
     * the sending of the listener's answer.
     */
    private record Input(Response response, ServerTransaction st, Request request, String sdp, Runnable answer) {
        static final Input NONE = new Input(null, null, null, null, null);
    }

    private void fire(Event e, Input in) {
        Step step = ReInviteTransitions.on(state, confirmed.getAsBoolean(), e);
        state = step.next();
        for (ReInviteTransitions.Action a : step.actions()) {
            switch (a) {
                case SEND_OFFER -> {
                    if (in.sdp() != null) {
                        offer = in.sdp(); // a new offer; a glare retry sends the one kept
                    }
                    sendOffer();
                }
                case SEND_ACK -> call.sendAck(cseq(in.response()).getSeqNumber());
                case REPORT_RESPONSE -> {
                    int status = in.response().getStatusCode();
                    report(status, status < 300 ? SipContext.sdp(in.response()) : null);
                }
                case REPORT_408 -> report(408, null);
                case REPORT_481 -> report(481, null);
                case REPORT_491 -> report(491, null);
                case REPORT_500 -> report(500, null);
                case SCHEDULE_RETRY -> timer.schedule(glareDelay(), () -> fire(Event.RETRY_DUE, Input.NONE));
                case OFFER_TO_LISTENER -> {
                    ServerTransaction st = in.st();
                    theirs = st;
                    String sdp = SipContext.sdp(in.request());
                    // a re-INVITE without SDP (a delayed offer): our 200 carries an offer, its ACK the answer
                    long delayed =
                            sdp == null && Request.INVITE.equals(in.request().getMethod())
                                    ? cseq(in.request()).getSeqNumber()
                                    : -1;
                    ReInviteResponder responder = new Responder(st, delayed);
                    call.notify(() -> call.listener.remoteReInvite(sdp, responder));
                }
                case ANSWER_THEIRS -> {
                    theirs = null;
                    in.answer().run();
                }
                case RESPOND_487 -> {
                    call.responses.respond(theirs, Response.REQUEST_TERMINATED, null);
                    theirs = null;
                }
                case RESPOND_491 -> call.responses.respond(in.st(), Response.REQUEST_PENDING, null);
                case RESPOND_500_RETRY_AFTER -> {
                    Response r = call.responses.create(in.st(), Response.SERVER_INTERNAL_ERROR);
                    if (r != null) {
                        r.addHeader(call.ctx.header(
                                "Retry-After",
                                String.valueOf(ThreadLocalRandom.current().nextInt(11))));
                        call.responses.send(in.st(), r);
                    }
                }
            }
        }
    }

    private void sendOffer() {
        try {
            tx = call.sendInDialog(Request.INVITE, reinvite -> {
                reinvite.addHeader(call.ctx.contact(call.contactUser, call.trunk.transport()));
                reinvite.addHeader(call.ctx.userAgent());
                call.ctx.addAllow(reinvite);
                call.ctx.setBody(reinvite, "application/sdp", offer);
                cseqNo = cseq(reinvite).getSeqNumber();
            });
        } catch (SipException | RuntimeException e) {
            LOG.debug(call.callId + ": re-INVITE not sent", e);
            tx = null;
            fire(Event.OFFER_NOT_SENT, Input.NONE);
        }
    }

    private void report(int status, String sdp) {
        call.notify(() -> call.listener.reInviteResult(status, sdp));
    }

    /** RFC 3261 section 14.1: a random delay between glareMin and glareMax (2.1-4 s), in 10 ms units. */
    private Duration glareDelay() {
        long min = call.ctx.config().timers().glareMin().toMillis();
        long max = call.ctx.config().timers().glareMax().toMillis();
        long steps = Math.max(0, (max - min) / 10);
        return Duration.ofMillis(min + 10 * ThreadLocalRandom.current().nextLong(steps + 1));
    }

    /** Answers one remote re-INVITE, once, from any thread. */
    private final class Responder implements ReInviteResponder {
        private final ServerTransaction st;
        private final AtomicBoolean used = new AtomicBoolean();

        private final long delayedOfferCseq;

        Responder(ServerTransaction st, long delayedOfferCseq) {
            this.st = st;
            this.delayedOfferCseq = delayedOfferCseq;
        }

        @Override
        public void accept(String sdpAnswer) {
            answer(() -> {
                call.responses.respond(st, Response.OK, sdpAnswer);
                ReInvites.this.delayedOfferCseq = delayedOfferCseq; // -1 unless the 200 carried our offer
            });
        }

        @Override
        public void reject(int status) {
            if (status < 300 || status > 699) {
                throw new IllegalArgumentException("not an error status: " + status);
            }
            answer(() -> call.responses.respond(st, status, null));
        }

        private void answer(Runnable send) {
            if (used.compareAndSet(false, true)) {
                call.executor.execute(() -> {
                    if (theirs == st) {
                        fire(Event.REMOTE_ANSWERED, new Input(null, st, null, null, send));
                    }
                });
            }
        }
    }
}
