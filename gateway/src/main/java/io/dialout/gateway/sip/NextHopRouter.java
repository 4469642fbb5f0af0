package io.dialout.gateway.sip;

import gov.nist.javax.sip.stack.DefaultRouter;
import gov.nist.javax.sip.stack.HopImpl;
import java.util.concurrent.Callable;
import javax.sip.SipException;
import javax.sip.SipStack;
import javax.sip.address.Hop;
import javax.sip.message.Request;

/**
 * The stack's router ({@code javax.sip.ROUTER_PATH}): the stack's default rules (Route header, else Request-URI,
 * RFC 3261 section 8.1.2), except while a call creates the client transaction of an INVITE it sends to one server of
 * an RFC 3263 list ({@link #via}): then that server. The stack asks the router once, when the transaction is created,
 * on the calling thread; the CANCEL of that INVITE reuses its transaction's channel (RFC 3261 section 9.1: same
 * destination), and in-dialog requests follow the dialog's route set and remote target as before.
 */
public final class NextHopRouter extends DefaultRouter {

    private static final ThreadLocal<Hop> NEXT = new ThreadLocal<>();

    public NextHopRouter(SipStack stack, String outboundProxy) {
        super(stack, outboundProxy);
    }

    @Override
    public Hop getNextHop(Request request) throws SipException {
        Hop hop = NEXT.get();
        return hop != null ? hop : super.getNextHop(request);
    }

    /** Runs {@code create} (a {@code getNewClientTransaction}) with {@code server} as the next hop; null: the rules. */
    static <T> T via(ServerLocator.Server server, Callable<T> create) throws Exception {
        if (server == null) {
            return create.call();
        }
        NEXT.set(new HopImpl(server.address().getHostAddress(), server.port(), server.transport()));
        try {
            return create.call();
        } finally {
            NEXT.remove();
        }
    }
}
