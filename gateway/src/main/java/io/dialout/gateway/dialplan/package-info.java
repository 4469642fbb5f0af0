/**
 * The dial plan: pure functions from a dial's {@code to} to a SIP Request-URI and trunk, or a refusal.
 *
 * <p>{@link io.dialout.gateway.dialplan.DialPlan#route(String)} accepts a {@code sip:}/{@code sips:} URI (validated,
 * passed through, its host optionally mapped to a trunk by a {@link io.dialout.gateway.dialplan.HostRule}), or a
 * {@code tel:} URI / E.164 / national number, normalised ({@link io.dialout.gateway.dialplan.PhoneNumbers}) and turned
 * into {@code sip:+15551234567@trunk-host} by the first matching {@link io.dialout.gateway.dialplan.NumberRule}.
 * {@link io.dialout.gateway.dialplan.AccessPolicy} allow/deny patterns (deny wins) are checked on normalised
 * subjects (unescaped user parts, every reading of a number, every address a host means: {@code HostAddresses}); hosts
 * the client chooses must resolve ({@link io.dialout.gateway.dialplan.HostResolver}) to addresses the
 * {@link io.dialout.gateway.dialplan.NetworkPolicy} allows. {@link io.dialout.gateway.dialplan.InDialogTargetPolicy}
 * is the same judgement for the SIP layer's in-dialog requests.
 *
 * <p>The outcome is one of two types the whole gateway uses: a {@link io.dialout.gateway.dialplan.Route} (with the
 * trunk's SIP-leg options: SRTP, G.711 only, video) or a {@link io.dialout.gateway.dialplan.Refusal}. The call asks a
 * {@link io.dialout.gateway.dialplan.Router}; the dial plan is one, built from {@code gateway.dialplan.*} by
 * {@link io.dialout.gateway.dialplan.DialPlanFactory}, and {@link io.dialout.gateway.dialplan.RouterProducer} puts the
 * demo's router in front of it.
 */
package io.dialout.gateway.dialplan;
