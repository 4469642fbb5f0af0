package io.dialout.gateway.dialplan;

/** The outcome of {@link Router#route(String)}: a {@link Route} or a {@link Refusal}. */
public sealed interface Routing permits Route, Refusal {}
