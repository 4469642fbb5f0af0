package io.dialout.gateway.config;

import io.dialout.gateway.call.Router;
import io.dialout.gateway.demo.DemoEndpoint;
import io.dialout.gateway.demo.DemoRouter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The call layer's {@link Router}: the dial plan ({@code gateway.dialplan.*}, see {@link DialPlanRouter}); demo
 * destinations ({@code sip:<user>@demo}) go to the embedded demo endpoint first (io.dialout.gateway.demo).
 */
@Singleton
public class RouterProducer {

    @Produces
    @Singleton
    Router router(DemoEndpoint demo, DialPlanSettings dialPlan) {
        return DemoRouter.inFrontOf(DialPlanRouter.from(dialPlan), demo);
    }
}
