package io.dialout.gateway.health;

import io.dialout.gateway.call.Call;
import io.dialout.gateway.call.CallRegistry;
import io.dialout.gateway.config.LimitsSettings;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * On shutdown (SIGTERM): drain, let calls in progress run for most of {@code gateway.limits.shutdown-grace}, then end
 * the rest with cause {@code shutdown} within what is left of it ({@link ShutdownTimeline}), so that their BYEs (or
 * CANCELs) are out and answered before the SIP stack and the media engine close, and before a container engine's
 * stop timeout equal to the grace kills the process.
 */
@ApplicationScoped
public class ShutdownDrain {

    private static final Logger LOG = Logger.getLogger(ShutdownDrain.class);

    @Inject
    Drain drain;

    @Inject
    CallRegistry registry;

    @Inject
    LimitsSettings limits;

    /**
     * SIGTERM, first phase (quarkus.shutdown.delay-enabled): fired while the HTTP server and every WebSocket are
     * still up, and Quarkus waits for this observer. Calls continue for the grace period and their {@code ended}
     * still reaches their clients.
     */
    void onShutdownStarting(@Observes ShutdownDelayInitiatedEvent event) {
        drainAndEndCalls();
    }

    /** Last resort when the delay phase is off: by now the WebSockets are closing, so calls end as controller-gone. */
    void onShutdown(@Observes ShutdownEvent event) {
        drainAndEndCalls();
    }

    /**
     * Drains, lets calls in progress run for the first part of the grace, then ends what is left with cause shutdown
     * and waits for their teardown during the rest.
     */
    public void drainAndEndCalls() {
        drain.start("shutdown");
        ShutdownTimeline timeline = ShutdownTimeline.of(limits.shutdownGrace());
        try {
            if (registry.size() > 0) {
                LOG.infof(
                        "shutdown: calls may go on for %s (gateway.limits.shutdown-grace %s less %s for the BYEs);"
                                + " %d in progress",
                        timeline.callsRun(), limits.shutdownGrace(), timeline.teardown(), registry.size());
            }
            if (!registry.awaitEmpty(timeline.callsRun())) {
                LOG.infof("shutdown: ending %d calls", registry.size());
                for (Call c : registry.all()) {
                    c.shutdown();
                }
                if (!registry.awaitEmpty(timeline.teardown())) {
                    LOG.warnf("shutdown: %d calls still ending after %s", registry.size(), timeline.teardown());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
