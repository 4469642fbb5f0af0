package io.dialout.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code gateway.limits.*}: caps and timeouts. Checked at start-up by {@link SettingsValidator}. */
@ConfigMapping(prefix = "gateway.limits")
public interface LimitsSettings {

    /** Calls in progress at once; a dial beyond it gets {@code error busy}. */
    @WithDefault("200")
    int maxCalls();

    /** Calls in progress at once on one WebSocket connection; a dial beyond it gets {@code error busy}. */
    @WithDefault("100")
    int callsPerConnection();

    /** Calls in progress at once under one token (auth on), over all its connections. */
    @WithDefault("200")
    int callsPerToken();

    /** Sustained dials per second allowed on one connection, and under one token (token bucket). */
    @WithDefault("10")
    double dialRate();

    /** Dials allowed at once above the rate (the bucket's size). */
    @WithDefault("20")
    int dialBurst();

    /**
     * Sustained client messages per second on one WebSocket connection (token bucket); a message beyond it gets
     * {@code error busy} unparsed; refusals count as a debt paid off at the same rate, and the connection is closed
     * (1008) when the debt reaches {@link #messageBurst()} (a client sending at more than twice the rate).
     */
    @WithDefault("100")
    double messageRate();

    /** Client messages allowed at once above {@link #messageRate()} (the bucket's size). */
    @WithDefault("500")
    int messageBurst();

    /** Longest WebSocket text message accepted, in characters; a longer one gets {@code error bad-request}. */
    @WithDefault("65536")
    int maxMessageSize();

    /** Ring timeout when the dial gives none. */
    @WithDefault("60s")
    Duration ringTimeout();

    /** Largest {@code ringTimeoutSec} a dial may ask for. */
    @WithDefault("300")
    int maxRingTimeoutSec();

    /** Maximum duration of an answered call when the dial gives none. */
    @WithDefault("4h")
    Duration maxDuration();

    /** Largest {@code maxDurationSec} a dial may ask for. */
    @WithDefault("86400")
    int maxDurationLimitSec();

    /**
     * Once no call has existed for this long, the gateway runs one full collection and trims the C heap, handing the
     * memory its busy period grew back to the system (again after every busy period); 0 turns it off.
     */
    @WithDefault("5s")
    Duration idleMemoryRelease();

    /** On shutdown, how long calls in progress may continue before they end with cause {@code shutdown}. */
    @WithDefault("30s")
    Duration shutdownGrace();
}
