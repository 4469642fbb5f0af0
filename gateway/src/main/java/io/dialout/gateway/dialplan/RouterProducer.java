package io.dialout.gateway.dialplan;

import io.dialout.gateway.config.DialPlanSettings;
import io.dialout.gateway.demo.DemoEndpoint;
import io.dialout.gateway.demo.DemoRouter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The gateway's {@link Router}: the dial plan ({@code gateway.dialplan.*}, built by {@link DialPlanFactory}); demo
 * destinations ({@code sip:<user>@demo}) go to the embedded demo endpoint first (io.dialout.gateway.demo).
 */
@Singleton
public class RouterProducer {

    @Produces
    @Singleton
    Router router(DemoEndpoint demo, DialPlanSettings dialPlan) {
        return DemoRouter.inFrontOf(DialPlanFactory.from(dialPlan), demo);
    }
}
