package io.dialout.gateway.sip;

import java.text.ParseException;
import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Message;

/** The {@code message/sipfrag} bodies of REFER's NOTIFYs (RFC 3420, RFC 3515 section 2.4.5): a SIP status line. */
final class Sipfrag {

    private Sipfrag() {}

    /** A status line "SIP/2.0 200 OK" read from a sipfrag body. */
    record Status(int code, String reason) {}

    /** The body's status line, or null when the body does not start with one. */
    static Status parse(String body) {
        if (body == null) {
            return null;
        }
        String line = body.strip().lines().findFirst().orElse("");
        String[] f = line.split(" ", 3);
        if (f.length < 2 || !f[0].equalsIgnoreCase("SIP/2.0") || !f[1].matches("[1-6][0-9][0-9]")) {
            return null;
        }
        return new Status(Integer.parseInt(f[1]), f.length == 3 ? f[2].strip() : "");
    }

    /** Adds RFC 3515's {@code version=2.0} to the message's Content-Type. */
    static void version(Message m) {
        ContentTypeHeader ct = (ContentTypeHeader) m.getHeader(ContentTypeHeader.NAME);
        try {
            ct.setParameter("version", "2.0");
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the message's body is a sipfrag. */
    static boolean is(Message m) {
        ContentTypeHeader ct = (ContentTypeHeader) m.getHeader(ContentTypeHeader.NAME);
        return ct != null
                && "message".equalsIgnoreCase(ct.getContentType())
                && "sipfrag".equalsIgnoreCase(ct.getContentSubType());
    }
}
