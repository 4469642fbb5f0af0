package io.dialout.jainsip.log;

import gov.nist.core.ServerLogger;
import gov.nist.javax.sip.message.SIPMessage;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sip.SipStack;

/**
 * JAIN-SIP's message trace ({@code gov.nist.javax.sip.SERVER_LOGGER}) on java.util.logging category
 * {@code gov.nist.javax.sip.messages}: the first line of each message at FINE, the whole message at FINEST.
 * Messages carry digest responses, never passwords.
 */
public final class JainSipServerLogger implements ServerLogger {

    private static final Logger LOG = Logger.getLogger("gov.nist.javax.sip.messages");

    public JainSipServerLogger() {
        // instantiated reflectively by the stack
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
        if (LOG.isLoggable(Level.FINEST)) {
            LOG.finest((sender ? "sent " : "received ") + from + " -> " + to + "\n" + message.encode());
        } else if (LOG.isLoggable(Level.FINE)) {
            LOG.fine((sender ? "sent " : "received ") + from + " -> " + to + ": "
                    + message.getFirstLine().trim() + " (" + message.getCallId().getCallId() + ")");
        }
    }

    @Override
    public void logException(Exception ex) {
        LOG.log(Level.FINE, "JAIN-SIP message exception", ex);
    }

    @Override
    public void closeLogFile() {}

    @Override
    public void setStackProperties(Properties stackProperties) {}

    @Override
    public void setSipStack(SipStack sipStack) {}
}
