package io.dialout.demo.sip;

import io.dialout.demo.DemoUser;
import io.dialout.demo.media.MediaContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipListener;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.TransactionUnavailableException;
import javax.sip.address.SipURI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * The demo's user agent server: takes requests from the JAIN-SIP stack and routes them to calls by Call-ID. The stack
 * threads only create the server transaction (so retransmissions are absorbed there) and post the rest to the
 * control thread, which owns every call.
 */
public final class DemoUas implements SipListener {
    private static final System.Logger LOG = System.getLogger(DemoUas.class.getName());
    /** A bound on what one demo endpoint holds (two RTP port pairs per call at most). */
    static final int MAX_CALLS = 200;

    private final DemoSipStack sip;
    private final Responses responses;
    private final MediaContext media;
    private final ScheduledExecutorService control;
    private final double toneHz;
    private final Duration maxCallDuration;
    private final Map<String, DemoCall> calls = new ConcurrentHashMap<>();
    private volatile boolean closing;
    private final Object byeLock = new Object();
    private int pendingByes;

    public DemoUas(
            DemoSipStack sip,
            MediaContext media,
            ScheduledExecutorService control,
            double toneHz,
            Duration maxCallDuration) {
        this.sip = sip;
        this.responses = new Responses(sip);
        this.media = media;
        this.control = control;
        this.toneHz = toneHz;
        this.maxCallDuration = maxCallDuration;
    }

    /** Calls not yet ended (ringing or answered). */
    public int activeCalls() {
        return calls.size();
    }

    @Override
    public void processRequest(RequestEvent ev) {
        Request r = ev.getRequest();
        if (Request.ACK.equals(r.getMethod())) {
            return; // a 2xx ACK confirms the dialog in the stack; non-2xx ACKs stay inside their transaction
        }
        ServerTransaction st = ev.getServerTransaction();
        if (st == null) {
            try {
                st = sip.provider().getNewServerTransaction(r);
            } catch (TransactionAlreadyExistsException retransmission) {
                return;
            } catch (TransactionUnavailableException e) {
                LOG.log(System.Logger.Level.WARNING, "no transaction for " + r.getMethod(), e);
                return;
            }
        }
        ServerTransaction tx = st;
        post(() -> dispatch(r, tx));
    }

    private void dispatch(Request r, ServerTransaction st) {
        String callId = ((CallIdHeader) r.getHeader(CallIdHeader.NAME)).getCallId();
        boolean inDialog = ((ToHeader) r.getHeader(ToHeader.NAME)).getTag() != null;
        DemoCall call = calls.get(callId);
        switch (r.getMethod()) {
            case Request.INVITE -> {
                if (call != null && inDialog) {
                    call.reInvite(st);
                } else if (inDialog) {
                    reply(st, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
                } else if (call == null) {
                    newCall(r, st, callId);
                } else {
                    reply(st, Response.LOOP_DETECTED); // RFC 3261 section 8.2.2.2: a merged request
                }
            }
            case Request.CANCEL -> {
                if (call != null) {
                    call.cancel(st);
                } else {
                    reply(st, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
                }
            }
            case Request.BYE -> {
                if (call != null) {
                    call.bye(st);
                } else {
                    reply(st, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
                }
            }
            case Request.INFO -> {
                if (call != null) {
                    call.info(st);
                } else {
                    reply(st, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
                }
            }
            case Request.OPTIONS -> reply(st, Response.OK); // RFC 3261 section 11.2, in or out of a dialog
            default -> reply(st, Response.METHOD_NOT_ALLOWED); // RFC 3261 section 8.2.1, with Allow
        }
    }

    private void newCall(Request r, ServerTransaction st, String callId) {
        if (!(r.getRequestURI() instanceof SipURI uri)) {
            reply(st, Response.UNSUPPORTED_URI_SCHEME);
            return;
        }
        Optional<DemoUser> user = DemoUser.of(uri.getUser());
        if (user.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "demo: 404 for unknown user {0}", uri.getUser());
            reply(st, Response.NOT_FOUND);
            return;
        }
        if (closing || calls.size() >= MAX_CALLS) {
            reply(st, Response.SERVICE_UNAVAILABLE); // RFC 3261 section 21.5.4
            return;
        }
        DemoCall call = new DemoCall(
                callId, user.get(), sip, responses, media, control, toneHz, () -> calls.remove(callId), this::byeSent);
        calls.put(callId, call);
        call.start(st, maxCallDuration);
    }

    private void reply(ServerTransaction st, int status) {
        responses.send(st, status, Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1), null);
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent ev) {
        String callId = ev.getDialog().getCallId().getCallId();
        post(() -> {
            DemoCall call = calls.get(callId);
            if (call != null && call.state() == DemoCall.State.ANSWERED) {
                call.dialogTerminated();
            }
        });
    }

    @Override
    public void processResponse(ResponseEvent ev) {
        // Responses to the demo's own BYE and INFO: only a finished BYE matters, to let close() wait for it.
        Response r = ev.getResponse();
        javax.sip.header.CSeqHeader cseq = (javax.sip.header.CSeqHeader) r.getHeader(javax.sip.header.CSeqHeader.NAME);
        if (r.getStatusCode() >= 200 && cseq != null && Request.BYE.equals(cseq.getMethod())) {
            byeDone();
        }
    }

    @Override
    public void processTimeout(TimeoutEvent ev) {
        // A BYE or INFO that got no answer: the dialog ends on its own.
        if (ev.getClientTransaction() != null
                && Request.BYE.equals(ev.getClientTransaction().getRequest().getMethod())) {
            byeDone();
        }
    }

    private void byeSent() {
        synchronized (byeLock) {
            pendingByes++;
        }
    }

    private void byeDone() {
        synchronized (byeLock) {
            pendingByes = Math.max(0, pendingByes - 1);
            byeLock.notifyAll();
        }
    }

    @Override
    public void processIOException(IOExceptionEvent ev) {
        LOG.log(System.Logger.Level.DEBUG, "SIP I/O error toward {0}:{1}", ev.getHost(), ev.getPort());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent ev) {
        // transactions end on their own timers
    }

    private void post(Runnable r) {
        try {
            control.execute(r);
        } catch (RejectedExecutionException closed) {
            // the endpoint is closing
        }
    }

    /**
     * Ends every call (BYE for answered ones, 480 for ringing ones) and waits, up to {@code timeout}, for the
     * BYEs to be answered.
     */
    public void close(Duration timeout) {
        closing = true;
        CountDownLatch done = new CountDownLatch(1);
        try {
            control.execute(() -> {
                for (DemoCall c : List.copyOf(calls.values())) {
                    c.hangUp();
                }
                done.countDown();
            });
            long end = System.nanoTime() + timeout.toNanos();
            done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            // Let the BYEs complete, so the stack does not stop in the middle of their responses.
            synchronized (byeLock) {
                long left;
                while (pendingByes > 0 && (left = (end - System.nanoTime()) / 1_000_000) > 0) {
                    byeLock.wait(left);
                }
            }
        } catch (RejectedExecutionException alreadyStopped) {
            // nothing can run any more
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
