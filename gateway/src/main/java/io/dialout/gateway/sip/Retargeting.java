package io.dialout.gateway.sip;

import static io.dialout.gateway.sip.CallScope.cseq;

import io.dialout.gateway.sip.InviteTransitions.Event;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import javax.sip.InvalidArgumentException;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.RouteHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.jboss.logging.Logger;

/**
 * Where the INVITE of one call goes next when an attempt fails before the answer:
 *
 * <ul>
 *   <li>RFC 3263 section 4.3: after a 503, a 408 (or timer B) or a transport failure, the next server of the list
 *       that {@link ServerLocator} found for the target's domain (RFC 2782 order);</li>
 *   <li>RFC 3261 section 8.1.3.4: after a 3xx, its Contacts ({@link Redirects}: by q, each through the dial plan,
 *       with the loop guard); after a failure (any final response but 6xx, a timeout, a transport failure) of a
 *       redirected attempt, the next target of that set.</li>
 * </ul>
 *
 * Each new attempt is the previous INVITE with CSeq + 1 and a new branch (a new transaction, RFC 3263 section 4.3),
 * the same Call-ID, tags, headers and body (section 8.1.3.4), and for a redirect the new Request-URI and no
 * credentials (they were for another target). Confined to the call's executor.
 */
final class Retargeting {

    private static final Logger LOG = Logger.getLogger(Retargeting.class);

    /** A new attempt: the request to send, and the redirect target when it follows a 3xx (else null). */
    record Attempt(Request invite, String redirectedTo) {}

    /** No server may be tried for the current target: {@code policy} when DNS found only refused addresses. */
    static final class NoServer extends Exception {
        private static final long serialVersionUID = 1L;
        final boolean policy;

        NoServer(String message, boolean policy) {
            super(message);
            this.policy = policy;
        }
    }

    private final CallScope call;
    private final TargetSelection selection;
    private final String dialledUri;
    private final Redirects redirects;
    private List<ServerLocator.Server> servers;
    private int server;
    private boolean policyRefused;

    Retargeting(CallScope call, Request first) {
        this.call = call;
        this.selection = call.ctx.targets();
        this.dialledUri = first.getRequestURI().toString();
        this.redirects = new Redirects(dialledUri, selection.maxRedirects());
    }

    /**
     * The server to send {@code invite} to: null leaves it to the stack (an IP literal, a host with a port, or a
     * domain that has no list); located once per target URI.
     */
    ServerLocator.Server server(Request invite) throws NoServer {
        if (servers == null) {
            servers = locate(invite);
            server = 0;
        }
        return servers.isEmpty() ? null : servers.get(server);
    }

    /** True when the last failure to find a server was the policy refusing every address DNS gave. */
    boolean policyRefused() {
        return policyRefused;
    }

    private List<ServerLocator.Server> locate(Request invite) throws NoServer {
        SipURI hop = nextHopUri(invite);
        if (hop == null) {
            return List.of();
        }
        String transport = hop.isSecure()
                ? "tls"
                : hop.getTransportParam() != null ? hop.getTransportParam() : call.trunk.transport();
        String host = hop.getHost();
        ServerLocator.Located located = selection.locator().locate(host, hop.getPort(), transport);
        if (located.notLocated()) {
            return List.of();
        }
        if (located.servers().isEmpty()) {
            throw new NoServer("no server found in DNS for " + host, false);
        }
        List<ServerLocator.Server> allowed = new ArrayList<>();
        String refusal = null;
        for (ServerLocator.Server s : located.servers()) {
            String why = selection.policy().refuseServer(host, s.address(), call.trunk);
            if (why == null) {
                allowed.add(s);
            } else {
                refusal = why;
                LOG.infof("%s: %s not tried: %s", call.callId, s, why);
            }
        }
        if (allowed.isEmpty()) {
            policyRefused = true;
            throw new NoServer(host + ": " + refusal, true);
        }
        return List.copyOf(allowed);
    }

    /** The outbound proxy (the Route we put in) when there is one, else the Request-URI (RFC 3261 section 8.1.2). */
    private static SipURI nextHopUri(Request invite) {
        RouteHeader route = (RouteHeader) invite.getHeader(RouteHeader.NAME);
        URI uri = route != null ? route.getAddress().getURI() : invite.getRequestURI();
        return uri instanceof SipURI s ? s : null;
    }

    /**
     * The next attempt after {@code event} (with its response, if any) ended the current one, or null when there is
     * none and the failure stands.
     */
    Attempt next(Request invite, Event event, Response response) {
        int status = response == null ? 0 : response.getStatusCode();
        boolean serverFailed = event == Event.TIMER_B || event == Event.UNREACHABLE || status == 503 || status == 408;
        if (serverFailed && servers != null && server + 1 < servers.size()) {
            server++;
            LOG.debugf("%s: RFC 3263: trying %s", call.callId, servers.get(server));
            return new Attempt(retry(invite, null), null);
        }
        if (status >= 300 && status < 400) {
            redirects.redirected(
                    Redirects.contacts(response),
                    target -> selection.policy().refuseRedirect(dialledUri, target, call.trunk));
            if (redirects.refusal() != null) {
                LOG.infof("%s: %d from %s: %s", call.callId, status, invite.getRequestURI(), redirects.refusal());
            }
        }
        // a 6xx is a global failure: no other target of the set is tried (RFC 3261 section 21.6)
        boolean failed = status >= 300 && status < 600 || event == Event.TIMER_B || event == Event.UNREACHABLE;
        String target = failed ? redirects.next() : null;
        while (target != null) {
            Request next = retry(invite, target);
            if (next != null) {
                return new Attempt(next, target);
            }
            target = redirects.next();
        }
        return null;
    }

    /** The reason phrase of a 3xx that ends the call: why its targets were not followed. */
    String reason(Response response) {
        int status = response.getStatusCode();
        String refusal = status >= 300 && status < 400 ? redirects.refusal() : null;
        return refusal == null ? response.getReasonPhrase() : response.getReasonPhrase() + " (" + refusal + ")";
    }

    /** The INVITE again as a new transaction, to {@code target} when not null; null when the target will not parse. */
    private Request retry(Request invite, String target) {
        Request retry = (Request) invite.clone();
        try {
            if (target != null) {
                SipURI uri = (SipURI) call.ctx.addresses().createURI(target);
                if ("tcp".equals(call.trunk.transport())
                        && retry.getHeader(RouteHeader.NAME) == null
                        && uri.getTransportParam() == null) {
                    uri.setTransportParam("tcp"); // as InviteFactory does for the first target
                }
                retry.setRequestURI(uri);
                retry.removeHeader(AuthorizationHeader.NAME);
                retry.removeHeader(ProxyAuthorizationHeader.NAME);
                servers = null; // the new target's own servers, located when it is sent
                policyRefused = false;
            }
            CSeqHeader cseq = cseq(retry);
            cseq.setSeqNumber(cseq.getSeqNumber() + 1);
            ((ViaHeader) retry.getHeader(ViaHeader.NAME)).removeParameter("branch");
            return retry;
        } catch (ParseException | ClassCastException | InvalidArgumentException e) {
            LOG.infof("%s: redirect target %s not used: %s", call.callId, target, e.getMessage());
            return null;
        }
    }
}
