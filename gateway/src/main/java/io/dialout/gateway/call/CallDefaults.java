package io.dialout.gateway.call;

import java.time.Duration;

/**
 * Per-call settings the client may leave out.
 *
 * @param ringTimeout  how long to wait for the answer before CANCEL
 * @param maxDuration  how long an answered call may last before BYE
 * @param fromUser     the From user part when the dial names none
 */
public record CallDefaults(Duration ringTimeout, Duration maxDuration, String fromUser) {}
