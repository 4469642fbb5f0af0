package io.dialout.gateway.sip;

import gov.nist.javax.sip.DialogTimeoutEvent;
import gov.nist.javax.sip.ListeningPointImpl;
import gov.nist.javax.sip.SipListenerExt;
import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import io.dialout.gateway.sip.ingress.GuardedSipStack;
import io.dialout.gateway.sip.ingress.SipIngressConfig;
import io.dialout.gateway.sip.ingress.SipIngressCounters;
import io.dialout.jainsip.log.JainSipServerLogger;
import io.dialout.jainsip.log.JainSipStackLogger;
import java.io.IOException;
import java.text.ParseException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.InvalidArgumentException;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.jboss.logging.Logger;

/**
 * {@link SipUserAgent} on the JAIN-SIP reference implementation: one stack, a UDP and a TCP listening point on the
 * same port, a TLS one on its own port ({@link SipTls}), one provider.
 *
 * <p>Automatic dialog support is on: the stack keeps each dialog's state (tags, route set, remote target, CSeq) and
 * builds in-dialog requests ({@code Dialog.createRequest}); this class and {@link SipCall} decide what to send.
 * Stack callbacks only look up the call by Call-ID (creating the server transaction first, so retransmissions are
 * absorbed by it) and post the event to the call's serial executor.
 *
 * <p>Requests outside a dialog: INVITE is refused 403 Forbidden ("dial-out only": this gateway never takes inbound
 * calls), OPTIONS gets 200 (trunk keep-alives), BYE/INFO/CANCEL for unknown dialogs 481, the rest 405; but only to
 * trusted sources within their rate limit: {@link GuardedSipStack} drops the others unanswered, and bounds TCP
 * connections and message sizes.
 */
public final class JainSipUserAgent implements SipUserAgent, SipListenerExt {

    private static final Logger LOG = Logger.getLogger(JainSipUserAgent.class);
    private static final AtomicInteger STACKS = new AtomicInteger();

    private final GuardedSipStack stack;
    private final SipContext ctx;
    private final InviteFactory inviteFactory;
    private final SipTls tls;
    private final Map<String, SipCall> calls = new ConcurrentHashMap<>();
    /** Registrations by their Call-ID (one per binding, RFC 3261 section 10.2), in start order. */
    private final Map<String, Registration> registrations =
            java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>());

    private final AtomicBoolean closed = new AtomicBoolean();
    private final DialogStore dialogs;
    /** BYEs sent at start to the dialogs a previous run left, by Call-ID (issue 14 item 8). */
    private final Map<String, javax.sip.ClientTransaction> leftoverByes = new ConcurrentHashMap<>();

    /**
     * CSeq of the BYE to a dialog a previous run left: above the one kept at the answer by more than the requests a
     * call sends after it (INFO, re-INVITE, UPDATE), so the far end does not refuse it as out of order (RFC 3261
     * section 12.2.2), and far below 2^31 (section 8.1.1.5).
     */
    static final long LEFTOVER_CSEQ_STEP = 100_000;

    /**
     * With the system's DNS, no policy for redirect targets and DNS results, 5 redirects at most, and answering
     * requests outside our calls from nobody (tests of the SIP layer that only dial out).
     */
    public JainSipUserAgent(SipUserAgentConfig config) {
        this(config, TargetSelection.defaults(), null, SipIngressConfig.trusting(java.util.List.of()));
    }

    /**
     * @param dialogDir where the confirmed dialogs are kept so that the next run can end them after a crash; null for
     *                  nowhere
     */
    public JainSipUserAgent(SipUserAgentConfig config, java.nio.file.Path dialogDir) {
        this(config, TargetSelection.defaults(), dialogDir, SipIngressConfig.trusting(java.util.List.of()));
    }

    /** @param targets RFC 3263 server location and the dial plan's checks for redirect targets and DNS results */
    public JainSipUserAgent(SipUserAgentConfig config, TargetSelection targets) {
        this(config, targets, null, SipIngressConfig.trusting(java.util.List.of()));
    }

    /** With the ingress defences of {@code ingress}: whom to answer, TCP and message limits (see docs/security.md). */
    public JainSipUserAgent(SipUserAgentConfig config, SipIngressConfig ingress) {
        this(config, TargetSelection.defaults(), null, ingress);
    }

    /**
     * @param targets   RFC 3263 server location and the dial plan's checks for redirect targets and DNS results
     * @param dialogDir where the confirmed dialogs are kept so that the next run can end them after a crash; null for
     *                  nowhere
     * @param ingress   whom to answer outside our calls, TCP and message limits (see docs/security.md)
     */
    public JainSipUserAgent(
            SipUserAgentConfig config,
            TargetSelection targets,
            java.nio.file.Path dialogDir,
            SipIngressConfig ingress) {
        this.dialogs = dialogDir == null ? DialogStore.NONE : DialogStore.in(dialogDir);
        int id = STACKS.incrementAndGet();
        ExecutorService pool = Executors.newCachedThreadPool(UserAgentResources.daemon("sip-call-" + id + "-"));
        ScheduledExecutorService scheduler =
                Executors.newSingleThreadScheduledExecutor(UserAgentResources.daemon("sip-timer-" + id + "-"));
        try {
            tls = new SipTls(config.tls());
            // the TLS layer (per-stack contexts, name checks) under the ingress guard's TCP admission
            stack = TlsNetworkLayer.building(
                    tls, () -> new GuardedSipStack(stackProperties(id, config.tls()), ingress, calls::containsKey));
            // 2xx from other forks go to their call before the stack sees them (RFC 3261 section 13.2.2.4)
            stack.sipMessageValves.add(new OtherForkValve(calls::get));
            int port = config.port() != 0 ? config.port() : UserAgentResources.freePort(config.bindAddress());
            int tlsPort =
                    config.tls().port() != 0 ? config.tls().port() : UserAgentResources.freePort(config.bindAddress());
            ListeningPoint udp = stack.createListeningPoint(config.bindAddress(), port, ListeningPoint.UDP);
            ListeningPoint tcp = stack.createListeningPoint(config.bindAddress(), port, ListeningPoint.TCP);
            ListeningPoint tlsPoint = stack.createListeningPoint(config.bindAddress(), tlsPort, ListeningPoint.TLS);
            if (!config.advertisedAddress().equals(config.bindAddress())) {
                // Via sent-by of requests the stack builds itself (in-dialog) carries the public address
                ((ListeningPointImpl) udp).setSentBy(config.advertisedAddress() + ":" + port);
                ((ListeningPointImpl) tcp).setSentBy(config.advertisedAddress() + ":" + port);
                ((ListeningPointImpl) tlsPoint).setSentBy(config.advertisedAddress() + ":" + tlsPort);
            }
            SipProvider provider = stack.createSipProvider(udp);
            provider.addListeningPoint(tcp);
            provider.addListeningPoint(tlsPoint);
            provider.addSipListener(this);
            ctx = new SipContext(
                    provider,
                    new HeaderFactoryImpl(),
                    new AddressFactoryImpl(),
                    new MessageFactoryImpl(),
                    config,
                    port,
                    pool,
                    scheduler,
                    targets,
                    tlsPort,
                    stack.ingressCounters());
            inviteFactory = new InviteFactory(ctx);
            stack.start();
            if (stack.resolvesTrustedNames()) {
                scheduler.scheduleWithFixedDelay(stack::refreshTrustedSources, 60, 60, TimeUnit.SECONDS);
            }
        } catch (SipException
                | InvalidArgumentException
                | ParseException
                | IOException
                | java.util.TooManyListenersException e) {
            pool.shutdownNow();
            scheduler.shutdownNow();
            throw new IllegalStateException(
                    "cannot start the SIP stack on " + config.bindAddress() + ":" + config.port() + ": "
                            + e.getMessage(),
                    e);
        }
        LOG.info("SIP user agent listening on " + config.bindAddress() + ":" + ctx.port() + " (udp, tcp) and :"
                + ctx.tlsPort() + " (tls), advertised as " + config.advertisedAddress());
        byeLeftovers();
    }

    /**
     * Ends the dialogs a previous run of the gateway left (it was killed with calls up): a BYE to each, as that run
     * would have sent it, with a Reason (RFC 3326). The kept state is deleted when the BYE's transaction ends, with
     * any final response (a 481 says the far end had already ended it) or a timeout.
     */
    private void byeLeftovers() {
        for (DialogState d : dialogs.leftovers()) {
            try {
                Request bye = d.request(ctx, Request.BYE, d.cseq() + LEFTOVER_CSEQ_STEP);
                bye.addHeader(ctx.userAgent());
                bye.addHeader(ctx.header("Reason", "Q.850;cause=41;text=\"gateway restarted\""));
                javax.sip.ClientTransaction tx = ctx.provider().getNewClientTransaction(bye);
                ctx.applyTimers(tx);
                leftoverByes.put(d.callId(), tx);
                tx.sendRequest();
                LOG.info("BYE sent to " + d.target() + " for dialog " + d.callId() + ", left by a previous run");
            } catch (SipException | ParseException | InvalidArgumentException | RuntimeException e) {
                LOG.warn("no BYE for the dialog " + d.callId() + " a previous run left: " + e);
                leftoverByes.remove(d.callId());
                dialogs.remove(d.callId());
            }
        }
    }

    /** True when this was the end of a leftover's BYE (the response or timeout is then consumed). */
    private boolean leftoverByeEnded(String callId, javax.sip.ClientTransaction tx, String how) {
        if (tx == null || leftoverByes.get(callId) != tx) {
            return false;
        }
        leftoverByes.remove(callId);
        dialogs.remove(callId);
        LOG.info("dialog " + callId + " left by a previous run: BYE " + how);
        return true;
    }

    private static Properties stackProperties(int id, SipTls.Config tls) {
        Properties p = new Properties();
        SipTlsProperties.apply(p, tls);
        p.setProperty("javax.sip.STACK_NAME", "dialout-" + id);
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "on");
        // the default loggers need log4j 1.x: ours go through java.util.logging
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", JainSipStackLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.SERVER_LOGGER", JainSipServerLogger.class.getName());
        // events are only queued to the calls' executors, so one stack event thread is enough
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "false");
        // one UDP processing thread keeps datagrams in arrival order (else a 180 can overtake its 100, or one INFO
        // another); parsing is cheap next to a call's life
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "1");
        p.setProperty("gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS", "true");
        p.setProperty("gov.nist.javax.sip.DELIVER_UNSOLICITED_NOTIFY", "false");
        // the stack's routing rules, except for an INVITE sent to one server of an RFC 3263 list
        p.setProperty("javax.sip.ROUTER_PATH", NextHopRouter.class.getName());
        return p;
    }

    @Override
    public OutboundCall invite(InviteRequest request, SipCallListener listener) {
        return invite(request, null, listener);
    }

    @Override
    public OutboundCall invite(InviteRequest request, TransferHeaders transfer, SipCallListener listener) {
        if (closed.get()) {
            throw new IllegalStateException("SIP user agent closed");
        }
        Request invite = InviteFactory.withTransfer(ctx, inviteFactory.create(request), transfer);
        SipTlsProperties.rememberTrunk(tls, request.trunk(), invite);
        InviteRequest sized = LargeRequests.transportFor(request, invite);
        if (sized != request) {
            request = sized;
            // over TCP: Via, Contact and Request-URI say so
            invite = InviteFactory.withTransfer(ctx, inviteFactory.create(request), transfer);
        }
        String user = request.fromUser() == null || request.fromUser().isBlank() ? "gateway" : request.fromUser();
        SipCall call = new SipCall(ctx, invite, request.trunk(), user, listener, this::removeCall, dialogs);
        calls.put(call.sipCallId(), call);
        call.start();
        return call;
    }

    @Override
    public void register(RegistrationSpec spec, java.util.function.Consumer<RegistrationStatus> onChange) {
        if (closed.get()) {
            throw new IllegalStateException("SIP user agent closed");
        }
        Registration r = new Registration(ctx, spec, onChange);
        registrations.put(r.callId(), r);
        r.start();
    }

    @Override
    public java.util.List<RegistrationStatus> registrations() {
        synchronized (registrations) {
            return registrations.values().stream().map(Registration::status).toList();
        }
    }

    private void removeCall(SipCall call) {
        dialogs.remove(call.sipCallId());
        calls.remove(call.sipCallId(), call);
        synchronized (calls) {
            calls.notifyAll();
        }
    }

    @Override
    public int port() {
        return ctx.port();
    }

    /** What the ingress defences refused (for metrics and tests). */
    public SipIngressCounters ingressCounters() {
        return stack.ingressCounters();
    }

    /** The port of the TLS listening point. */
    public int tlsPort() {
        return ctx.tlsPort();
    }

    /** Number of calls not yet terminated (for metrics and tests). */
    public int activeCalls() {
        return calls.size();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        calls.values().forEach(SipCall::hangup);
        long deadline =
                System.nanoTime() + ctx.config().timers().shutdownGrace().toNanos();
        synchronized (calls) {
            long left;
            while (!calls.isEmpty() && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(calls, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        calls.values().forEach(SipCall::forceTerminate);
        java.util.List<Registration> bindings;
        synchronized (registrations) {
            bindings = java.util.List.copyOf(registrations.values());
        }
        // RFC 3261 section 10.2.2: remove our bindings, so the registrar stops routing to a gateway that is gone
        bindings.forEach(r -> r.stop(ctx.config().timers().shutdownGrace()));
        ctx.pool().shutdown();
        try {
            ctx.pool().awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ctx.scheduler().shutdownNow();
        gov.nist.javax.sip.EventScanner scanner = stack.getEventScanner();
        UserAgentResources.awaitUdpProcessorsRunning(stack, java.time.Duration.ofSeconds(2));
        UserAgentResources.stopWithoutPause(stack);
        if (scanner != null) {
            // stop() leaves the stack's event thread blocked on its queue: flag it, then wake it with a no-op event
            // whose source is our provider (the scanner casts the source to SipProviderImpl)
            scanner.forceStop();
            scanner.addEvent(new gov.nist.javax.sip.EventWrapper(new java.util.EventObject(ctx.provider()), null));
        }
        ctx.pool().shutdownNow();
        LOG.debug("SIP user agent stopped");
    }

    // ---- SipListener (stack event thread) ----------------------------------------------------------------------

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        String method = request.getMethod();
        SipCall call = calls.get(callId(request));
        if (Request.ACK.equals(method)) {
            if (call != null) {
                call.post(() -> call.onRequest(request, null));
            }
            return;
        }
        ServerTransaction st = event.getServerTransaction();
        if (st == null) {
            try {
                st = ctx.provider().getNewServerTransaction(request);
            } catch (SipException | RuntimeException e) {
                // a retransmission racing its own transaction: that transaction answers it
                LOG.debug("no server transaction for " + method, e);
                return;
            }
        }
        boolean inDialog = ((ToHeader) request.getHeader(ToHeader.NAME)).getTag() != null;
        if (call != null && inDialog) {
            ServerTransaction tx = st;
            call.post(() -> call.onRequest(request, tx));
            return;
        }
        OutOfDialog.respond(ctx, st, request);
    }

    @Override
    public void processResponse(ResponseEvent event) {
        Response response = event.getResponse();
        Registration registration = registrations.get(callId(response));
        if (registration != null) {
            registration.onResponse(event);
            return;
        }
        SipCall call = calls.get(callId(response));
        if (call != null) {
            call.post(() -> call.onResponse(event));
        } else if (response.getStatusCode() >= 200
                && leftoverByeEnded(
                        callId(response), event.getClientTransaction(), "answered " + response.getStatusCode())) {
            return;
        } else {
            LOG.debug("response for no call: " + response.getStatusCode() + " " + callId(response));
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        if (event.isServerTransaction() || event.getClientTransaction() == null) {
            return;
        }
        String id = callId(event.getClientTransaction().getRequest());
        Registration registration = registrations.get(id);
        if (registration != null) {
            registration.onTimeout();
            return;
        }
        SipCall call = calls.get(id);
        if (call != null) {
            call.post(() -> call.onTimeout(event));
        } else {
            leftoverByeEnded(id, event.getClientTransaction(), "timed out");
        }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        // the event names no transaction: each call checks whether it waits on that peer
        LOG.debug("SIP I/O error with " + event.getHost() + ":" + event.getPort() + "/" + event.getTransport());
        for (SipCall call : calls.values()) {
            call.post(() -> call.onTransportError(event.getHost(), event.getPort()));
        }
        synchronized (registrations) {
            registrations.values().forEach(r -> r.onTransportError(event.getHost(), event.getPort()));
        }
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        if (event.isServerTransaction() || event.getClientTransaction() == null) {
            return;
        }
        javax.sip.ClientTransaction tx = event.getClientTransaction();
        SipCall call = calls.get(callId(tx.getRequest()));
        if (call != null) {
            call.post(() -> call.onTransactionTerminated(tx));
        }
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {}

    @Override
    public void processDialogTimeout(DialogTimeoutEvent event) {
        LOG.debug("dialog timeout: " + event.getReason());
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static String callId(javax.sip.message.Message m) {
        CallIdHeader h = (CallIdHeader) m.getHeader(CallIdHeader.NAME);
        return h == null ? "" : h.getCallId();
    }
}
