package io.dialout.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One room's call through Janus's SIP plugin, in the order a Janus web client plays it: create a session, attach
 * {@code janus.plugin.sip}, {@code register} as a guest (no REGISTER goes out; the plugin only records an identity),
 * then {@code call} the SIP URI with the room's offer as JSEP; events come from the session's long poll
 * ({@code calling}, {@code progress}, {@code accepted} with Janus's answer, {@code hangup}); a keepalive every 25 s
 * (the session times out after 60 s without a request); at the end {@code hangup}, then {@code destroy}.
 * <p>
 * Listener methods run on the API's callback threads.
 */
final class JanusCall {
    /** What the run learns from the call (mapped onto the same report fields as the gateway's WebSocket states). */
    interface Listener {
        void registered(JanusCall call);

        /** The plugin sent the INVITE. */
        void calling(JanusCall call);

        /** 200 OK from the callee: Janus's WebRTC answer. */
        void accepted(JanusCall call, String answerSdp);

        /** The call is over (hangup event, error, or the session is gone); reason for the report. */
        void ended(JanusCall call, String reason);
    }

    private static final long KEEPALIVE_SECONDS = 25;
    /** -Dloadgen.janus.trace=true prints every Janus event (debugging a run). */
    private static final boolean TRACE = Boolean.getBoolean("loadgen.janus.trace");

    final String callId;
    private final JanusApi api;
    private final Listener listener;
    private volatile long session;
    private volatile long handle;
    private volatile boolean closed;
    private volatile boolean ended;
    private volatile boolean localHangup;
    private volatile ScheduledFuture<?> keepalive;

    JanusCall(String callId, JanusApi api, Listener listener) {
        this.callId = callId;
        this.api = api;
        this.listener = listener;
    }

    /** create + attach + guest register; {@link Listener#registered} (or ended) follows. */
    void register() {
        api.post("", api.request("create"))
                .thenCompose(r -> {
                    session = data(r).path("id").asLong();
                    return api.post("/" + session, api.request("attach").put("plugin", "janus.plugin.sip"));
                })
                .thenAccept(r -> {
                    handle = data(r).path("id").asLong();
                    keepalive = api.timer.scheduleAtFixedRate(
                            this::keepalive, KEEPALIVE_SECONDS, KEEPALIVE_SECONDS, TimeUnit.SECONDS);
                    poll();
                    ObjectNode body = JanusApi.JSON
                            .createObjectNode()
                            .put("request", "register")
                            .put("type", "guest")
                            .put("username", "sip:" + callId + "@127.0.0.1");
                    message(body, null);
                })
                .exceptionally(e -> fail("janus-setup:" + rootMessage(e)));
    }

    /** Places the call: the offer goes to Janus as JSEP, the plugin turns it into a plain-RTP SIP offer. */
    void call(String uri, String offerSdp) {
        ObjectNode body =
                JanusApi.JSON.createObjectNode().put("request", "call").put("uri", uri);
        ObjectNode jsep = JanusApi.JSON.createObjectNode().put("type", "offer").put("sdp", offerSdp);
        message(body, jsep);
    }

    void hangup() {
        localHangup = true;
        if (ended || handle == 0) {
            destroy();
            return;
        }
        message(JanusApi.JSON.createObjectNode().put("request", "hangup"), null);
    }

    private void message(ObjectNode body, ObjectNode jsep) {
        ObjectNode m = api.request("message").set("body", body);
        if (jsep != null) {
            m.set("jsep", jsep);
        }
        api.post("/" + session + "/" + handle, m)
                .thenAccept(r -> {
                    if (r.path("janus").asText().equals("error")) {
                        fail("janus-error:" + r.path("error").path("code").asText());
                    }
                })
                .exceptionally(e -> fail("janus-http:" + rootMessage(e)));
    }

    private void keepalive() {
        if (!closed && session != 0) {
            api.post("/" + session, api.request("keepalive")).exceptionally(e -> null);
        }
    }

    private void poll() {
        if (closed) {
            return;
        }
        api.poll(session)
                .thenAccept(events -> {
                    if (events.isArray()) {
                        events.forEach(this::onEvent);
                    } else {
                        onEvent(events);
                    }
                    poll();
                })
                .exceptionally(e -> {
                    if (!closed) {
                        fail("janus-poll:" + rootMessage(e));
                    }
                    return null;
                });
    }

    private void onEvent(JsonNode e) {
        if (TRACE) {
            System.err.println(callId + " <- " + e);
        }
        switch (e.path("janus").asText()) {
            case "event" -> onPluginEvent(e);
            case "hangup" -> end("janus-hangup:" + e.path("reason").asText()); // the PeerConnection went down
            case "timeout" -> end("janus-session-timeout");
            case "error" -> fail("janus-error:" + e.path("error").path("code").asText());
            default -> {} // keepalive, ack, webrtcup, media, slowlink: not measured
        }
    }

    private void onPluginEvent(JsonNode e) {
        JsonNode data = e.path("plugindata").path("data");
        if (data.has("error_code")) {
            fail("sip-plugin-error:" + data.path("error_code").asText());
            return;
        }
        JsonNode result = data.path("result");
        switch (result.path("event").asText()) {
            case "registered" -> listener.registered(this);
            case "registration_failed" ->
                fail("sip-registration-failed:" + result.path("code").asText());
            case "calling" -> listener.calling(this);
            case "accepted" -> {
                JsonNode jsep = e.path("jsep");
                if (!jsep.path("sdp").isTextual()) {
                    fail("janus-accepted-without-jsep");
                    return;
                }
                listener.accepted(this, jsep.path("sdp").asText());
            }
            case "hangup" ->
                end("sip-" + result.path("code").asText() + ":"
                        + result.path("reason").asText());
            default -> {} // progress, ringing, proceeding, updatingcall: nothing to measure
        }
    }

    private Void fail(String reason) {
        end(reason);
        return null;
    }

    private synchronized void end(String reason) {
        if (ended) {
            return;
        }
        ended = true;
        listener.ended(this, reason);
        destroy();
    }

    /** Destroys the session (Janus detaches the handle and hangs up whatever is left). */
    private void destroy() {
        if (closed) {
            return;
        }
        closed = true;
        ScheduledFuture<?> k = keepalive;
        if (k != null) {
            k.cancel(false);
        }
        if (session != 0) {
            api.post("/" + session, api.request("destroy")).exceptionally(e -> null);
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** We asked for the hangup (the run's end or a churn call's life): not a failure. */
    boolean localHangup() {
        return localHangup;
    }

    private static JsonNode data(JsonNode reply) {
        if (!reply.path("janus").asText().equals("success")) {
            throw new IllegalStateException(reply.path("error").path("reason").asText("no success"));
        }
        return reply.path("data");
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null) {
            e = e.getCause();
        }
        return e.getClass().getSimpleName();
    }
}
