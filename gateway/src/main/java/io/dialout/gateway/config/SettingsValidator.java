package io.dialout.gateway.config;

import io.dialout.gateway.dialplan.DialPlanFactory;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Fails start-up with every bad setting listed, instead of failing the first call. */
@ApplicationScoped
public class SettingsValidator {

    @Inject
    LimitsSettings limits;

    @Inject
    MediaSettings media;

    @Inject
    SipSettings sip;

    @Inject
    DialPlanSettings dialPlan;

    void onStart(@Observes StartupEvent event) {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("bad configuration:\n  " + String.join("\n  ", problems));
        }
    }

    List<String> problems() {
        List<String> p = new ArrayList<>();
        positive(p, "gateway.limits.max-calls", limits.maxCalls());
        if (limits.maxMessageSize() < 1024) {
            p.add("gateway.limits.max-message-size must be at least 1024, is " + limits.maxMessageSize());
        }
        positive(p, "gateway.limits.max-ring-timeout-sec", limits.maxRingTimeoutSec());
        positive(p, "gateway.limits.max-duration-limit-sec", limits.maxDurationLimitSec());
        within(p, "gateway.limits.ring-timeout", limits.ringTimeout(), limits.maxRingTimeoutSec());
        within(p, "gateway.limits.max-duration", limits.maxDuration(), limits.maxDurationLimitSec());
        if (limits.shutdownGrace().isNegative()) {
            p.add("gateway.limits.shutdown-grace must not be negative");
        }
        try {
            media.toMediaConfig();
        } catch (RuntimeException e) {
            p.add("gateway.media: " + e.getMessage());
        }
        try {
            DialPlanFactory.from(dialPlan);
        } catch (RuntimeException e) {
            p.add(e.getMessage());
        }
        try {
            sip.toUserAgentConfig();
        } catch (RuntimeException e) {
            p.add("gateway.sip: " + e.getMessage());
        }
        return p;
    }

    private static void positive(List<String> p, String name, int value) {
        if (value < 1) {
            p.add(name + " must be at least 1, is " + value);
        }
    }

    private static void within(List<String> p, String name, Duration d, int maxSec) {
        if (d.toMillis() < 1000 || d.toSeconds() > maxSec) {
            p.add(name + " must be from 1s to " + maxSec + "s, is " + d);
        }
    }
}
