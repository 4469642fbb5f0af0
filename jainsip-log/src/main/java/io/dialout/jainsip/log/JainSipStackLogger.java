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
        LOG.log(Level.WARNING, "JAIN-SIP exception", ex);
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
        LOG.severe(clip(message));
    }

    @Override
    public void logError(String message) {
        // "bad event" is the wake-up event the demo endpoint's close() queues to end the stack's event thread
        boolean wakeUp = message != null && message.startsWith("bad event");
        LOG.log(wakeUp ? Level.FINE : Level.SEVERE, clip(message));
    }

    @Override
    public void logError(String message, Exception ex) {
        LOG.log(Level.SEVERE, clip(message), ex);
    }

    @Override
    public void logWarning(String message) {
        // the stack warns at start-up that TLS is not configured; we do not use TLS
        LOG.log(isTlsStartupNotice(message) ? Level.FINE : Level.WARNING, clip(message));
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
