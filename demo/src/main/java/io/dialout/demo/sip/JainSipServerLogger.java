package io.dialout.demo.sip;

import gov.nist.core.ServerLogger;
import gov.nist.javax.sip.message.SIPMessage;
import java.util.Properties;
import javax.sip.SipStack;

/**
 * The JAIN-SIP message trace, sent to the platform logger at DEBUG (each SIP message in and out). Set as
 * {@code gov.nist.javax.sip.SERVER_LOGGER}; the default needs log4j 1.x. Instantiated by the stack by reflection.
 */
public final class JainSipServerLogger implements ServerLogger {
    private static final System.Logger LOG = System.getLogger("io.dialout.demo.sip.messages");

    public JainSipServerLogger() {
        // the stack creates it by its no-argument constructor
    }

    @Override
    public void closeLogFile() {
        // no file
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, boolean sender, long time) {
        log(message, from, to, sender);
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender, long time) {
        log(message, from, to, sender);
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender) {
        log(message, from, to, sender);
    }

    private static void log(SIPMessage message, String from, String to, boolean sender) {
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(
                    System.Logger.Level.DEBUG,
                    (sender ? "sent " : "received ") + from + " -> " + to + "\n" + message.encode());
        }
    }

    @Override
    public void logException(Exception ex) {
        LOG.log(System.Logger.Level.WARNING, "SIP stack exception", ex);
    }

    @Override
    public void setStackProperties(Properties stackProperties) {
        // nothing to configure
    }

    @Override
    public void setSipStack(SipStack sipStack) {
        // not needed
    }
}
