package io.dialout.gateway.sip.ingress;

import gov.nist.javax.sip.SipStackImpl;
import java.util.Properties;
import java.util.function.Predicate;
import javax.sip.PeerUnavailableException;

/**
 * JAIN-SIP's stack with the gateway's ingress defences plugged in where the stack offers hooks: the message size and
 * read time limits as stack properties, {@link TcpAdmission} around its socket factory, {@link MalformedMessages} as
 * its message parser, {@link SipIngressGuard} as a message valve (run before any transaction exists).
 */
public final class GuardedSipStack extends SipStackImpl {

    private final SipIngressCounters counters;
    private final TrustedSources trusted;

    /**
     * @param properties the stack's own properties (name, loggers, threads...); the limits are added to a copy
     * @param ourCall    whether a Call-ID is one of our calls (its requests pass whatever their source)
     */
    public GuardedSipStack(Properties properties, SipIngressConfig config, Predicate<String> ourCall)
            throws PeerUnavailableException {
        this(withLimits(properties, config), config, ourCall, new SipIngressCounters());
    }

    private GuardedSipStack(
            Properties properties, SipIngressConfig config, Predicate<String> ourCall, SipIngressCounters counters)
            throws PeerUnavailableException {
        super(properties);
        this.counters = counters;
        this.trusted = TrustedSources.of(config.trustedSources());
        // fields of the stack (protected/public): set after its constructor, before any listening point exists
        this.networkLayer = new TcpAdmission(getNetworkLayer(), config, trusted, counters);
        this.messageParserFactory = new MalformedMessages(counters, config.malformedLogInterval());
        this.sipMessageValves.add(new SipIngressGuard(
                trusted,
                new SourceRateLimiter(config.rateLimit(), config.rateWindow()),
                ourCall,
                counters,
                config.malformedLogInterval()));
    }

    private static Properties withLimits(Properties p, SipIngressConfig config) {
        Properties q = new Properties();
        q.putAll(p);
        // the whole message over TCP (checked before the body is allocated) and the UDP receive buffer
        q.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", String.valueOf(config.maxMessageSize()));
        // the stack's own timer, armed only once a message's first line is in (then again for its body); the
        // deadline from a message's first byte is TcpAdmission's (MessageDeadlineStream)
        q.setProperty(
                "gov.nist.javax.sip.READ_TIMEOUT",
                String.valueOf(config.readTimeout().toMillis()));
        return q;
    }

    public SipIngressCounters ingressCounters() {
        return counters;
    }

    /** Resolves the trusted trunk and proxy names again. */
    public void refreshTrustedSources() {
        trusted.refresh();
    }

    public boolean resolvesTrustedNames() {
        return trusted.hasNames();
    }
}
