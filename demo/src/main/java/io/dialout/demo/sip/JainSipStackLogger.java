package io.dialout.demo.sip;

import gov.nist.core.StackLogger;
import java.util.Properties;

/**
 * The JAIN-SIP stack's internal log, sent to the platform logger ({@code System.Logger}, i.e. java.util.logging or
 * whatever the host routes it to) at WARNING and above. Set as {@code gov.nist.javax.sip.STACK_LOGGER}: without it
 * the stack loads its log4j 1.x logger, which is not on the class path. Instantiated by the stack by reflection.
 */
public final class JainSipStackLogger implements StackLogger {
    private static final System.Logger LOG = System.getLogger("io.dialout.demo.sip.stack");
    /** The stack puts whole datagrams (as byte lists) in some messages: keep the log readable. */
    private static final int MAX_MESSAGE = 400;

    private static String clip(String m) {
        return m != null && m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) + "..." : m;
    }

    public JainSipStackLogger() {
        // the stack creates it by its no-argument constructor
    }

    @Override
    public void logStackTrace() {
        // stack dumps are debugging noise
    }

    @Override
    public void logStackTrace(int traceLevel) {
        // stack dumps are debugging noise
    }

    @Override
    public int getLineCount() {
        return 0;
    }

    @Override
    public void logException(Throwable ex) {
        LOG.log(System.Logger.Level.WARNING, "SIP stack exception", ex);
    }

    @Override
    public void logDebug(String message) {
        LOG.log(System.Logger.Level.TRACE, clip(message));
    }

    @Override
    public void logDebug(String message, Exception ex) {
        LOG.log(System.Logger.Level.TRACE, clip(message), ex);
    }

    @Override
    public void logTrace(String message) {
        LOG.log(System.Logger.Level.TRACE, clip(message));
    }

    @Override
    public void logFatalError(String message) {
        // "bad event" is the wake-up event DemoSipStack.close() sends to end the stack's event thread.
        boolean wakeUp = message != null && message.startsWith("bad event");
        LOG.log(wakeUp ? System.Logger.Level.DEBUG : System.Logger.Level.ERROR, clip(message));
    }

    @Override
    public void logError(String message) {
        LOG.log(System.Logger.Level.WARNING, clip(message));
    }

    @Override
    public boolean isLoggingEnabled() {
        return true;
    }

    /**
     * Warnings and errors by default; the message trace (TRACE_MESSAGES, logged through {@link JainSipServerLogger})
     * when DEBUG is on; the stack's own debug output only at TRACE, since it builds those strings eagerly.
     */
    @Override
    public boolean isLoggingEnabled(int logLevel) {
        System.Logger.Level l = logLevel <= TRACE_WARN
                ? System.Logger.Level.WARNING
                : logLevel <= TRACE_MESSAGES ? System.Logger.Level.DEBUG : System.Logger.Level.TRACE;
        return LOG.isLoggable(l);
    }

    @Override
    public void logError(String message, Exception ex) {
        LOG.log(System.Logger.Level.WARNING, clip(message), ex);
    }

    @Override
    public void logWarning(String message) {
        // The stack warns at start-up that TLS has no key store; the demo never listens on TLS.
        String m = message == null ? "" : message.toLowerCase(java.util.Locale.ROOT);
        boolean tlsNoise = m.contains("tls") || m.contains("keystore") || m.contains("truststore");
        LOG.log(tlsNoise ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING, clip(message));
    }

    @Override
    public void logInfo(String message) {
        LOG.log(System.Logger.Level.DEBUG, clip(message));
    }

    @Override
    public void disableLogging() {
        // levels come from the platform logger's configuration
    }

    @Override
    public void enableLogging() {
        // levels come from the platform logger's configuration
    }

    @Override
    public void setBuildTimeStamp(String buildTimeStamp) {
        // not logged
    }

    @Override
    public void setStackProperties(Properties stackProperties) {
        // nothing to configure
    }

    @Override
    public String getLoggerName() {
        return "io.dialout.demo.sip.stack";
    }
}
