package io.dialout.gateway.config;

import io.dialout.gateway.dialplan.DialPlanFactory;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Fails start-up with every bad setting listed, instead of failing the first call; warns about settings that are
 * valid but likely to fail calls on this host (an advertised room address the room port's replies will not come
 * from, {@link AdvertisedAddresses}).
 */
@ApplicationScoped
public class SettingsValidator {

    private static final Logger LOG = Logger.getLogger(SettingsValidator.class);

    @Inject
    LimitsSettings limits;

    @Inject
    MediaSettings media;

    @Inject
    SipSettings sip;

    @Inject
    DialPlanSettings dialPlan;

    /** First of the start-up observers, before the {@code @Startup} beans that open the SIP and media sockets. */
    void onStart(@Observes @Priority(1) StartupEvent event) {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("bad configuration:\n  " + String.join("\n  ", problems));
        }
        warnings(AdvertisedAddresses.localAddresses()).forEach(LOG::warn);
    }

    /** Settings that start but will likely fail calls, given this host's interface addresses. */
    List<String> warnings(Collection<InetAddress> localAddresses) {
        return AdvertisedAddresses.roomWarnings(
                media.roomBindAddress(), media.roomAdvertisedAddresses().orElse(List.of()), localAddresses);
    }

    List<String> problems() {
        List<String> p = new ArrayList<>();
        positive(p, "gateway.limits.max-calls", limits.maxCalls());
        positive(p, "gateway.limits.calls-per-connection", limits.callsPerConnection());
        positive(p, "gateway.limits.calls-per-token", limits.callsPerToken());
        positive(p, "gateway.limits.dial-burst", limits.dialBurst());
        if (!(limits.dialRate() > 0)) {
            p.add("gateway.limits.dial-rate must be positive, is " + limits.dialRate());
        }
        positive(p, "gateway.limits.message-burst", limits.messageBurst());
        if (!(limits.messageRate() > 0)) {
            p.add("gateway.limits.message-rate must be positive, is " + limits.messageRate());
        }
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
        if (limits.idleMemoryRelease().isNegative()) {
            p.add("gateway.limits.idle-memory-release must not be negative (0 turns it off)");
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
        List<String> addresses = AdvertisedAddresses.problems(sip, media);
        p.addAll(addresses);
        if (addresses.isEmpty()) {
            try {
                sip.toUserAgentConfig();
            } catch (RuntimeException e) {
                p.add("gateway.sip: " + e.getMessage());
            }
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
