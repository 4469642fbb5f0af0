package io.dialout.gateway.call;

import io.dialout.gateway.dialplan.Router;
import io.dialout.gateway.metrics.GatewayMetrics;
import io.dialout.gateway.sip.SipUserAgent;
import io.dialout.media.MediaEngine;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every call uses, shared by all of them.
 *
 * @param pool   the shared pool the calls' serial executors run on
 * @param timers schedules timeouts; a fired timer only posts an event to the call's executor
 */
public record CallServices(
        MediaEngine media,
        SipUserAgent sip,
        Router router,
        CallRegistry registry,
        GatewayMetrics metrics,
        CallDefaults defaults,
        Executor pool,
        ScheduledExecutorService timers) {}
