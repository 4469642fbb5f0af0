package io.dialout.gateway.sip.ingress;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import java.net.InetAddress;
import java.util.function.Predicate;
import javax.sip.SipStack;
import javax.sip.message.Response;
import org.jboss.logging.Logger;

/**
 * Decides, before JAIN-SIP creates a server transaction, whether a request gets any answer (issue 14 item 6).
 *
 * <ul>
 *   <li>A request of one of our calls (its Call-ID is a call we placed) passes whatever its source: the callee's
 *       Contact may be any host the dial plan allowed, and in-dialog requests there need their answers.
 *   <li>Any other request (an INVITE or OPTIONS outside a dialog, a BYE for a call we no longer know) passes only from
 *       a trusted source (configured trunks and proxies, {@link TrustedSources}) within its rate limit
 *       ({@link SourceRateLimiter}); it is then answered as before (403 to an INVITE, 200 to OPTIONS, 481, 405).
 *   <li>Everything else is dropped without a response. Not even a single stateless one: an answer to a stranger is
 *       reflection (UDP sources are spoofable, so the answer may hit a victim), confirms to scanners that a SIP
 *       service listens here, and a 403 to an INVITE would be retransmitted by its server transaction until an ACK
 *       that never comes (RFC 3261 section 17.2.1, timer G: ten times). Silence costs a stranger's retransmissions
 *       only its own bandwidth.
 * </ul>
 *
 * Responses always pass: they match our own client transactions, and the stack drops strays itself.
 */
public final class SipIngressGuard implements SIPMessageValve {

    private static final Logger LOG = Logger.getLogger(SipIngressGuard.class);

    private final TrustedSources trusted;
    private final SourceRateLimiter rate;
    private final Predicate<String> ourCall;
    private final SipIngressCounters counters;
    private final RateLimitedLog log;

    public SipIngressGuard(
            TrustedSources trusted,
            SourceRateLimiter rate,
            Predicate<String> ourCall,
            SipIngressCounters counters,
            java.time.Duration logInterval) {
        this.trusted = trusted;
        this.rate = rate;
        this.ourCall = ourCall;
        this.counters = counters;
        this.log = new RateLimitedLog(LOG, logInterval);
    }

    @Override
    public boolean processRequest(SIPRequest request, MessageChannel channel) {
        String callId = request.getCallId() == null ? null : request.getCallId().getCallId();
        if (callId != null && ourCall.test(callId)) {
            return true;
        }
        InetAddress source = channel.getPeerPacketSourceAddress();
        if (source == null || !trusted.contains(source)) {
            counters.droppedStranger.incrementAndGet();
            log.info(() -> "SIP " + request.getMethod() + " from untrusted source " + describe(source, channel)
                    + " dropped without an answer");
            return false;
        }
        if (!rate.allow(source)) {
            counters.droppedRate.incrementAndGet();
            log.info(() -> "SIP requests from " + describe(source, channel) + " over the rate limit: dropped");
            return false;
        }
        return true;
    }

    private static String describe(InetAddress source, MessageChannel channel) {
        return (source == null ? "?" : source.getHostAddress()) + "/" + channel.getTransport();
    }

    @Override
    public boolean processResponse(Response response, MessageChannel channel) {
        return true;
    }

    @Override
    public void init(SipStack stack) {}

    @Override
    public void destroy() {}
}
