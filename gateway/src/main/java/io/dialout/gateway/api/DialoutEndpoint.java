package io.dialout.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dialout.gateway.auth.AllowList;
import io.dialout.gateway.auth.DialQuota;
import io.dialout.gateway.auth.TokenIdentity;
import io.dialout.gateway.auth.TokenQuotas;
import io.dialout.gateway.auth.TokenUpgradeCheck;
import io.dialout.gateway.call.CallServices;
import io.dialout.gateway.config.LimitsSettings;
import io.dialout.gateway.health.Drain;
import io.dialout.gateway.lifecycle.CallEvents;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The client API: WebSocket at /v1/dialout, one JSON object per text frame (API.md). Callbacks run on the
 * connection's event loop, one at a time and in order, and only parse and post: the calls do their work on their own
 * executors.
 */
@WebSocket(path = "/v1/dialout")
public class DialoutEndpoint {

    private static final Logger LOG = Logger.getLogger(DialoutEndpoint.class);

    @Inject
    CallServices services;

    @Inject
    Drain drain;

    @Inject
    LimitsSettings limits;

    @Inject
    ObjectMapper json;

    @Inject
    CallEvents events;

    @Inject
    TokenQuotas tokenQuotas;

    private final Map<String, ConnectionSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, MessageRate> rates = new ConcurrentHashMap<>();
    private volatile MessageParser parser;
    private volatile ServerMessages messages;

    @OnOpen
    @NonBlocking
    void open(WebSocketConnection connection) {
        AllowList allow = connection.userData().get(TokenUpgradeCheck.ALLOW);
        TokenIdentity token = connection.userData().get(TokenUpgradeCheck.TOKEN);
        long now = System.nanoTime();
        rates.put(connection.id(), new MessageRate(limits.messageRate(), limits.messageBurst(), now));
        sessions.put(
                connection.id(),
                new ConnectionSession(
                        text -> send(connection, text),
                        messages(),
                        services,
                        drain,
                        limits.maxCalls(),
                        allow == null ? AllowList.ANY : allow,
                        events,
                        new DialQuota(limits.callsPerConnection(), limits.dialRate(), limits.dialBurst(), now),
                        token == null ? null : tokenQuotas.forToken(token)));
    }

    @OnTextMessage
    @NonBlocking
    void message(String text, WebSocketConnection connection) {
        ConnectionSession session = sessions.get(connection.id());
        if (session == null || !withinRate(session, connection)) {
            return;
        }
        try {
            session.handle(parser().parse(text));
        } catch (BadMessage e) {
            session.send(messages().error(e.callId(), e.code(), e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("failed to handle a client message", e);
            session.send(messages().error(null, ErrorCode.BAD_REQUEST, "internal error: " + e));
        }
    }

    /**
     * Issue 14: the connection's message rate. A message beyond it is not parsed and gets {@code error busy} (no
     * callId: it was not read); when the refusals outrun the rate by the burst, the connection is closed with
     * 1008 (RFC 6455 section 7.4.1, policy violation), which ends its calls (controller-gone).
     */
    private boolean withinRate(ConnectionSession session, WebSocketConnection connection) {
        MessageRate rate = rates.get(connection.id());
        if (rate == null) {
            return true;
        }
        MessageRate.Verdict v = rate.admit(System.nanoTime());
        if (v == MessageRate.Verdict.ACCEPT) {
            return true;
        }
        if (v == MessageRate.Verdict.DROP) {
            return false;
        }
        session.send(messages().error(null, ErrorCode.BUSY, "message rate limit: " + rate.describe()));
        if (v == MessageRate.Verdict.CLOSE) {
            LOG.infof("closing WebSocket %s: it kept sending above the message rate", connection.id());
            // its calls end now (API.md: within 2 s of the close), not after the messages still queued on the socket
            session.closeAll();
            connection
                    .close(new CloseReason(1008, "message rate exceeded"))
                    .subscribe()
                    .with(ok -> {}, f -> {});
        }
        return false;
    }

    /**
     * A message beyond the transport limit (1 MiB, quarkus.websockets-next.server.max-message-size) fails in Vert.x's
     * frame aggregator before it reaches {@link #message}. The client gets an {@code error}, then the connection is
     * closed with 1009 (RFC 6455 section 7.4.1, message too big): the rest of that message cannot be skipped.
     */
    @OnError
    @NonBlocking
    void failure(IllegalStateException e, WebSocketConnection connection) {
        ConnectionSession session = sessions.get(connection.id());
        if (session != null) {
            session.send(messages().error(null, ErrorCode.BAD_REQUEST, "message too big: " + e.getMessage()));
        }
        connection.close(new CloseReason(1009, "message too big")).subscribe().with(ok -> {}, f -> {});
    }

    @OnClose
    @NonBlocking
    void close(WebSocketConnection connection) {
        rates.remove(connection.id());
        ConnectionSession session = sessions.remove(connection.id());
        if (session != null) {
            session.closeAll();
        }
    }

    private static void send(WebSocketConnection connection, String text) {
        if (connection.isClosed()) {
            return;
        }
        connection
                .sendText(text)
                .subscribe()
                .with(ok -> {}, failure -> LOG.debugf("send to %s failed: %s", connection.id(), failure.getMessage()));
    }

    private MessageParser parser() {
        MessageParser p = parser;
        if (p == null) {
            p = new MessageParser(
                    json,
                    new MessageLimits(
                            limits.maxMessageSize(), limits.maxRingTimeoutSec(), limits.maxDurationLimitSec()));
            parser = p;
        }
        return p;
    }

    private ServerMessages messages() {
        ServerMessages m = messages;
        if (m == null) {
            m = new ServerMessages(json);
            messages = m;
        }
        return m;
    }
}
