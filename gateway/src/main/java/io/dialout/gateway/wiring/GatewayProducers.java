package io.dialout.gateway.wiring;

import io.dialout.gateway.call.CallDefaults;
import io.dialout.gateway.call.CallRegistry;
import io.dialout.gateway.call.CallServices;
import io.dialout.gateway.config.LimitsSettings;
import io.dialout.gateway.config.SipSettings;
import io.dialout.gateway.dialplan.Router;
import io.dialout.gateway.metrics.GatewayMetrics;
import io.dialout.gateway.sip.SipUserAgent;
import io.dialout.media.MediaEngine;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Wires the plain (CDI-free) call layer to the configuration. */
@Singleton
public class GatewayProducers {

    /** The pool the calls' serial executors run on: their tasks are short and never wait on the network. */
    @Produces
    @Singleton
    @CallPool
    ExecutorService callPool() {
        int n = Math.max(2, Runtime.getRuntime().availableProcessors());
        ThreadPoolExecutor pool =
                new ThreadPoolExecutor(n, n, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads("call-"));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    void closeCallPool(@Disposes @CallPool ExecutorService pool) {
        pool.shutdown();
    }

    @Produces
    @Singleton
    @CallTimers
    ScheduledExecutorService timers() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, threads("call-timer-"));
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    void closeTimers(@Disposes @CallTimers ScheduledExecutorService timers) {
        timers.shutdownNow();
    }

    @Produces
    @Singleton
    CallRegistry registry() {
        return new CallRegistry();
    }

    @Produces
    @Singleton
    GatewayMetrics metrics(MeterRegistry meters, CallRegistry registry) {
        return new GatewayMetrics(meters, registry::size);
    }

    /** Created at start-up, so a SIP or media port that cannot be bound fails the start, not the first dial. */
    @Produces
    @Singleton
    @Startup
    CallServices services(
            MediaEngine media,
            SipUserAgent sip,
            Router router,
            CallRegistry registry,
            GatewayMetrics metrics,
            LimitsSettings limits,
            SipSettings sipSettings,
            @CallPool ExecutorService pool,
            @CallTimers ScheduledExecutorService timers) {
        return new CallServices(
                media,
                sip,
                router,
                registry,
                metrics,
                new CallDefaults(limits.ringTimeout(), limits.maxDuration(), sipSettings.fromUser()),
                pool,
                timers);
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
