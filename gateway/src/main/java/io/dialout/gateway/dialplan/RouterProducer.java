package io.dialout.gateway.dialplan;

import io.dialout.gateway.config.DialPlanSettings;
import io.dialout.gateway.demo.DemoEndpoint;
import io.dialout.gateway.demo.DemoRouter;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;

/**
 * The gateway's {@link Router}: the dial plan ({@code gateway.dialplan.*}, built by {@link DialPlanFactory}); demo
 * destinations ({@code sip:<user>@demo}) go to the embedded demo endpoint first (io.dialout.gateway.demo).
 */
@Singleton
public class RouterProducer {

    @Produces
    @Singleton
    @Typed(DialPlan.class) // the Router is the demo's, in front of it
    DialPlan dialPlan(DialPlanSettings dialPlan) {
        return DialPlanFactory.from(dialPlan);
    }

    @Produces
    @Singleton
    Router router(DemoEndpoint demo, DialPlan dialPlan) {
        return DemoRouter.inFrontOf(dialPlan, demo);
    }

    /** For the SIP layer's in-dialog requests: see {@link InDialogTargetPolicy}. */
    @Produces
    @Singleton
    InDialogTargetPolicy inDialogTargets(DialPlan dialPlan) {
        return dialPlan::refuseInDialogTarget;
    }
}
