/**
 * The SIP user agent client of the dial-out gateway (plain Java, JAIN-SIP inside, no Quarkus/CDI here).
 *
 * <p>The call layer codes against {@link io.dialout.gateway.sip.SipUserAgent}, {@link io.dialout.gateway.sip.InviteRequest},
 * {@link io.dialout.gateway.sip.Trunk}, {@link io.dialout.gateway.sip.OutboundCall},
 * {@link io.dialout.gateway.sip.SipCallListener}, {@link io.dialout.gateway.sip.ReInviteResponder} and
 * {@link io.dialout.gateway.sip.SipFailure}; {@link io.dialout.gateway.sip.JainSipUserAgent} is the implementation,
 * configured by {@link io.dialout.gateway.sip.SipUserAgentConfig}.
 *
 * <p>The gateway only dials out: an INVITE outside a dialog is answered 403 Forbidden ("Dial-out only"), other
 * requests outside a dialog 405 (OPTIONS, used as a keep-alive by trunks, gets 200): to trusted sources only, within a
 * per-source rate limit; {@link io.dialout.gateway.sip.ingress} drops the rest unanswered and bounds TCP connections,
 * message sizes and what malformed messages make us log.
 */
package io.dialout.gateway.sip;
