package io.dialout.gateway.sip;

import io.dialout.gateway.concurrent.SerialExecutor;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.ListIterator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.ResponseEvent;
import javax.sip.SipException;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.MinExpiresHeader;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.RetryAfterHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.jboss.logging.Logger;

/**
 * One registration-based trunk's binding at its registrar (RFC 3261 section 10.2): REGISTER with digest
 * credentials, refreshed before the granted lifetime lapses, retried with exponential backoff (honouring
 * Retry-After) when the registrar refuses or does not answer, raised to Min-Expires on 423, removed (expires=0) when
 * the gateway stops.
 *
 * <p>All REGISTERs of one binding share a Call-ID and From tag, with CSeq increasing (section 10.2: a registrar
 * orders refreshes by CSeq within a Call-ID). After a challenge, later refreshes answer the same nonce with a higher
 * nonce count and a fresh cnonce (RFC 7616 section 3.4, as SIP phones do), so a refresh costs one round trip; a
 * registrar that wants a new nonce challenges again (stale=true, or just a new nonce), which is answered once.
 *
 * <p>Confined to a serial executor: stack callbacks and timers post to it. {@link #status()} is safe from any thread.
 */
final class Registration {

    private static final Logger LOG = Logger.getLogger(Registration.class);
    /** Challenges answered within one attempt before the credentials count as refused. */
    private static final int MAX_CHALLENGES_PER_ATTEMPT = 2;
    /** The longest Retry-After honoured as given. */
    private static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    private final SipContext ctx;
    private final RegistrationSpec spec;
    private final SerialExecutor executor;
    private final Consumer<RegistrationStatus> onChange;
    private final String callId;
    private final String fromTag = InviteFactory.newTag();
    private final String transport;

    private long cseq;
    private long requestedExpires;
    private DigestChallenge challenge;
    private int nonceCount;
    private int challengesThisAttempt;
    private ScheduledFuture<?> timer;
    private boolean stopping;
    private CountDownLatch removed;

    private volatile RegistrationStatus status;

    Registration(SipContext ctx, RegistrationSpec spec, Consumer<RegistrationStatus> onChange) {
        this.ctx = ctx;
        this.spec = spec;
        this.onChange = onChange;
        this.executor = SerialExecutor.droppingWhenClosed(
                ctx.pool(), "registration " + spec.trunk().name());
        this.callId = ctx.provider().getNewCallId().getCallId();
        this.transport = spec.trunk().transport();
        this.requestedExpires = spec.expires().toSeconds();
        this.status = new RegistrationStatus(
                spec.trunk().name(), RegistrationStatus.State.REGISTERING, 0, null, null, Instant.now(), 0);
    }

    String callId() {
        return callId;
    }

    RegistrationStatus status() {
        return status;
    }

    void start() {
        executor.execute(this::attempt);
    }

    /** Stack callback (any thread). */
    void onResponse(ResponseEvent event) {
        executor.execute(() -> handle(event.getResponse()));
    }

    /** Stack callback: timer F fired for our REGISTER. */
    void onTimeout() {
        executor.execute(() -> failed(Response.REQUEST_TIMEOUT, "no response from the registrar", null));
    }

    /** Stack callback: a transport error with some peer; ours if it is the registrar (or the outbound proxy). */
    void onTransportError(String host, int port) {
        executor.execute(() -> {
            if (awaitingResponse() && nextHopHost().equalsIgnoreCase(host)) {
                failed(Response.SERVICE_UNAVAILABLE, "transport error with " + host + ":" + port, null);
            }
        });
    }

    /**
     * Removes the binding (REGISTER with expires=0) when there is one, and waits at most {@code wait} for the
     * registrar's answer. Idempotent.
     */
    void stop(Duration wait) {
        CountDownLatch done = new CountDownLatch(1);
        executor.execute(() -> {
            if (stopping) {
                done.countDown();
                return;
            }
            stopping = true;
            cancelTimer();
            RegistrationStatus s = status;
            boolean bound = s.expiresAt() != null && s.expiresAt().isAfter(Instant.now());
            if (bound) {
                removed = done;
                challengesThisAttempt = 0;
                send();
            } else {
                update(RegistrationStatus.State.UNREGISTERED, s.lastStatus(), s.lastReason(), null, null, s.failures());
                done.countDown();
            }
        });
        try {
            if (!done.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.debugf(
                        "registration %s: no answer to the removal within %s",
                        spec.trunk().name(), wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.execute(() -> {
            RegistrationStatus s = status;
            update(RegistrationStatus.State.UNREGISTERED, s.lastStatus(), s.lastReason(), null, null, s.failures());
        });
    }

    // ---- on the executor ---------------------------------------------------------------------------------------

    private boolean awaitingResponse() {
        return timer == null || timer.isDone();
    }

    private void attempt() {
        if (stopping) {
            return;
        }
        challengesThisAttempt = 0;
        RegistrationStatus s = status;
        update(
                s.registered() ? RegistrationStatus.State.REGISTERED : s.state(),
                s.lastStatus(),
                s.lastReason(),
                s.expiresAt(),
                null,
                s.failures());
        send();
    }

    private void send() {
        cancelTimer();
        try {
            Request register = build(stopping ? 0 : requestedExpires);
            ClientTransaction tx = ctx.provider().getNewClientTransaction(register);
            ctx.applyTimers(tx);
            tx.sendRequest();
        } catch (SipException | ParseException | InvalidArgumentException | RuntimeException e) {
            LOG.debugf(e, "registration %s: cannot send REGISTER", spec.trunk().name());
            failed(Response.SERVICE_UNAVAILABLE, "cannot send: " + e.getMessage(), null);
        }
    }

    private void handle(Response response) {
        CSeqHeader cs = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
        int code = response.getStatusCode();
        if (code < 200 || cs == null || cs.getSeqNumber() != cseq) {
            return; // provisional, or an answer to a REGISTER we already gave up on
        }
        if (stopping) {
            LOG.debugf("registration %s removed: %d", spec.trunk().name(), code);
            RegistrationStatus s = status;
            update(RegistrationStatus.State.UNREGISTERED, code, response.getReasonPhrase(), null, null, s.failures());
            if (removed != null) {
                removed.countDown();
            }
            return;
        }
        if (code >= 200 && code < 300) {
            registered(response);
        } else if ((code == Response.UNAUTHORIZED || code == Response.PROXY_AUTHENTICATION_REQUIRED)
                && answerChallenge(response)) {
            send();
        } else if (code == Response.INTERVAL_TOO_BRIEF && raiseExpires(response)) {
            send();
        } else {
            RetryAfterHeader ra = (RetryAfterHeader) response.getHeader(RetryAfterHeader.NAME);
            failed(code, response.getReasonPhrase(), ra == null ? null : Duration.ofSeconds(ra.getRetryAfter()));
        }
    }

    private void registered(Response ok) {
        long granted = grantedExpires(ok);
        if (granted <= 0) {
            failed(ok.getStatusCode(), "the registrar kept no binding for our Contact", null);
            return;
        }
        Instant now = Instant.now();
        // refresh a minute before the end, or at half of a short lifetime (RFC 3261 section 10.2.4 leaves the
        // margin to the client; a lost refresh then still has time for its own retransmissions and one retry)
        long refreshIn = Math.max(granted / 2, granted - 60);
        Instant next = now.plusSeconds(refreshIn);
        if (status.state() != RegistrationStatus.State.REGISTERED || status.failures() > 0) {
            LOG.infof("registration %s: registered for %d s", spec.trunk().name(), granted);
        }
        update(
                RegistrationStatus.State.REGISTERED,
                ok.getStatusCode(),
                ok.getReasonPhrase(),
                now.plusSeconds(granted),
                next,
                0);
        schedule(Duration.ofSeconds(refreshIn), this::attempt);
    }

    /**
     * The lifetime granted to our Contact: its expires parameter in the 200, else the Expires header, else what we
     * asked (RFC 3261 section 10.2.4).
     */
    private long grantedExpires(Response ok) {
        ListIterator<?> contacts = ok.getHeaders(ContactHeader.NAME);
        while (contacts.hasNext()) {
            ContactHeader c = (ContactHeader) contacts.next();
            if (c.getAddress().getURI() instanceof SipURI uri
                    && spec.user().equals(uri.getUser())
                    && ctx.config().advertisedAddress().equalsIgnoreCase(uri.getHost())
                    && (uri.getPort() == ctx.port() || (uri.getPort() < 0 && ctx.port() == 5060))) {
                int e = c.getExpires();
                if (e >= 0) {
                    return e;
                }
            }
        }
        // a registrar behind NAT handling may list our Contact rewritten: then the Expires header, or what we asked
        ExpiresHeader h = (ExpiresHeader) ok.getHeader(ExpiresHeader.NAME);
        return h != null ? h.getExpires() : requestedExpires;
    }

    private boolean answerChallenge(Response response) {
        Trunk trunk = spec.trunk();
        if (!trunk.hasCredentials() || challengesThisAttempt >= MAX_CHALLENGES_PER_ATTEMPT) {
            return false;
        }
        boolean proxy = response.getStatusCode() == Response.PROXY_AUTHENTICATION_REQUIRED;
        for (DigestChallenge c : CallCredentials.challenges(response, proxy)) {
            if (!c.answerable() || (trunk.realm() != null && !trunk.realm().equals(c.realm()))) {
                continue;
            }
            boolean sameNonce = challenge != null && c.nonce().equals(challenge.nonce());
            if (sameNonce && challengesThisAttempt > 0 && !stale(response, proxy)) {
                // our answer to this very nonce was refused: the credentials are wrong
                return false;
            }
            challenge = c;
            nonceCount = 0;
            challengesThisAttempt++;
            return true;
        }
        return false;
    }

    private static boolean stale(Response response, boolean proxy) {
        ListIterator<?> it = response.getHeaders(proxy ? ProxyAuthenticateHeader.NAME : WWWAuthenticateHeader.NAME);
        while (it.hasNext()) {
            WWWAuthenticateHeader h = (WWWAuthenticateHeader) it.next();
            if ("true".equalsIgnoreCase(h.getParameter("stale"))) {
                return true;
            }
        }
        return false;
    }

    private boolean raiseExpires(Response response) {
        MinExpiresHeader min = (MinExpiresHeader) response.getHeader(MinExpiresHeader.NAME);
        if (min == null || min.getExpires() <= requestedExpires) {
            return false;
        }
        LOG.infof(
                "registration %s: the registrar wants at least %d s (asked %d s)",
                spec.trunk().name(), min.getExpires(), requestedExpires);
        requestedExpires = min.getExpires();
        return true;
    }

    private void failed(int code, String reason, Duration retryAfter) {
        if (stopping) {
            if (removed != null) {
                removed.countDown();
            }
            return;
        }
        RegistrationStatus s = status;
        int failures = s.failures() + 1;
        Duration delay = backoff(failures);
        if (retryAfter != null && retryAfter.compareTo(Duration.ZERO) > 0) {
            delay = retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
        }
        Instant now = Instant.now();
        boolean stillBound = s.expiresAt() != null && s.expiresAt().isAfter(now);
        LOG.warnf(
                "registration %s: %d %s (%d in a row); next attempt in %d ms%s",
                spec.trunk().name(),
                code,
                reason,
                failures,
                delay.toMillis(),
                stillBound ? " (the binding holds until " + s.expiresAt() + ")" : "");
        update(
                stillBound ? RegistrationStatus.State.REGISTERED : RegistrationStatus.State.FAILED,
                code,
                reason,
                stillBound ? s.expiresAt() : null,
                now.plus(delay),
                failures);
        if (stillBound && s.expiresAt().isBefore(now.plus(delay))) {
            // the binding lapses before the retry: report it when it does
            schedule(Duration.between(now, s.expiresAt()), () -> {
                lapsed();
                schedule(Duration.between(Instant.now(), status.nextAttempt()), this::attempt);
            });
        } else {
            schedule(delay, this::attempt);
        }
    }

    private void lapsed() {
        RegistrationStatus s = status;
        update(RegistrationStatus.State.FAILED, s.lastStatus(), s.lastReason(), null, s.nextAttempt(), s.failures());
    }

    /** retry-min doubled per consecutive failure up to retry-max, with ±20 % jitter so trunks do not align. */
    private Duration backoff(int failures) {
        long min = spec.retryMin().toMillis();
        long max = spec.retryMax().toMillis();
        long base = min << Math.min(failures - 1, 20);
        if (base <= 0 || base > max) {
            base = max;
        }
        double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis(Math.max(1, Math.min(max, Math.round(base * jitter))));
    }

    private void schedule(Duration delay, Runnable task) {
        cancelTimer();
        long ms = Math.max(0, delay.toMillis());
        timer = ctx.scheduler().schedule(() -> executor.execute(task), ms, TimeUnit.MILLISECONDS);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void update(
            RegistrationStatus.State state, int code, String reason, Instant expiresAt, Instant next, int failures) {
        RegistrationStatus s =
                new RegistrationStatus(spec.trunk().name(), state, code, reason, expiresAt, next, failures);
        status = s;
        try {
            onChange.accept(s);
        } catch (RuntimeException e) {
            LOG.debug("registration listener failed", e);
        }
    }

    private String nextHopHost() {
        String proxy = spec.trunk().outboundProxy();
        return RegistrationSpec.HostPort.host(proxy != null && !proxy.isBlank() ? proxy : spec.registrar());
    }

    // ---- the request -------------------------------------------------------------------------------------------

    private Request build(long expires) throws ParseException, InvalidArgumentException {
        SipURI requestUri = ctx.addresses().createSipURI(null, RegistrationSpec.HostPort.host(spec.registrar()));
        int port = RegistrationSpec.HostPort.port(spec.registrar());
        if (port > 0) {
            requestUri.setPort(port);
        }
        Trunk trunk = spec.trunk();
        boolean viaProxy =
                trunk.outboundProxy() != null && !trunk.outboundProxy().isBlank();
        if ("tcp".equals(transport) && !viaProxy) {
            requestUri.setTransportParam("tcp");
        }
        SipURI aorUri = ctx.addresses().createSipURI(spec.user(), spec.domain());
        Address aor = ctx.addresses().createAddress(aorUri);
        FromHeader from = ctx.headers().createFromHeader(aor, fromTag);
        ToHeader to = ctx.headers().createToHeader(ctx.addresses().createAddress(aorUri), null);
        CSeqHeader cs = ctx.headers().createCSeqHeader(++cseq, Request.REGISTER);
        ViaHeader via = ctx.headers().createViaHeader(ctx.config().advertisedAddress(), ctx.port(), transport, null);
        via.setRPort();
        Request r = ctx.messages()
                .createRequest(
                        requestUri,
                        Request.REGISTER,
                        ctx.headers().createCallIdHeader(callId),
                        cs,
                        from,
                        to,
                        List.of(via),
                        ctx.headers().createMaxForwardsHeader(70));
        if (viaProxy) {
            r.addHeader(ctx.headers().createRouteHeader(new InviteFactory(ctx).proxyAddress(trunk)));
        }
        ContactHeader contact = (ContactHeader) ctx.contact(spec.user(), transport);
        contact.setExpires((int) expires);
        r.addHeader(contact);
        r.addHeader(ctx.headers().createExpiresHeader((int) expires));
        r.addHeader(ctx.userAgent());
        if (challenge != null) {
            String header = challenge.proxy() ? ProxyAuthorizationHeader.NAME : AuthorizationHeader.NAME;
            r.addHeader(ctx.header(
                    header,
                    DigestAuthenticator.authorizationValue(
                            challenge,
                            trunk.username(),
                            trunk.password(),
                            Request.REGISTER,
                            requestUri.toString(),
                            DigestAuthenticator.newCnonce(),
                            ++nonceCount)));
        }
        return r;
    }
}
