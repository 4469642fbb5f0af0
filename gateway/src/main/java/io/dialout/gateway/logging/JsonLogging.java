package io.dialout.gateway.logging;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logmanager.ExtHandler;

/**
 * Switches the console log to {@link JsonLogFormatter} at start-up when {@code gateway.log.json=true} (production:
 * one JSON object per line with callId and sipCallId). Lines logged before start-up keep the plain format.
 */
@Singleton
public class JsonLogging {

    void onStart(
            @Observes StartupEvent event,
            @ConfigProperty(name = "gateway.log.json", defaultValue = "false") boolean json) {
        if (json) {
            install(new JsonLogFormatter());
        }
    }

    static int install(JsonLogFormatter formatter) {
        Logger root = LogManager.getLogManager().getLogger("");
        int n = 0;
        for (Handler h : root.getHandlers()) {
            n += apply(h, formatter);
        }
        return n;
    }

    /** Quarkus wraps its console handler (delayed/async handlers): set the formatter on the leaves. */
    private static int apply(Handler h, JsonLogFormatter formatter) {
        if (h instanceof ExtHandler ext && ext.getHandlers().length > 0) {
            int n = 0;
            for (Handler child : ext.getHandlers()) {
                n += apply(child, formatter);
            }
            return n;
        }
        h.setFormatter(formatter);
        return 1;
    }
}
