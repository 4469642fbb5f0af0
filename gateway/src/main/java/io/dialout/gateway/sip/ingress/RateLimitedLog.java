package io.dialout.gateway.sip.ingress;

import java.time.Duration;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * At most one line per interval: the first event logs at once, later ones within the interval are counted and the
 * next line says how many were not logged. What an attacker can make the gateway write is then bounded by time, not
 * by what it sends.
 */
final class RateLimitedLog {

    private final Logger log;
    private final long intervalNanos;
    private long nextAllowed = Long.MIN_VALUE;
    private long suppressed;

    RateLimitedLog(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
    }

    void info(Supplier<String> message) {
        line(Logger.Level.INFO, message);
    }

    void warn(Supplier<String> message) {
        line(Logger.Level.WARN, message);
    }

    private void line(Logger.Level level, Supplier<String> message) {
        long skipped;
        synchronized (this) {
            long now = System.nanoTime();
            if (nextAllowed != Long.MIN_VALUE && now - nextAllowed < 0) {
                suppressed++;
                return;
            }
            nextAllowed = now + intervalNanos;
            skipped = suppressed;
            suppressed = 0;
        }
        if (log.isEnabled(level)) {
            log.log(level, message.get() + (skipped > 0 ? " (" + skipped + " more like it not logged)" : ""));
        }
    }
}
