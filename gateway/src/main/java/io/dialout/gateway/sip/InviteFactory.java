package io.dialout.gateway.sip;

import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.InvalidArgumentException;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.RouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;

/** Builds the initial INVITE of a call (RFC 3261 section 8.1.1 and 13.2.1). */
final class InviteFactory {

    private final SipContext ctx;

    InviteFactory(SipContext ctx) {
        this.ctx = ctx;
    }

    Request create(InviteRequest r) {
        try {
            return build(r);
        } catch (ParseException | InvalidArgumentException e) {
            throw new IllegalArgumentException("cannot build the INVITE: " + e.getMessage(), e);
        }
    }

    private Request build(InviteRequest r) throws ParseException, InvalidArgumentException {
        URI parsed = ctx.addresses().createURI(r.requestUri());
        if (!(parsed instanceof SipURI target)) {
            throw new IllegalArgumentException("not a sip: or sips: URI: " + r.requestUri());
        }
        String transport = r.trunk().transport();
        String fromUser = r.fromUser() == null || r.fromUser().isBlank() ? "gateway" : r.fromUser();

        SipURI toUri = (SipURI) target.clone();
        toUri.removeParameter("transport");
        ToHeader to = ctx.headers().createToHeader(ctx.addresses().createAddress(toUri), null);

        CallerIdentity identity = r.identity();
        String fromHost = identity != null && identity.fromHost() != null
                ? identity.fromHost()
                : ctx.config().advertisedAddress();
        Address fromAddress;
        if (identity != null && identity.anonymousFrom()) {
            // RFC 3323 section 4.1.1.3: the anonymous From of a user agent asking for privacy
            fromAddress = ctx.addresses().createAddress("\"Anonymous\" <sip:anonymous@anonymous.invalid>");
        } else {
            fromAddress = ctx.addresses().createAddress(ctx.addresses().createSipURI(fromUser, fromHost));
            if (r.fromDisplayName() != null && !r.fromDisplayName().isBlank()) {
                fromAddress.setDisplayName(quotedDisplayName(r.fromDisplayName()));
            }
        }
        FromHeader from = ctx.headers().createFromHeader(fromAddress, newTag());

        CallIdHeader callId = ctx.provider().getNewCallId();
        CSeqHeader cseq = ctx.headers().createCSeqHeader(1L, Request.INVITE);
        // the branch is added by the stack when the client transaction is created (RFC 3261 section 8.1.1.7)
        ViaHeader via = ctx.headers()
                .createViaHeader(ctx.config().advertisedAddress(), ctx.portFor(transport), transport, null);
        via.setRPort();
        MaxForwardsHeader maxForwards = ctx.headers().createMaxForwardsHeader(70);

        SipURI requestUri = (SipURI) target.clone();
        RouteHeader route = null;
        if (r.trunk().outboundProxy() != null && !r.trunk().outboundProxy().isBlank()) {
            route = ctx.headers().createRouteHeader(proxyAddress(r.trunk()));
        } else if ("tcp".equals(transport) && requestUri.getTransportParam() == null) {
            // without a Route the stack picks the transport from the Request-URI (RFC 3263 section 4.1)
            requestUri.setTransportParam("tcp");
        } else if ("tls".equals(transport) && !requestUri.isSecure() && requestUri.getTransportParam() == null) {
            requestUri.setTransportParam("tls");
        }

        Request invite = ctx.messages()
                .createRequest(requestUri, Request.INVITE, callId, cseq, from, to, List.of(via), maxForwards);
        if (route != null) {
            invite.addHeader(route);
        }
        invite.addHeader(ctx.contact(fromUser, transport));
        invite.addHeader(ctx.userAgent());
        ctx.addAllow(invite);
        // RFC 3262 section 4 (reliable provisionals, PRACK) and RFC 4028 section 7.1 (session timers, our interval)
        invite.addHeader(ctx.header("Supported", "100rel"));
        invite.addHeader(ctx.header("Supported", "timer"));
        SessionTimer.Settings timer = ctx.config().sessionTimer();
        invite.addHeader(ctx.header(SessionRefresh.SESSION_EXPIRES, String.valueOf(timer.sessionExpires())));
        invite.addHeader(ctx.header(SessionRefresh.MIN_SE, String.valueOf(timer.minSe())));
        if (identity != null) {
            addIdentity(invite, identity);
        }
        for (Map.Entry<String, String> x : r.xHeaders().entrySet()) {
            invite.addHeader(ctx.header(x.getKey(), x.getValue()));
        }
        ctx.setBody(invite, "application/sdp", r.sdpOffer());
        return invite;
    }

    /**
     * An INVITE sent for a transfer (RFC 3515 section 2.4.4): {@code Replaces} (RFC 3891 section 3) and
     * {@code Referred-By} (RFC 3892 section 3) added; unchanged when {@code transfer} is null.
     */
    static Request withTransfer(SipContext ctx, Request invite, TransferHeaders transfer) {
        if (transfer == null) {
            return invite;
        }
        if (transfer.replaces() != null) {
            invite.addHeader(ctx.header("Replaces", transfer.replaces()));
            invite.addHeader(ctx.header("Supported", "replaces"));
        }
        if (transfer.referredBy() != null) {
            invite.addHeader(ctx.header("Referred-By", transfer.referredBy()));
        }
        return invite;
    }

    /**
     * RFC 3325 section 9.1/9.2 (P-Asserted-Identity or P-Preferred-Identity, a name-addr), RFC 3323 section 4.2
     * (Privacy) and RFC 5806 section 4 (Diversion). The URIs are parsed by the stack first, so a value the API layer
     * let through but the stack would not write back is refused here, not sent.
     */
    private void addIdentity(Request invite, CallerIdentity identity) throws ParseException {
        if (identity.assertedIdentity() != null) {
            ctx.addresses().createURI(identity.assertedIdentity());
            invite.addHeader(ctx.header(identity.identityHeader(), "<" + identity.assertedIdentity() + ">"));
        }
        if (identity.privacy() != null) {
            invite.addHeader(ctx.header("Privacy", identity.privacy()));
        }
        if (identity.diversion() != null) {
            String uri = identity.diversion().substring(1, identity.diversion().indexOf('>'));
            ctx.addresses().createURI(uri);
            invite.addHeader(ctx.header("Diversion", identity.diversion()));
        }
    }

    /** The outbound proxy as a loose-routing Route (RFC 3261 section 8.1.2, 16.12). */
    Address proxyAddress(Trunk trunk) throws ParseException {
        String hostPort = trunk.outboundProxy().trim();
        if (hostPort.regionMatches(true, 0, "sip:", 0, 4)) {
            hostPort = hostPort.substring(4);
        }
        String host = hostPort;
        int port = -1;
        int colon = hostPort.lastIndexOf(':');
        if (colon > 0 && hostPort.indexOf(']') < colon) {
            host = hostPort.substring(0, colon);
            port = Integer.parseInt(hostPort.substring(colon + 1));
        }
        SipURI uri = ctx.addresses().createSipURI(null, host);
        if (port > 0) {
            uri.setPort(port);
        }
        uri.setLrParam();
        if ("tcp".equals(trunk.transport()) || "tls".equals(trunk.transport())) {
            uri.setTransportParam(trunk.transport());
        }
        return ctx.addresses().createAddress(uri);
    }

    /**
     * The inside of an RFC 3261 section 25.1 quoted-string: {@code "} and {@code \} become quoted-pairs, and control
     * characters other than HTAB (which neither qdtext nor a quoted-pair may carry: CR and LF would end the header)
     * are dropped. The stack writes the surrounding quotes but escapes nothing itself, so an unescaped quote made a
     * From that the far end echoes back and that the stack then cannot parse.
     */
    static String quotedDisplayName(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c == '\t' || (c >= 0x20 && c != 0x7f)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    static String newTag() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }
}
