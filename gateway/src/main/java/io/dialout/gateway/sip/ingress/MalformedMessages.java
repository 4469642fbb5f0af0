package io.dialout.gateway.sip.ingress;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParser;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.text.ParseException;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * JAIN-SIP's message parser, screened (issue 14 item 2): a message that does not parse, or lacks a header every SIP
 * message needs (RFC 3261 section 8.1.1: To, From, CSeq, Call-ID, Max-Forwards is optional here, Via), or whose CSeq
 * method differs from its request method, or whose version is not SIP/2.0, is counted and dropped: the parser
 * returns null, which the stack's UDP and TCP channels take as "nothing to process".
 *
 * <p>Without this, such a datagram reached code of the stack that failed on it and logged the whole 64 KiB receive
 * buffer at SEVERE (or answered 400/505 to any source). Now one log line per interval summarises the last one (source,
 * length, first bytes escaped) and how many came; {@link SipIngressCounters#malformed()} counts them all.
 */
public final class MalformedMessages implements MessageParserFactory {

    private static final Logger LOG = Logger.getLogger(MalformedMessages.class);
    private static final int SHOWN_BYTES = 48;

    private final SipIngressCounters counters;
    private final RateLimitedLog log;

    public MalformedMessages(SipIngressCounters counters, Duration logInterval) {
        this.counters = counters;
        this.log = new RateLimitedLog(LOG, logInterval);
    }

    @Override
    public MessageParser createMessageParser(SIPTransactionStack stack) {
        StringMsgParser parser = new StringMsgParser();
        return (bytes, readBody, strict, listener) -> screen(parser, bytes, readBody, strict, listener);
    }

    private SIPMessage screen(
            StringMsgParser parser, byte[] bytes, boolean readBody, boolean strict, ParseExceptionListener listener) {
        SIPMessage m;
        try {
            m = parser.parseSIPMessage(bytes, readBody, strict, listener);
        } catch (ParseException | RuntimeException e) {
            drop(bytes, listener, "does not parse: " + e.getMessage());
            return null;
        }
        if (m == null) {
            return null; // blank lines: a keep-alive (RFC 5626 section 3.5.1), nothing to count
        }
        String missing = missingHeader(m);
        if (missing != null) {
            drop(bytes, listener, missing);
            return null;
        }
        return m;
    }

    /** Why the stack cannot handle {@code m}, or null when it can. */
    static String missingHeader(SIPMessage m) {
        if (m.getTopmostVia() == null) {
            return "no Via";
        }
        if (m.getFrom() == null || m.getTo() == null) {
            return "no From or To";
        }
        if (m.getCallId() == null) {
            return "no Call-ID";
        }
        if (m.getCSeq() == null) {
            return "no CSeq";
        }
        if (m instanceof SIPRequest r) {
            if (r.getRequestLine() == null
                    || !"SIP/2.0".equals(r.getRequestLine().getSipVersion())) {
                return "not SIP/2.0";
            }
            if (!r.getMethod().equalsIgnoreCase(r.getCSeq().getMethod())) {
                return "CSeq method differs from the request method";
            }
        }
        return null;
    }

    private void drop(byte[] bytes, ParseExceptionListener listener, String why) {
        counters.malformed.incrementAndGet();
        log.warn(() -> "malformed SIP message dropped: " + why(why) + "; from "
                + (listener instanceof MessageChannel c ? c.getPeerAddress() + "/" + c.getTransport() : "?")
                + ", " + bytes.length + " bytes, starting \"" + escape(bytes, SHOWN_BYTES) + "\"");
    }

    private static String why(String why) {
        return escape((why == null ? "" : why).getBytes(java.nio.charset.StandardCharsets.UTF_8), 120);
    }

    /** The first {@code max} bytes, printable ASCII as is, everything else as \xNN (so a log line stays one line). */
    static String escape(byte[] bytes, int max) {
        StringBuilder sb = new StringBuilder();
        int n = Math.min(bytes.length, max);
        for (int i = 0; i < n; i++) {
            int b = bytes[i] & 0xff;
            if (b >= 0x20 && b < 0x7f && b != '\\' && b != '"') {
                sb.append((char) b);
            } else {
                sb.append(String.format("\\x%02x", b));
            }
        }
        return bytes.length > max ? sb + "..." : sb.toString();
    }
}
