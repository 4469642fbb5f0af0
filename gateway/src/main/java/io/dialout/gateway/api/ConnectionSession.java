package io.dialout.gateway.api;

import io.dialout.gateway.auth.AllowList;
import io.dialout.gateway.auth.DialQuota;
import io.dialout.gateway.call.Call;
import io.dialout.gateway.call.CallServices;
import io.dialout.gateway.call.ClientLink;
import io.dialout.gateway.call.DialRequest;
import io.dialout.gateway.call.StateReport;
import io.dialout.gateway.health.Drain;
import io.dialout.gateway.lifecycle.CallEvents;
import io.dialout.gateway.lifecycle.ObservedLink;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The calls of one WebSocket connection, by the client's callId, and the dispatch of its messages to them. When the
 * connection closes every call it controls is hung up at once (API.md: within 2 s).
 */
final class ConnectionSession {

    private final Consumer<String> out;
    private final ServerMessages messages;
    private final CallServices services;
    private final Drain drain;
    private final int maxCalls;
    private final AllowList allow;
    private final CallEvents events;
    private final DialQuota connectionQuota;
    private final DialQuota tokenQuota;
    private final Map<String, Call> calls = new ConcurrentHashMap<>();
    private volatile boolean closed;

    ConnectionSession(
            Consumer<String> out,
            ServerMessages messages,
            CallServices services,
            Drain drain,
            int maxCalls,
            AllowList allow,
            CallEvents events,
            DialQuota connectionQuota,
            DialQuota tokenQuota) {
        this.out = out;
        this.messages = messages;
        this.services = services;
        this.drain = drain;
        this.maxCalls = maxCalls;
        this.allow = allow;
        this.events = events;
        this.connectionQuota = connectionQuota;
        this.tokenQuota = tokenQuota;
    }

    void handle(ClientMessage m) throws BadMessage {
        if (m instanceof ClientMessage.Dial d) {
            dial(d.request());
            return;
        }
        Call call = calls.get(m.callId());
        if (call == null) {
            throw new BadMessage(ErrorCode.UNKNOWN_CALL, m.callId(), "no call '" + m.callId() + "' on this connection");
        }
        if (m instanceof ClientMessage.Hangup) {
            call.hangup("hangup by the client");
        } else if (m instanceof ClientMessage.Dtmf t) {
            call.sendDtmf(t.digits(), t.durationMs());
        } else if (m instanceof ClientMessage.Hold) {
            call.hold();
        } else if (m instanceof ClientMessage.Resume) {
            call.resume();
        } else if (m instanceof ClientMessage.Candidate c) {
            call.addCandidate(c.candidate(), c.sdpMid());
        } else if (m instanceof ClientMessage.Transfer t) {
            Call other = t.replacesCallId() == null ? null : calls.get(t.replacesCallId());
            if (t.replacesCallId() != null && other == null) {
                throw new BadMessage(
                        ErrorCode.UNKNOWN_CALL, m.callId(), "no call '" + t.replacesCallId() + "' on this connection");
            }
            call.transfer(t.target(), other);
        } else if (m instanceof ClientMessage.Offer o) {
            call.reoffer(o.sdp());
        }
    }

    private void dial(DialRequest d) throws BadMessage {
        if (calls.containsKey(d.callId())) {
            throw new BadMessage(
                    ErrorCode.DUPLICATE_CALL,
                    d.callId(),
                    "call '" + d.callId() + "' already exists on this connection");
        }
        if (!allow.permits(d.to())) {
            throw new BadMessage(ErrorCode.FORBIDDEN, d.callId(), "the token does not allow dialling " + d.to());
        }
        if (drain.isDraining()) {
            throw new BadMessage(ErrorCode.BUSY, d.callId(), "the gateway is draining; dial another instance");
        }
        acquireQuotas(d.callId());
        // The platform sees each step the room sees (webhooks, CDR): the room's link is observed.
        ObservedLink link = events.observe(new Link(d.callId()), d);
        Call call = new Call(d, link, services);
        link.bind(call.id(), call::snapshot);
        call.allowDestinations(allow::permits); // transfer targets too (RFC 3515 REFER, the room's transfer)
        if (calls.putIfAbsent(d.callId(), call) != null) {
            releaseQuotas();
            throw new BadMessage(
                    ErrorCode.DUPLICATE_CALL,
                    d.callId(),
                    "call '" + d.callId() + "' already exists on this connection");
        }
        if (!services.registry().tryAdd(call, maxCalls)) {
            calls.remove(d.callId(), call);
            releaseQuotas();
            throw new BadMessage(ErrorCode.BUSY, d.callId(), "the gateway is at its limit of " + maxCalls + " calls");
        }
        if (closed) { // the connection closed while we were admitting the call
            call.controllerGone();
        }
        call.start();
    }

    /** The per-connection and per-token caps and dial rates (issue 14: one client must not take the gateway). */
    private void acquireQuotas(String callId) throws BadMessage {
        long now = System.nanoTime();
        String over = connectionQuota.tryAcquire(now);
        if (over != null) {
            throw new BadMessage(ErrorCode.BUSY, callId, "this connection's limit: " + over);
        }
        if (tokenQuota != null && (over = tokenQuota.tryAcquire(now)) != null) {
            connectionQuota.release();
            throw new BadMessage(ErrorCode.BUSY, callId, "this token's limit: " + over);
        }
    }

    private void releaseQuotas() {
        connectionQuota.release();
        if (tokenQuota != null) {
            tokenQuota.release();
        }
    }

    /** The WebSocket closed: every call of this connection ends with cause controller-gone. */
    void closeAll() {
        closed = true;
        for (Call c : List.copyOf(calls.values())) {
            c.controllerGone();
        }
    }

    void send(String text) {
        out.accept(text);
    }

    /** The client side of one call: its messages, tagged with its callId. */
    private final class Link implements ClientLink {
        private final String callId;

        Link(String callId) {
            this.callId = callId;
        }

        @Override
        public void answer(String sdp) {
            send(messages.answer(callId, sdp));
        }

        @Override
        public void state(StateReport report) {
            send(messages.state(callId, report));
        }

        @Override
        public void dtmf(char digit) {
            send(messages.dtmf(callId, digit));
        }

        @Override
        public void transfer(io.dialout.gateway.call.TransferReport report) {
            send(messages.transfer(callId, report));
        }

        @Override
        public void speaker(String mid, String msid) {
            send(messages.speaker(callId, mid, msid));
        }

        @Override
        public void rejected(String message) {
            send(messages.error(callId, ErrorCode.BAD_REQUEST, message));
        }

        @Override
        public void busy(String message) {
            send(messages.error(callId, ErrorCode.BUSY, message));
        }

        @Override
        public void released() {
            if (calls.remove(callId) != null) {
                releaseQuotas();
            }
        }
    }
}
