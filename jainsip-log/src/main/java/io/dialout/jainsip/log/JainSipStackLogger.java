package io.dialout.jainsip.log;

import gov.nist.core.StackLogger;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * JAIN-SIP's internal logger, routed to java.util.logging (which Quarkus bridges to its own logging). Set as
 * {@code gov.nist.javax.sip.STACK_LOGGER}: the stack's default logger needs log4j 1.x, which we do not ship.
 * Stack debug output is FINE, trace FINER, so it is quiet unless the category {@code gov.nist.javax.sip} is turned up.
 * One adapter for every stack in the JVM (the gateway's user agent and the demo endpoint); messages are clipped,
 * since the stack puts whole datagrams (as byte lists) in some of them.
 */
public final class JainSipStackLogger implements StackLogger {

    private static final Logger LOG = Logger.getLogger("gov.nist.javax.sip");
    private static final int MAX_MESSAGE = 400;
    /**
     * Warnings and errors per {@link #BURST_NANOS}, over every stack in the JVM: some of the stack's error paths are
     * reached by what a remote party sends (a datagram it fails on is logged with the whole receive buffer), so what
     * it can make us write must be bounded by time, not by its packets.
     */
    private static final int BURST = 20;

    private static final long BURST_NANOS = 10_000_000_000L;
    private static final Object BUDGET = new Object();
    private static long budgetStart = System.nanoTime();
    private static int budgetUsed;
    private static long suppressed;

    private static String clip(String m) {
        return m != null && m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) + "..." : m;
    }

    public JainSipStackLogger() {
        // instantiated reflectively by the stack
    }

    @Override
    public boolean isLoggingEnabled() {
        return LOG.isLoggable(Level.FINE);
    }

    @Override
    public boolean isLoggingEnabled(int logLevel) {
        return LOG.isLoggable(toJul(logLevel));
    }

    private static Level toJul(int logLevel) {
        if (logLevel >= TRACE_TRACE) {
            return Level.FINER;
        }
        if (logLevel >= TRACE_DEBUG) {
            return Level.FINE;
        }
        if (logLevel >= TRACE_INFO) {
            return Level.INFO;
        }
        if (logLevel >= TRACE_WARN) {
            return Level.WARNING;
        }
        return Level.SEVERE;
    }

    @Override
    public void logStackTrace() {
        // the stack calls this around its debug output only; a Throwable per call would be costly and noisy
    }

    @Override
    public void logStackTrace(int traceLevel) {}

    @Override
    public int getLineCount() {
        return 0;
    }

    @Override
    public void logException(Throwable ex) {
        limited(Level.WARNING, "JAIN-SIP exception", ex);
    }

    /** Logs at WARNING or SEVERE within the JVM-wide budget; past it, counts and says how many were left out. */
    private static void limited(Level level, String message, Throwable ex) {
        if (!LOG.isLoggable(level)) {
            return;
        }
        long left;
        synchronized (BUDGET) {
            long now = System.nanoTime();
            if (now - budgetStart >= BURST_NANOS) {
                budgetStart = now;
                budgetUsed = 0;
            }
            if (budgetUsed >= BURST) {
                suppressed++;
                return;
            }
            budgetUsed++;
            left = suppressed;
            suppressed = 0;
        }
        String m =
                clip(message) + (left > 0 ? " (" + left + " JAIN-SIP warnings and errors not logged before this)" : "");
        if (ex == null) {
            LOG.log(level, m);
        } else {
            LOG.log(level, m, ex);
        }
    }

    @Override
    public void logDebug(String message) {
        LOG.fine(clip(message));
    }

    @Override
    public void logDebug(String message, Exception ex) {
        LOG.log(Level.FINE, clip(message), ex);
    }

    @Override
    public void logTrace(String message) {
        LOG.finer(clip(message));
    }

    @Override
    public void logFatalError(String message) {
        // "bad event" is the wake-up event a user agent's close() queues to end the stack's event thread
        if (message != null && message.startsWith("bad event")) {
            LOG.fine(clip(message));
        } else {
            limited(Level.SEVERE, message, null);
        }
    }

    @Override
    public void logError(String message) {
        // "bad event" is the wake-up event the demo endpoint's close() queues to end the stack's event thread
        boolean wakeUp = message != null && message.startsWith("bad event");
        if (wakeUp) {
            LOG.fine(clip(message));
        } else {
            limited(Level.SEVERE, message, null);
        }
    }

    @Override
    public void logError(String message, Exception ex) {
        limited(Level.SEVERE, message, ex);
    }

    @Override
    public void logWarning(String message) {
        // the stack warns at start-up that TLS is not configured; we do not use TLS. A request a message valve
        // dropped is logged as "Null request interface returned": the valve's decision, counted there
        if (isTlsStartupNotice(message) || (message != null && message.startsWith("Null request interface"))) {
            LOG.fine(clip(message));
        } else {
            limited(Level.WARNING, message, null);
        }
    }

    private static boolean isTlsStartupNotice(String message) {
        if (message == null) {
            return false;
        }
        String m = message.toLowerCase(java.util.Locale.ROOT);
        return m.contains("tls") || m.contains("keystore") || m.contains("truststore");
    }

    @Override
    public void logInfo(String message) {
        // the stack's "info" is start-up chatter; keep it below INFO
        LOG.fine(clip(message));
    }

    @Override
    public void disableLogging() {}

    @Override
    public void enableLogging() {}

    @Override
    public void setBuildTimeStamp(String buildTimeStamp) {}

    @Override
    public void setStackProperties(Properties stackProperties) {}

    @Override
    public String getLoggerName() {
        return LOG.getName();
    }
}
