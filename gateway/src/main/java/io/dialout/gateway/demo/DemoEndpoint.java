package io.dialout.gateway.demo;

import io.dialout.demo.DemoSipEndpoint;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.OptionalInt;
import org.jboss.logging.Logger;

/**
 * Runs the demo SIP endpoint for the gateway's lifetime when {@code gateway.demo.enabled}: started on the
 * {@link StartupEvent} (a port that cannot be bound fails the start), closed on the {@link ShutdownEvent} (it BYEs
 * its calls and frees its ports and threads).
 */
@Singleton
public class DemoEndpoint {

    private static final Logger LOG = Logger.getLogger(DemoEndpoint.class);

    private final DemoSettings settings;
    private volatile DemoSipEndpoint endpoint;

    @Inject
    public DemoEndpoint(DemoSettings settings) {
        this.settings = settings;
    }

    void onStart(@Observes StartupEvent event) {
        if (!settings.enabled()) {
            LOG.info("demo SIP endpoint off (gateway.demo.enabled=false): sip:*@demo is refused");
            return;
        }
        try {
            endpoint = DemoSipEndpoint.start(settings.toDemoConfig());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the demo SIP endpoint", e);
        }
        LOG.infof(
                "demo SIP endpoint on %s:%d: dial sip:echo@demo, tone, ivr, busy, decline, noanswer",
                endpoint.bindAddress(), endpoint.sipPort());
    }

    void onStop(@Observes ShutdownEvent event) {
        DemoSipEndpoint e = endpoint;
        endpoint = null;
        if (e != null) {
            e.close();
        }
    }

    /** The running endpoint's SIP port, or empty when it is off (or not started yet). */
    public OptionalInt sipPort() {
        DemoSipEndpoint e = endpoint;
        return e == null ? OptionalInt.empty() : OptionalInt.of(e.sipPort());
    }

    /** The address it listens on (always loopback). */
    public String address() {
        return settings.toDemoConfig().bindAddress();
    }
}
