/**
 * The CDI wiring: producers that build the plain (CDI-free) parts of the gateway from the settings in {@link
 * io.dialout.gateway.config}: the media engine ({@link io.dialout.gateway.wiring.MediaProducer}), the SIP user agent
 * ({@link io.dialout.gateway.wiring.SipProducer}), and the call layer with its shared pools ({@link
 * io.dialout.gateway.wiring.GatewayProducers}, qualified by {@link io.dialout.gateway.wiring.CallPool} and {@link
 * io.dialout.gateway.wiring.CallTimers}), and the call event sinks: webhooks and the CDR
 * ({@link io.dialout.gateway.wiring.WebhookProducer}). Nothing else here: no logic beyond construction and disposal.
 */
package io.dialout.gateway.wiring;
