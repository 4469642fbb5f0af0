package io.dialout.gateway.dialplan;

/**
 * Decides where a dial's {@code to} goes: a {@link Route} (the INVITE's Request-URI, trunk and SIP-leg options) or a
 * {@link Refusal}. The {@link DialPlan} is the gateway's router; another may sit in front of it (the demo's does).
 */
@FunctionalInterface
public interface Router {

    Routing route(String to);
}
