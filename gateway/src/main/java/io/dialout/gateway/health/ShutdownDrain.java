package io.dialout.gateway.health;

import io.dialout.gateway.call.Call;
import io.dialout.gateway.call.CallRegistry;
import io.dialout.gateway.config.LimitsSettings;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * On shutdown (SIGTERM): drain, let calls in progress run for up to {@code gateway.limits.shutdown-grace}, then end
 * the rest with cause {@code shutdown} and give their teardown (BYE/CANCEL) a moment before the SIP stack and the
 * media engine close.
 */
@ApplicationScoped
public class ShutdownDrain {

    private static final Logger LOG = Logger.getLogger(ShutdownDrain.class);
    private static final Duration TEARDOWN_WAIT = Duration.ofSeconds(3);

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

    /** Drains, waits out the grace period for calls in progress, then ends what is left with cause shutdown. */
    public void drainAndEndCalls() {
        drain.start("shutdown");
        try {
            if (registry.size() > 0) {
                LOG.infof("shutdown: waiting up to %s for %d calls", limits.shutdownGrace(), registry.size());
            }
            if (!registry.awaitEmpty(limits.shutdownGrace())) {
                LOG.infof("shutdown: ending %d calls", registry.size());
                for (Call c : registry.all()) {
                    c.shutdown();
                }
                registry.awaitEmpty(TEARDOWN_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
