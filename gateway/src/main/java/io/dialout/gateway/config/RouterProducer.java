package io.dialout.gateway.config;

import io.dialout.gateway.call.Router;
import io.dialout.gateway.demo.DemoEndpoint;
import io.dialout.gateway.demo.DemoRouter;
import io.dialout.gateway.sip.Trunk;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Locale;

/**
 * The call layer's {@link Router}. Until the dial plan (io.dialout.gateway.dialplan) is wired in, SIP and SIPS URIs
 * are dialled directly (UDP, or TCP with {@code ;transport=tcp}) and tel:/E.164 numbers are refused with cause
 * policy, as no trunk is configured for them. Demo destinations ({@code sip:<user>@demo}) go to the embedded demo
 * endpoint first (io.dialout.gateway.demo).
 */
@Singleton
public class RouterProducer {

    @Produces
    @Singleton
    Router router(DemoEndpoint demo) {
        return DemoRouter.inFrontOf(direct(), demo);
    }

    private static Router direct() {
        return to -> {
            String lower = to.toLowerCase(Locale.ROOT);
            if (lower.startsWith("sip:") || lower.startsWith("sips:")) {
                String transport = lower.contains(";transport=tcp") ? "tcp" : "udp";
                return new Router.Routed(to, Trunk.direct("direct", transport), false, false, true);
            }
            return new Router.Refused("no route for " + to + ": no trunk configured for numbers");
        };
    }
}
