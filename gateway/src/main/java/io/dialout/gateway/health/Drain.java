package io.dialout.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Whether the gateway is draining: readiness is DOWN and new dials get {@code error busy}; calls in progress go on.
 * Started by POST /v1/admin/drain (a Kubernetes preStop hook) or by shutdown.
 */
@ApplicationScoped
public class Drain {

    private static final Logger LOG = Logger.getLogger(Drain.class);
    private final AtomicBoolean draining = new AtomicBoolean();

    public boolean isDraining() {
        return draining.get();
    }

    /** Returns true the first time. */
    public boolean start(String why) {
        boolean first = draining.compareAndSet(false, true);
        if (first) {
            LOG.infof("draining (%s): new dials are refused, calls in progress continue", why);
        }
        return first;
    }
}
