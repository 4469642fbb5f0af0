package io.dialout.gateway.demo;

import io.dialout.gateway.dialplan.Refusal;
import io.dialout.gateway.dialplan.Route;
import io.dialout.gateway.dialplan.Router;
import io.dialout.gateway.dialplan.Routing;
import io.dialout.gateway.sip.Trunk;
import io.dialout.media.CallMediaRequest.SipLegOptions;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * Routes demo destinations ({@link DemoDestination}) to the demo SIP endpoint on loopback, over plain UDP with
 * plain RTP (the demo has no SRTP keys) and video offered (the echo user returns it); every other destination goes
 * to the next router. When the demo is off, demo destinations are refused (cause policy, no INVITE) instead of being
 * looked up in DNS.
 */
public final class DemoRouter implements Router {

    private final Supplier<OptionalInt> demoPort;
    private final String demoAddress;
    private final Router next;

    public DemoRouter(Supplier<OptionalInt> demoPort, String demoAddress, Router next) {
        this.demoPort = demoPort;
        this.demoAddress = demoAddress;
        this.next = next;
    }

    /** Puts the running demo endpoint in front of {@code next}. */
    public static Router inFrontOf(Router next, DemoEndpoint demo) {
        return new DemoRouter(demo::sipPort, demo.address(), next);
    }

    @Override
    public Routing route(String to) {
        Optional<DemoDestination> d = DemoDestination.parse(to);
        if (d.isEmpty()) {
            return next.route(to);
        }
        OptionalInt port = demoPort.get();
        if (port.isEmpty()) {
            return new Refusal(Refusal.Kind.NO_ROUTE, "the demo SIP endpoint is off (gateway.demo.enabled=false)");
        }
        if (d.get().secure()) {
            return new Refusal(Refusal.Kind.NO_ROUTE, "the demo SIP endpoint takes sip: only (no TLS): " + to);
        }
        String uri = "sip:" + d.get().user() + "@" + demoAddress + ":" + port.getAsInt();
        return new Route(uri, Trunk.direct("demo", "udp"), null, "demo", new SipLegOptions(false, false, true));
    }
}
