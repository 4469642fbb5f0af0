package io.dialout.gateway.sip;

import gov.nist.javax.sip.TransactionExt;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import javax.sip.ClientTransaction;
import javax.sip.SipProvider;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.message.Message;
import javax.sip.message.MessageFactory;

/** What every call shares: the provider, the JAIN-SIP factories, the settings and the user agent's threads. */
record SipContext(
        SipProvider provider,
        HeaderFactory headers,
        AddressFactory addresses,
        MessageFactory messages,
        SipUserAgentConfig config,
        int port,
        ExecutorService pool,
        ScheduledExecutorService scheduler,
        TargetSelection targets,
        int tlsPort,
        io.dialout.gateway.sip.ingress.SipIngressCounters counters) {

    SipContext {
        targets = targets == null ? TargetSelection.defaults() : targets;
        counters = counters == null ? new io.dialout.gateway.sip.ingress.SipIngressCounters() : counters;
    }

    /** Without target selection settings (the defaults) nor a TLS listening point of its own. */
    SipContext(
            SipProvider provider,
            HeaderFactory headers,
            AddressFactory addresses,
            MessageFactory messages,
            SipUserAgentConfig config,
            int port,
            ExecutorService pool,
            ScheduledExecutorService scheduler) {
        this(provider, headers, addresses, messages, config, port, pool, scheduler, null, port, null);
    }

    /** The port of our listening point for {@code transport}: TLS has its own. */
    int portFor(String transport) {
        return "tls".equalsIgnoreCase(transport) ? tlsPort : port;
    }

    /** Methods we accept inside a dialog (RFC 3261 section 20.5). */
    static final String ALLOW = "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE, REFER, NOTIFY";

    /** Adds our Allow list (one Allow header per method: the stack parses Allow as a singleton). */
    void addAllow(Message m) {
        for (String method : ALLOW.split(", ")) {
            try {
                m.addHeader(headers.createAllowHeader(method));
            } catch (ParseException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    Header userAgent() {
        return header("User-Agent", config.userAgent());
    }

    /**
     * Our Contact: the advertised address, with transport=tcp on TCP so in-dialog requests come back over TCP; on TLS
     * a SIPS URI on our TLS port (RFC 5630 section 3.1.2: a request sent over TLS for a SIPS Request-URI must carry
     * a SIPS Contact; for a sip: Request-URI over TLS, RFC 3261 section 26.2.2 leaves it to us, and SIPS asks the far
     * end to keep TLS for its requests to us).
     */
    Header contact(String user, String transport) {
        try {
            SipURI uri = addresses.createSipURI(user, config.advertisedAddress());
            uri.setPort(portFor(transport));
            if ("tcp".equals(transport)) {
                uri.setTransportParam("tcp");
            } else if ("tls".equals(transport)) {
                uri.setSecure(true);
            }
            Address a = addresses.createAddress(uri);
            return headers.createContactHeader(a);
        } catch (ParseException e) {
            throw new IllegalArgumentException("bad Contact user: " + user, e);
        }
    }

    Header header(String name, String value) {
        try {
            return headers.createHeader(name, value);
        } catch (ParseException e) {
            throw new IllegalArgumentException("bad header " + name + ": " + e.getMessage(), e);
        }
    }

    void setBody(Message m, String contentType, String body) {
        try {
            String[] parts = contentType.split("/", 2);
            ContentTypeHeader ct = headers.createContentTypeHeader(parts[0], parts[1]);
            m.setContent(body.getBytes(StandardCharsets.UTF_8), ct);
        } catch (ParseException e) {
            throw new IllegalArgumentException("bad body", e);
        }
    }

    /** Our T1/T2 on a new transaction (timer A/B/E/F derive from them, RFC 3261 section 17.1). */
    void applyTimers(ClientTransaction tx) {
        tx.setRetransmitTimer((int) config.timers().t1().toMillis());
        if (tx instanceof TransactionExt ext) {
            ext.setTimerT2((int) config.timers().t2().toMillis());
        }
    }

    /** The body as text, or null when there is none. */
    static String body(Message m) {
        byte[] raw = m.getRawContent();
        return raw == null || raw.length == 0 ? null : new String(raw, StandardCharsets.UTF_8);
    }

    /** The body when it is SDP, else null. */
    static String sdp(Message m) {
        ContentTypeHeader ct = (ContentTypeHeader) m.getHeader(ContentTypeHeader.NAME);
        if (ct == null
                || !"application".equalsIgnoreCase(ct.getContentType())
                || !"sdp".equalsIgnoreCase(ct.getContentSubType())) {
            return null;
        }
        return body(m);
    }
}
